package io.corral.node;

import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.core.ConfigMapKeySelector;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerPort;
import io.corral.api.model.core.EnvFromSource;
import io.corral.api.model.core.EnvVar;
import io.corral.api.model.core.EnvVarSource;
import io.corral.api.model.core.KeyToPath;
import io.corral.api.model.core.LocalObjectReference;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodDNSConfig;
import io.corral.api.model.core.PodDNSConfigOption;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.ResourceFieldSelector;
import io.corral.api.model.core.ResourceRequirements;
import io.corral.api.model.core.Secret;
import io.corral.api.model.core.SecretKeySelector;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.quantity.Quantity;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.DnsConfig;
import io.corral.runtime.spi.ImagePullPolicy;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PortMapping;
import io.corral.runtime.spi.PreparedFile;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.Resources;
import io.corral.runtime.spi.RestartPolicy;
import io.corral.runtime.spi.Volume;
import io.corral.runtime.spi.VolumeMount;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Turns a model {@link Pod} into the runtime's {@link PodDescription}, resolving what the pod
 * refers to through {@link PodResources}: environment ({@code value} with {@code $(VAR)} expansion,
 * {@code secretKeyRef}, {@code configMapKeyRef}, {@code fieldRef}, {@code resourceFieldRef},
 * {@code envFrom} with prefix, and the service variables of the pod's namespace), commands and
 * arguments with {@code $(VAR)} expansion, ports, resources (quantities → millicores and bytes),
 * volumes (emptyDir, hostPath, secret and configMap as prepared files, persistentVolumeClaim as a
 * persistent directory), mounts, hostname, DNS (the policies and {@code dnsConfig} as kubelet maps
 * them; ClusterFirst: the cluster DNS servers and the search path
 * {@code <ns>.svc.<domain> svc.<domain> <domain>}, {@code ndots:5}), restart policy,
 * grace period, pull policy and pull secrets.
 *
 * <p>Stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PodDescriptions {
    /** Kubernetes' default mode of secret and config map files (0644). */
    public static final int DEFAULT_FILE_MODE = 0644;
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private static final int MAX_NAMESERVERS = 3;
    private static final int MAX_SEARCHES = 32;

    private final String clusterDomain;
    private final List<String> clusterDnsServers;
    private final Supplier<DnsConfig> hostResolver;

    /**
     * Without knowledge of the node's resolver: pods using it get the runtime's default
     * ({@link DnsConfig#DEFAULT}), and a {@code dnsConfig} is added to an empty configuration.
     *
     * @param clusterDomain     the cluster DNS domain, e.g. {@code cluster.local}; non-blank
     * @param clusterDnsServers the cluster DNS servers; empty makes ClusterFirst pods use the node's resolver
     */
    public PodDescriptions(String clusterDomain, List<String> clusterDnsServers) {
        this(clusterDomain, clusterDnsServers, () -> DnsConfig.DEFAULT);
    }

    /**
     * @param clusterDomain     the cluster DNS domain, e.g. {@code cluster.local}; non-blank
     * @param clusterDnsServers the cluster DNS servers; empty makes ClusterFirst pods use the node's resolver
     * @param hostResolver      the node's own resolver configuration (kubelet's {@code --resolv-conf}):
     *                          its search domains follow the cluster ones, and it is the base a
     *                          {@code dnsConfig} is added to for pods on the node's resolver; called
     *                          at most once, lazily, from any thread
     */
    public PodDescriptions(String clusterDomain, List<String> clusterDnsServers, Supplier<DnsConfig> hostResolver) {
        this.clusterDomain = Objects.requireNonNull(clusterDomain, "clusterDomain");
        this.clusterDnsServers = List.copyOf(clusterDnsServers);
        Objects.requireNonNull(hostResolver, "hostResolver");
        this.hostResolver = new Supplier<>() {
            private volatile DnsConfig value;

            @Override
            public DnsConfig get() {
                DnsConfig v = value;
                if (v == null) {
                    v = Objects.requireNonNull(hostResolver.get(), "hostResolver.get()");
                    value = v;
                }
                return v;
            }
        };
    }

    /** With the domain and servers of the agent's configuration and the node's {@code /etc/resolv.conf}. */
    public PodDescriptions(NodeAgentConfig config) {
        this(config.clusterDomain(), config.clusterDnsServers(), () -> ResolvConf.read(Path.of("/etc/resolv.conf")));
    }

    /**
     * Where the pod runs, for {@code fieldRef} and {@code resourceFieldRef}.
     *
     * @param podIp             the pod's IP; nullable when not known yet
     * @param hostIp            the node's IP; nullable
     * @param allocatableCpuMillis    the node's allocatable CPU, used for unset CPU limits
     * @param allocatableMemoryBytes  the node's allocatable memory, used for unset memory limits
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Context(String podIp, String hostIp, long allocatableCpuMillis, long allocatableMemoryBytes) {
        /** No pod IP, no host IP, no allocatable resources. */
        public static final Context NONE = new Context(null, null, 0, 0);
    }

    /**
     * The result of a translation.
     *
     * @param description     what the runtime runs; non-null
     * @param pullCredentials the credentials from the pod's image pull secrets; immutable
     * @param warnings        problems that do not stop the pod (a pull secret missing or malformed); immutable
     * @param usesPodIp       whether some environment variable refers to {@code status.podIP}
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Translation(PodDescription description, List<RegistryCredentials> pullCredentials,
                              List<String> warnings, boolean usesPodIp) {
        public Translation {
            Objects.requireNonNull(description, "description");
            pullCredentials = List.copyOf(pullCredentials);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Translates a pod.
     *
     * @param pod       the pod; must have a uid, a name, a namespace and a spec with containers
     * @param resources the lookups of what it refers to
     * @param context   where it runs
     * @throws PodConfigException when something it refers to is missing or invalid (the exception names the field)
     */
    public Translation describe(Pod pod, PodResources resources, Context context) {
        ObjectMeta meta = pod.metadata();
        PodSpec spec = pod.spec();
        if (spec == null) {
            throw new PodConfigException(PodConfigException.CREATE_CONTAINER_CONFIG_ERROR, "spec", null, "must be set");
        }
        String namespace = meta.namespace() == null ? "default" : meta.namespace();
        Translator t = new Translator(pod, namespace, resources, context);
        List<Volume> volumes = t.volumes();
        List<ContainerDescription> inits = new ArrayList<>();
        for (int i = 0; i < spec.initContainers().size(); i++) {
            inits.add(t.container(spec.initContainers().get(i), "spec.initContainers[" + i + "]"));
        }
        List<ContainerDescription> containers = new ArrayList<>();
        for (int i = 0; i < spec.containers().size(); i++) {
            containers.add(t.container(spec.containers().get(i), "spec.containers[" + i + "]"));
        }
        List<String> warnings = new ArrayList<>();
        List<RegistryCredentials> credentials = t.pullCredentials(warnings);
        PodDescription description;
        try {
            description = PodDescription.builder(meta.uid(), meta.name(), namespace)
                    .hostname(hostname(spec, meta.name()))
                    .labels(meta.labels())
                    .annotations(meta.annotations())
                    .restartPolicy(restartPolicy(spec.restartPolicy()))
                    .terminationGrace(Duration.ofSeconds(spec.terminationGracePeriodSeconds() == null ? 30
                            : Math.max(0, spec.terminationGracePeriodSeconds())))
                    .dnsConfig(dnsConfig(spec, namespace))
                    .hostNetwork(Boolean.TRUE.equals(spec.hostNetwork()))
                    .initContainers(inits)
                    .containers(containers)
                    .volumes(volumes)
                    .build();
        } catch (ContainerRuntimeException e) {
            throw new PodConfigException(PodConfigException.CREATE_CONTAINER_CONFIG_ERROR, "spec", null, e.getMessage());
        }
        return new Translation(description, credentials, warnings, t.usesPodIp);
    }

    private static String hostname(PodSpec spec, String podName) {
        String name = spec.hostname() != null && !spec.hostname().isEmpty() ? spec.hostname() : podName;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** Kubernetes' restart policy name → the runtime's; {@code Always} when unset. */
    static RestartPolicy restartPolicy(String policy) {
        if (policy == null || policy.isEmpty()) {
            return RestartPolicy.ALWAYS;
        }
        return switch (policy) {
            case "Always" -> RestartPolicy.ALWAYS;
            case "OnFailure" -> RestartPolicy.ON_FAILURE;
            case "Never" -> RestartPolicy.NEVER;
            default -> throw new PodConfigException(PodConfigException.CREATE_CONTAINER_CONFIG_ERROR,
                    "spec.restartPolicy", null, "unknown restart policy \"" + policy + "\"");
        };
    }

    /**
     * kubelet's mapping: {@code ClusterFirst} (the default; on the host network it means
     * {@code Default}) and {@code ClusterFirstWithHostNet} get the cluster DNS servers, the search path
     * {@code <ns>.svc.<domain> svc.<domain> <domain>} followed by the node's search domains, and
     * {@code ndots:5}; without cluster DNS servers they fall back to {@code Default}, the node's
     * resolver; {@code None} starts empty. A {@code dnsConfig} is then added: nameservers and searches
     * appended without duplicates, options replacing those of the same name; at most 3 nameservers
     * and 32 search domains are kept.
     */
    DnsConfig dnsConfig(PodSpec spec, String namespace) {
        String policy = spec.dnsPolicy() == null || spec.dnsPolicy().isEmpty() ? "ClusterFirst" : spec.dnsPolicy();
        boolean hostNetwork = Boolean.TRUE.equals(spec.hostNetwork());
        boolean cluster = switch (policy) {
            case "ClusterFirst" -> !hostNetwork;
            case "ClusterFirstWithHostNet" -> true;
            default -> false;
        };
        PodDNSConfig extra = spec.dnsConfig();
        DnsConfig base;
        if ("None".equals(policy)) {
            base = DnsConfig.DEFAULT;
        } else if (cluster && !clusterDnsServers.isEmpty()) {
            List<String> searches = new ArrayList<>(List.of(namespace + ".svc." + clusterDomain, "svc." + clusterDomain, clusterDomain));
            searches.addAll(hostResolver.get().searches());
            base = new DnsConfig(clusterDnsServers, searches, List.of("ndots:5"));
        } else if (extra == null) {
            return DnsConfig.DEFAULT; // the runtime's own copy of the node's resolver (Docker filters loopback servers)
        } else {
            base = hostResolver.get();
        }
        if (extra == null) {
            return limit(base);
        }
        List<String> nameservers = new ArrayList<>(new LinkedHashSet<>(concat(base.nameservers(), extra.nameservers())));
        List<String> searches = new ArrayList<>(new LinkedHashSet<>(concat(base.searches(), extra.searches())));
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : base.options()) {
            int colon = option.indexOf(':');
            options.put(colon < 0 ? option : option.substring(0, colon), option);
        }
        for (PodDNSConfigOption option : extra.options()) {
            options.put(option.name(), option.value() == null || option.value().isEmpty() ? option.name() : option.name() + ":" + option.value());
        }
        return limit(new DnsConfig(nameservers, searches, List.copyOf(options.values())));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static DnsConfig limit(DnsConfig c) {
        if (c.nameservers().size() <= MAX_NAMESERVERS && c.searches().size() <= MAX_SEARCHES) {
            return c;
        }
        return new DnsConfig(c.nameservers().subList(0, Math.min(MAX_NAMESERVERS, c.nameservers().size())),
                c.searches().subList(0, Math.min(MAX_SEARCHES, c.searches().size())), c.options());
    }

    /** The pull policy of a container: as given, else {@code Always} for {@code :latest} or untagged images. */
    static ImagePullPolicy pullPolicy(String policy, String image) {
        if (policy != null && !policy.isEmpty()) {
            return switch (policy) {
                case "Always" -> ImagePullPolicy.ALWAYS;
                case "IfNotPresent" -> ImagePullPolicy.IF_NOT_PRESENT;
                case "Never" -> ImagePullPolicy.NEVER;
                default -> null;
            };
        }
        if (image.contains("@")) {
            return ImagePullPolicy.IF_NOT_PRESENT;
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        return colon < 0 || last.substring(colon + 1).equals("latest") ? ImagePullPolicy.ALWAYS : ImagePullPolicy.IF_NOT_PRESENT;
    }

    /** The state of one translation. */
    private final class Translator {
        private final Pod pod;
        private final String namespace;
        private final PodResources resources;
        private final Context context;
        private final Map<String, Boolean> pvcReadOnly = new LinkedHashMap<>();
        private Map<String, String> serviceEnv;
        boolean usesPodIp;

        Translator(Pod pod, String namespace, PodResources resources, Context context) {
            this.pod = pod;
            this.namespace = namespace;
            this.resources = resources;
            this.context = context;
        }

        ContainerDescription container(Container c, String field) {
            String name = c.name();
            if (name == null || name.isBlank()) {
                throw configError(field + ".name", null, "must be set");
            }
            if (c.image() == null || c.image().isBlank()) {
                throw configError(field + ".image", name, "must be set");
            }
            ImagePullPolicy policy = pullPolicy(c.imagePullPolicy(), c.image());
            if (policy == null) {
                throw configError(field + ".imagePullPolicy", name, "unknown pull policy \"" + c.imagePullPolicy() + "\"");
            }
            Map<String, String> env = environment(c, field);
            List<String> command = c.command().stream().map(s -> VariableExpansion.expand(s, env::get)).toList();
            List<String> args = c.args().stream().map(s -> VariableExpansion.expand(s, env::get)).toList();
            try {
                ContainerDescription.Builder b = ContainerDescription.builder(name, c.image())
                        .imagePullPolicy(policy)
                        .command(command)
                        .args(args)
                        .workingDir(c.workingDir() == null || c.workingDir().isEmpty() ? null : c.workingDir())
                        .env(env.entrySet().stream().map(e -> new io.corral.runtime.spi.EnvVar(e.getKey(), e.getValue())).toList())
                        .ports(ports(c, field))
                        .resources(resources(c.resources(), field, name))
                        .mounts(mounts(c, field))
                        .stdin(Boolean.TRUE.equals(c.stdin()))
                        .tty(Boolean.TRUE.equals(c.tty()));
                return b.build();
            } catch (ContainerRuntimeException e) {
                throw configError(field, name, e.getMessage());
            }
        }

        /** kubelet's order: service variables, then envFrom, then env; a later definition wins. */
        private Map<String, String> environment(Container c, String field) {
            Map<String, String> env = new LinkedHashMap<>();
            if (!Boolean.FALSE.equals(pod.spec().enableServiceLinks())) {
                env.putAll(services());
            }
            for (int i = 0; i < c.envFrom().size(); i++) {
                envFrom(c.envFrom().get(i), field + ".envFrom[" + i + "]", c.name(), env);
            }
            for (int i = 0; i < c.env().size(); i++) {
                EnvVar var = c.env().get(i);
                String varField = field + ".env[" + i + "]";
                if (var.name() == null || var.name().isEmpty()) {
                    throw configError(varField + ".name", c.name(), "must be set");
                }
                if (var.valueFrom() != null && (var.value() == null || var.value().isEmpty())) {
                    String value = valueFrom(var.valueFrom(), varField + ".valueFrom", c);
                    if (value != null) {
                        env.put(var.name(), value);
                    }
                } else {
                    String raw = var.value() == null ? "" : var.value();
                    env.put(var.name(), VariableExpansion.expand(raw, env::get));
                }
            }
            return env;
        }

        private Map<String, String> services() {
            if (serviceEnv == null) {
                List<io.corral.api.model.core.Service> services = new ArrayList<>(resources.services(namespace));
                if (!"default".equals(namespace)) {
                    // kubelet adds the API server's own service unless the namespace has one of that name
                    boolean shadowed = services.stream().anyMatch(s -> "kubernetes".equals(s.metadata().name()));
                    if (!shadowed) {
                        resources.services("default").stream()
                                .filter(s -> "kubernetes".equals(s.metadata().name())).forEach(services::add);
                    }
                }
                serviceEnv = ServiceEnvironment.of(services);
            }
            return serviceEnv;
        }

        private void envFrom(EnvFromSource source, String field, String container, Map<String, String> env) {
            String prefix = source.prefix() == null ? "" : source.prefix();
            if (source.configMapRef() != null) {
                String name = source.configMapRef().name();
                Optional<ConfigMap> cm = resources.configMap(namespace, name);
                if (cm.isEmpty()) {
                    if (!Boolean.TRUE.equals(source.configMapRef().optional())) {
                        throw configError(field + ".configMapRef", container, "configmap \"" + name + "\" not found");
                    }
                    return;
                }
                new TreeMap<>(cm.get().data()).forEach((k, v) -> putIfValidName(env, prefix + k, v));
            } else if (source.secretRef() != null) {
                String name = source.secretRef().name();
                Optional<Secret> secret = resources.secret(namespace, name);
                if (secret.isEmpty()) {
                    if (!Boolean.TRUE.equals(source.secretRef().optional())) {
                        throw configError(field + ".secretRef", container, "secret \"" + name + "\" not found");
                    }
                    return;
                }
                new TreeMap<>(secretData(secret.get())).forEach((k, v) -> putIfValidName(env, prefix + k, utf8(v)));
            } else {
                throw configError(field, container, "one of configMapRef and secretRef must be set");
            }
        }

        private static void putIfValidName(Map<String, String> env, String name, String value) {
            // kubelet skips keys that are not valid variable names (and reports them in an event)
            if (ENV_NAME.matcher(name).matches()) {
                env.put(name, value);
            }
        }

        /** The value of a {@code valueFrom}; null when an optional source is missing (the variable is left out). */
        private String valueFrom(EnvVarSource source, String field, Container c) {
            if (source.secretKeyRef() != null) {
                SecretKeySelector ref = source.secretKeyRef();
                boolean optional = Boolean.TRUE.equals(ref.optional());
                Optional<Secret> secret = resources.secret(namespace, ref.name());
                if (secret.isEmpty()) {
                    if (optional) {
                        return null;
                    }
                    throw configError(field + ".secretKeyRef", c.name(), "secret \"" + ref.name() + "\" not found");
                }
                byte[] value = secretData(secret.get()).get(ref.key());
                if (value == null) {
                    if (optional) {
                        return null;
                    }
                    throw configError(field + ".secretKeyRef", c.name(),
                            "couldn't find key " + ref.key() + " in Secret " + namespace + "/" + ref.name());
                }
                return utf8(value);
            }
            if (source.configMapKeyRef() != null) {
                ConfigMapKeySelector ref = source.configMapKeyRef();
                boolean optional = Boolean.TRUE.equals(ref.optional());
                Optional<ConfigMap> cm = resources.configMap(namespace, ref.name());
                if (cm.isEmpty()) {
                    if (optional) {
                        return null;
                    }
                    throw configError(field + ".configMapKeyRef", c.name(), "configmap \"" + ref.name() + "\" not found");
                }
                String value = cm.get().data().get(ref.key());
                if (value == null) {
                    if (optional) {
                        return null;
                    }
                    throw configError(field + ".configMapKeyRef", c.name(),
                            "couldn't find key " + ref.key() + " in ConfigMap " + namespace + "/" + ref.name());
                }
                return value;
            }
            if (source.fieldRef() != null) {
                return fieldRef(source.fieldRef().fieldPath(), field + ".fieldRef.fieldPath", c.name());
            }
            if (source.resourceFieldRef() != null) {
                return resourceFieldRef(source.resourceFieldRef(), field + ".resourceFieldRef", c);
            }
            throw configError(field, c.name(), "one of secretKeyRef, configMapKeyRef, fieldRef and resourceFieldRef must be set");
        }

        private String fieldRef(String path, String field, String container) {
            ObjectMeta meta = pod.metadata();
            if (path == null) {
                throw configError(field, container, "must be set");
            }
            String mapKey = mapKey(path, "metadata.labels");
            if (mapKey != null) {
                return meta.labels().getOrDefault(mapKey, "");
            }
            mapKey = mapKey(path, "metadata.annotations");
            if (mapKey != null) {
                return meta.annotations().getOrDefault(mapKey, "");
            }
            return switch (path) {
                case "metadata.name" -> meta.name();
                case "metadata.namespace" -> namespace;
                case "metadata.uid" -> meta.uid();
                case "spec.nodeName" -> Objects.toString(pod.spec().nodeName(), "");
                case "spec.serviceAccountName" -> Objects.toString(pod.spec().serviceAccountName(), "");
                case "status.hostIP" -> Objects.toString(context.hostIp(), "");
                case "status.podIP" -> {
                    usesPodIp = true;
                    String ip = Boolean.TRUE.equals(pod.spec().hostNetwork()) ? context.hostIp() : context.podIp();
                    yield Objects.toString(ip, "");
                }
                default -> throw configError(field, container, "unsupported field path \"" + path + "\"");
            };
        }

        private static String mapKey(String path, String prefix) {
            if (path.startsWith(prefix + "['") && path.endsWith("']")) {
                return path.substring(prefix.length() + 2, path.length() - 2);
            }
            return null;
        }

        private String resourceFieldRef(ResourceFieldSelector ref, String field, Container self) {
            Container target = self;
            if (ref.containerName() != null && !ref.containerName().isEmpty() && !ref.containerName().equals(self.name())) {
                target = pod.spec().containers().stream().filter(c -> ref.containerName().equals(c.name())).findFirst()
                        .orElseThrow(() -> configError(field + ".containerName", self.name(),
                                "no container named \"" + ref.containerName() + "\""));
            }
            ResourceRequirements req = target.resources();
            Map<String, Quantity> limits = req == null ? Map.of() : req.limits();
            Map<String, Quantity> requests = req == null ? Map.of() : req.requests();
            String resource = Objects.toString(ref.resource(), "");
            BigDecimal value = switch (resource) {
                case "limits.cpu" -> quantityOr(limits.get("cpu"), BigDecimal.valueOf(context.allocatableCpuMillis(), 3));
                case "limits.memory" -> quantityOr(limits.get("memory"), BigDecimal.valueOf(context.allocatableMemoryBytes()));
                case "requests.cpu" -> quantityOr(requests.get("cpu"), quantityOr(limits.get("cpu"), BigDecimal.ZERO));
                case "requests.memory" -> quantityOr(requests.get("memory"), quantityOr(limits.get("memory"), BigDecimal.ZERO));
                default -> throw configError(field + ".resource", self.name(), "unsupported resource \"" + resource + "\"");
            };
            BigDecimal divisor = ref.divisor() == null || ref.divisor().signum() == 0 ? BigDecimal.ONE : ref.divisor().value();
            return value.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
        }

        private static BigDecimal quantityOr(Quantity q, BigDecimal fallback) {
            return q == null ? fallback : q.value();
        }

        private List<PortMapping> ports(Container c, String field) {
            List<PortMapping> ports = new ArrayList<>();
            for (int i = 0; i < c.ports().size(); i++) {
                ContainerPort p = c.ports().get(i);
                if (p.containerPort() == null) {
                    throw configError(field + ".ports[" + i + "].containerPort", c.name(), "must be set");
                }
                PortMapping.Protocol protocol;
                try {
                    protocol = p.protocol() == null || p.protocol().isEmpty() ? PortMapping.Protocol.TCP
                            : PortMapping.Protocol.valueOf(p.protocol());
                } catch (IllegalArgumentException e) {
                    throw configError(field + ".ports[" + i + "].protocol", c.name(), "unknown protocol \"" + p.protocol() + "\"");
                }
                ports.add(new PortMapping(p.containerPort(), p.hostPort() == null ? 0 : p.hostPort(), protocol));
            }
            return ports;
        }

        private Resources resources(ResourceRequirements r, String field, String container) {
            if (r == null) {
                return Resources.NONE;
            }
            long cpuLimit = millis(r.limits().get("cpu"));
            long memoryLimit = bytes(r.limits().get("memory"));
            // Kubernetes defaults an unset request to the limit
            long cpuRequest = r.requests().containsKey("cpu") ? millis(r.requests().get("cpu")) : cpuLimit;
            long memoryRequest = r.requests().containsKey("memory") ? bytes(r.requests().get("memory")) : memoryLimit;
            try {
                return new Resources(cpuRequest, cpuLimit, memoryRequest, memoryLimit);
            } catch (ContainerRuntimeException e) {
                throw configError(field + ".resources", container, e.getMessage());
            }
        }

        private static long millis(Quantity q) {
            return q == null ? 0 : Math.max(0, q.milliValue());
        }

        private static long bytes(Quantity q) {
            return q == null ? 0 : Math.max(0, q.longValue());
        }

        private List<VolumeMount> mounts(Container c, String field) {
            List<VolumeMount> mounts = new ArrayList<>();
            for (int i = 0; i < c.volumeMounts().size(); i++) {
                io.corral.api.model.core.VolumeMount m = c.volumeMounts().get(i);
                String mField = field + ".volumeMounts[" + i + "]";
                if (m.subPath() != null && !m.subPath().isEmpty()) {
                    throw configError(mField + ".subPath", c.name(), "subPath mounts are not supported");
                }
                if (m.name() == null || m.mountPath() == null) {
                    throw configError(mField, c.name(), "name and mountPath must be set");
                }
                boolean readOnly = Boolean.TRUE.equals(m.readOnly()) || pvcReadOnly.getOrDefault(m.name(), false);
                try {
                    mounts.add(new VolumeMount(m.name(), m.mountPath(), readOnly));
                } catch (ContainerRuntimeException e) {
                    throw configError(mField, c.name(), e.getMessage());
                }
            }
            return mounts;
        }

        List<Volume> volumes() {
            List<Volume> volumes = new ArrayList<>();
            List<io.corral.api.model.core.Volume> specVolumes = pod.spec().volumes();
            for (int i = 0; i < specVolumes.size(); i++) {
                volumes.add(volume(specVolumes.get(i), "spec.volumes[" + i + "]"));
            }
            return volumes;
        }

        private Volume volume(io.corral.api.model.core.Volume v, String field) {
            String name = v.name();
            if (name == null || name.isBlank()) {
                throw mountError(field + ".name", "must be set");
            }
            try {
                if (v.emptyDir() != null) {
                    Volume.Medium medium = "Memory".equals(v.emptyDir().medium()) ? Volume.Medium.MEMORY : Volume.Medium.DEFAULT;
                    Quantity limit = v.emptyDir().sizeLimit();
                    return new Volume.EmptyDir(name, medium, limit == null ? 0 : Math.max(0, limit.longValue()));
                }
                if (v.hostPath() != null) {
                    return new Volume.HostPath(name, v.hostPath().path());
                }
                if (v.secret() != null) {
                    return secretVolume(v, field + ".secret");
                }
                if (v.configMap() != null) {
                    return configMapVolume(v, field + ".configMap");
                }
                if (v.persistentVolumeClaim() != null) {
                    String claim = v.persistentVolumeClaim().claimName();
                    String path = resources.persistentVolumeClaimPath(namespace, claim).orElseThrow(() -> mountError(
                            field + ".persistentVolumeClaim.claimName",
                            "persistentvolumeclaim \"" + claim + "\" not found or not bound"));
                    pvcReadOnly.put(name, Boolean.TRUE.equals(v.persistentVolumeClaim().readOnly()));
                    return new Volume.PersistentDirectory(name, path);
                }
            } catch (ContainerRuntimeException e) {
                throw mountError(field, e.getMessage());
            }
            throw mountError(field, "volume \"" + name + "\" has no supported source "
                    + "(emptyDir, hostPath, secret, configMap, persistentVolumeClaim)");
        }

        private Volume secretVolume(io.corral.api.model.core.Volume v, String field) {
            var source = v.secret();
            boolean optional = Boolean.TRUE.equals(source.optional());
            Optional<Secret> secret = resources.secret(namespace, source.secretName());
            if (secret.isEmpty() && !optional) {
                throw mountError(field + ".secretName", "secret \"" + source.secretName() + "\" not found");
            }
            Map<String, byte[]> data = secret.map(PodDescriptions::secretData).orElse(Map.of());
            return new Volume.PreparedFiles(v.name(), files(data, source.items(), source.defaultMode(), optional,
                    field, "Secret " + namespace + "/" + source.secretName()), true);
        }

        private Volume configMapVolume(io.corral.api.model.core.Volume v, String field) {
            var source = v.configMap();
            boolean optional = Boolean.TRUE.equals(source.optional());
            Optional<ConfigMap> cm = resources.configMap(namespace, source.name());
            if (cm.isEmpty() && !optional) {
                throw mountError(field + ".name", "configmap \"" + source.name() + "\" not found");
            }
            Map<String, byte[]> data = new TreeMap<>();
            cm.ifPresent(m -> {
                m.data().forEach((k, s) -> data.put(k, s.getBytes(StandardCharsets.UTF_8)));
                data.putAll(m.binaryData());
            });
            return new Volume.PreparedFiles(v.name(), files(data, source.items(), source.defaultMode(), optional,
                    field, "ConfigMap " + namespace + "/" + source.name()), false);
        }

        private List<PreparedFile> files(Map<String, byte[]> data, List<KeyToPath> items, Integer defaultMode,
                                         boolean optional, String field, String what) {
            int mode = defaultMode == null ? DEFAULT_FILE_MODE : defaultMode;
            List<PreparedFile> files = new ArrayList<>();
            if (items.isEmpty()) {
                new TreeMap<>(data).forEach((k, bytes) -> files.add(new PreparedFile(k, bytes, mode)));
                return files;
            }
            for (int i = 0; i < items.size(); i++) {
                KeyToPath item = items.get(i);
                byte[] bytes = data.get(item.key());
                if (bytes == null) {
                    if (optional) {
                        continue;
                    }
                    throw mountError(field + ".items[" + i + "].key", "couldn't find key " + item.key() + " in " + what);
                }
                String path = item.path() == null || item.path().isEmpty() ? item.key() : item.path();
                files.add(new PreparedFile(path, bytes, item.mode() == null ? mode : item.mode()));
            }
            return files;
        }

        List<RegistryCredentials> pullCredentials(List<String> warnings) {
            List<RegistryCredentials> result = new ArrayList<>();
            List<LocalObjectReference> refs = pod.spec().imagePullSecrets();
            for (LocalObjectReference ref : refs) {
                Optional<Secret> secret = resources.secret(namespace, ref.name());
                if (secret.isEmpty()) {
                    warnings.add("image pull secret \"" + ref.name() + "\" not found; pulling without it");
                    continue;
                }
                try {
                    result.addAll(PullSecrets.credentials(secret.get()));
                } catch (IllegalArgumentException e) {
                    warnings.add("image pull secret \"" + ref.name() + "\" " + e.getMessage());
                }
            }
            return result;
        }

        private PodConfigException configError(String field, String container, String message) {
            return new PodConfigException(PodConfigException.CREATE_CONTAINER_CONFIG_ERROR, field, container, message);
        }

        private PodConfigException mountError(String field, String message) {
            return new PodConfigException(PodConfigException.FAILED_MOUNT, field, null, message);
        }
    }

    /** A secret's data with {@code stringData} merged over it (as the API server does on write). */
    static Map<String, byte[]> secretData(Secret secret) {
        if (secret.stringData().isEmpty()) {
            return secret.data();
        }
        Map<String, byte[]> merged = new LinkedHashMap<>(secret.data());
        secret.stringData().forEach((k, v) -> merged.put(k, v.getBytes(StandardCharsets.UTF_8)));
        return merged;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
