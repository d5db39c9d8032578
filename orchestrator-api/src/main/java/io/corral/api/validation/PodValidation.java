package io.corral.api.validation;

import io.corral.api.model.core.Affinity;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerPort;
import io.corral.api.model.core.EnvFromSource;
import io.corral.api.model.core.EnvVar;
import io.corral.api.model.core.EnvVarSource;
import io.corral.api.model.core.NodeSelector;
import io.corral.api.model.core.NodeSelectorRequirement;
import io.corral.api.model.core.NodeSelectorTerm;
import io.corral.api.model.core.PodAffinityTerm;
import io.corral.api.model.core.PodDNSConfig;
import io.corral.api.model.core.PodDNSConfigOption;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PreferredSchedulingTerm;
import io.corral.api.model.core.Probe;
import io.corral.api.model.core.ResourceRequirements;
import io.corral.api.model.core.Toleration;
import io.corral.api.model.core.Volume;
import io.corral.api.model.core.VolumeMount;
import io.corral.api.model.core.WeightedPodAffinityTerm;
import io.corral.api.quantity.Quantity;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * Validation of a {@link PodSpec}, shared by pods and every pod template.
 * <ul>
 *   <li>At least one container; container names DNS-1123 labels, unique across containers and
 *       init containers; image required.</li>
 *   <li>Ports 1-65535, protocol TCP/UDP/SCTP, port names IANA service names and unique per container.</li>
 *   <li>restartPolicy Always/OnFailure/Never, imagePullPolicy Always/IfNotPresent/Never, dnsPolicy;
 *       dnsConfig (required with dnsPolicy None, with a nameserver; at most 3 IP nameservers, 32 search
 *       domains of 2048 characters together, options named).</li>
 *   <li>Volume names unique DNS labels with exactly one source; volume mounts name an existing volume.</li>
 *   <li>A probe has exactly one handler; its timings are not negative.</li>
 *   <li>Resources: quantities not negative, each limit at least its request.</li>
 *   <li>Environment variables, tolerations, node selector and affinity terms are well formed.</li>
 * </ul>
 * Stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PodValidation {
    public static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    public static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    public static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
    public static final List<String> DNS_POLICIES = List.of("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None");
    public static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    public static final List<String> NODE_SELECTOR_OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");
    private static final List<String> TOLERATION_OPERATORS = List.of("Exists", "Equal");
    private static final List<String> EMPTY_DIR_MEDIA = List.of("", "Memory", "HugePages");
    private static final int MAX_DNS_NAMESERVERS = 3;
    private static final int MAX_DNS_SEARCHES = 32;
    private static final int MAX_DNS_SEARCH_CHARS = 2048;
    private static final Pattern ENV_VAR_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private PodValidation() {
    }

    /** The errors of {@code spec} at {@code path} (e.g. {@code spec} or {@code spec.template.spec}). */
    public static List<FieldError> validate(PodSpec spec, FieldPath path) {
        Errors errors = new Errors();
        validate(spec, path, errors);
        return errors.list();
    }

    static void validate(PodSpec spec, FieldPath path, Errors errors) {
        validate(spec, path, Set.of(), errors);
    }

    /**
     * Validates a pod spec whose containers may also mount {@code extraVolumes}, such as the claim
     * templates of a StatefulSet.
     */
    static void validate(PodSpec spec, FieldPath path, Set<String> extraVolumes, Errors errors) {
        if (!errors.required(path, spec)) {
            return;
        }
        Set<String> volumes = volumes(spec.volumes(), path.child("volumes"), errors);
        volumes.addAll(extraVolumes);
        Set<String> names = new HashSet<>();
        containers(spec.initContainers(), path.child("initContainers"), volumes, names, errors);
        if (errors.required(path.child("containers"), spec.containers())) {
            containers(spec.containers(), path.child("containers"), volumes, names, errors);
        }
        errors.oneOf(path.child("restartPolicy"), spec.restartPolicy(), RESTART_POLICIES);
        errors.oneOf(path.child("dnsPolicy"), spec.dnsPolicy(), DNS_POLICIES);
        dnsConfig(spec, path, errors);
        errors.nonNegative(path.child("terminationGracePeriodSeconds"), spec.terminationGracePeriodSeconds());
        errors.positive(path.child("activeDeadlineSeconds"), spec.activeDeadlineSeconds());
        errors.label(path.child("hostname"), spec.hostname());
        errors.label(path.child("subdomain"), spec.subdomain());
        errors.subdomain(path.child("nodeName"), spec.nodeName());
        errors.subdomain(path.child("serviceAccountName"), spec.serviceAccountName());
        errors.subdomain(path.child("priorityClassName"), spec.priorityClassName());
        errors.addAll(Labels.validateLabels(path.child("nodeSelector"), spec.nodeSelector()));
        for (int i = 0; i < spec.imagePullSecrets().size(); i++) {
            errors.required(path.child("imagePullSecrets").index(i).child("name"), spec.imagePullSecrets().get(i).name());
        }
        for (int i = 0; i < spec.tolerations().size(); i++) {
            toleration(spec.tolerations().get(i), path.child("tolerations").index(i), errors);
        }
        if (spec.affinity() != null) {
            affinity(spec.affinity(), path.child("affinity"), errors);
        }
    }

    /** Kubernetes' limits: 3 nameservers, 32 search domains of at most 2048 characters together. */
    private static void dnsConfig(PodSpec spec, FieldPath path, Errors errors) {
        PodDNSConfig dns = spec.dnsConfig();
        if ("None".equals(spec.dnsPolicy())) {
            if (dns == null) {
                errors.add(FieldError.required(path.child("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None"));
                return;
            }
            if (dns.nameservers().isEmpty()) {
                errors.add(FieldError.required(path.child("dnsConfig").child("nameservers"),
                        "must provide at least one DNS nameserver when `dnsPolicy` is None"));
            }
        }
        if (dns == null) {
            return;
        }
        FieldPath p = path.child("dnsConfig");
        if (dns.nameservers().size() > MAX_DNS_NAMESERVERS) {
            errors.add(FieldError.invalid(p.child("nameservers"), dns.nameservers(),
                    "must not have more than " + MAX_DNS_NAMESERVERS + " nameservers"));
        }
        for (int i = 0; i < dns.nameservers().size(); i++) {
            String ns = dns.nameservers().get(i);
            if (!isIpAddress(ns)) {
                errors.add(FieldError.invalid(p.child("nameservers").index(i), ns, "must be a valid IP address"));
            }
        }
        if (dns.searches().size() > MAX_DNS_SEARCHES) {
            errors.add(FieldError.invalid(p.child("searches"), dns.searches(),
                    "must not have more than " + MAX_DNS_SEARCHES + " search paths"));
        }
        int length = 0;
        for (int i = 0; i < dns.searches().size(); i++) {
            String search = dns.searches().get(i);
            FieldPath sp = p.child("searches").index(i);
            if (search == null || search.isEmpty()) {
                errors.add(FieldError.required(sp, "must not be empty"));
                continue;
            }
            length += search.length() + 1;
            // a trailing dot (fully qualified) is allowed, as in Kubernetes
            String name = search.endsWith(".") ? search.substring(0, search.length() - 1) : search;
            for (String problem : ObjectNames.dns1123SubdomainErrors(name)) {
                errors.add(FieldError.invalid(sp, search, problem));
            }
        }
        if (length - 1 > MAX_DNS_SEARCH_CHARS) {
            errors.add(FieldError.invalid(p.child("searches"), dns.searches(),
                    "must not have more than " + MAX_DNS_SEARCH_CHARS + " characters (including spaces) in the search list"));
        }
        for (int i = 0; i < dns.options().size(); i++) {
            PodDNSConfigOption option = dns.options().get(i);
            if (option == null || option.name() == null || option.name().isEmpty()) {
                errors.add(FieldError.required(p.child("options").index(i).child("name"), "must not be empty"));
            }
        }
    }

    private static boolean isIpAddress(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (s.indexOf(':') >= 0) {
            return s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit) || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> volumes(List<Volume> volumes, FieldPath path, Errors errors) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < volumes.size(); i++) {
            Volume v = volumes.get(i);
            FieldPath p = path.index(i);
            if (errors.required(p.child("name"), v.name())) {
                errors.label(p.child("name"), v.name());
                if (!names.add(v.name())) {
                    errors.add(FieldError.duplicate(p.child("name"), v.name()));
                }
            }
            long sources = Stream.of(v.emptyDir(), v.hostPath(), v.secret(), v.configMap(), v.persistentVolumeClaim())
                    .filter(Objects::nonNull).count();
            if (sources == 0) {
                errors.add(FieldError.required(p, "must specify a volume type"));
            } else if (sources > 1) {
                errors.add(FieldError.forbidden(p, "may not specify more than 1 volume type"));
            }
            if (v.emptyDir() != null) {
                errors.oneOf(p.child("emptyDir").child("medium"), v.emptyDir().medium(), EMPTY_DIR_MEDIA);
                Quantity limit = v.emptyDir().sizeLimit();
                if (limit != null && limit.signum() < 0) {
                    errors.add(FieldError.invalid(p.child("emptyDir").child("sizeLimit"), limit.toString(),
                            "must be greater than or equal to 0"));
                }
            }
            if (v.hostPath() != null) {
                errors.required(p.child("hostPath").child("path"), v.hostPath().path());
            }
            if (v.secret() != null) {
                errors.required(p.child("secret").child("secretName"), v.secret().secretName());
            }
            if (v.configMap() != null) {
                errors.required(p.child("configMap").child("name"), v.configMap().name());
            }
            if (v.persistentVolumeClaim() != null) {
                errors.required(p.child("persistentVolumeClaim").child("claimName"), v.persistentVolumeClaim().claimName());
            }
        }
        return names;
    }

    private static void containers(List<Container> containers, FieldPath path, Set<String> volumes,
            Set<String> names, Errors errors) {
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            FieldPath p = path.index(i);
            if (errors.required(p.child("name"), c.name())) {
                errors.label(p.child("name"), c.name());
                if (!names.add(c.name())) {
                    errors.add(FieldError.duplicate(p.child("name"), c.name()));
                }
            }
            errors.required(p.child("image"), c.image());
            errors.oneOf(p.child("imagePullPolicy"), c.imagePullPolicy(), PULL_POLICIES);
            ports(c.ports(), p.child("ports"), errors);
            env(c.env(), p.child("env"), errors);
            envFrom(c.envFrom(), p.child("envFrom"), errors);
            if (c.resources() != null) {
                resources(c.resources(), p.child("resources"), errors);
            }
            Set<String> mountPaths = new HashSet<>();
            for (int j = 0; j < c.volumeMounts().size(); j++) {
                VolumeMount m = c.volumeMounts().get(j);
                FieldPath mp = p.child("volumeMounts").index(j);
                if (errors.required(mp.child("name"), m.name()) && !volumes.contains(m.name())) {
                    errors.add(new FieldError(FieldError.Type.NOT_FOUND, mp.child("name"), m.name(),
                            "no volume of that name in the pod"));
                }
                if (errors.required(mp.child("mountPath"), m.mountPath()) && !mountPaths.add(m.mountPath())) {
                    errors.add(FieldError.invalid(mp.child("mountPath"), m.mountPath(), "must be unique"));
                }
            }
            probe(c.livenessProbe(), p.child("livenessProbe"), true, errors);
            probe(c.readinessProbe(), p.child("readinessProbe"), false, errors);
            probe(c.startupProbe(), p.child("startupProbe"), true, errors);
        }
    }

    private static void ports(List<ContainerPort> ports, FieldPath path, Errors errors) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ContainerPort port = ports.get(i);
            FieldPath p = path.index(i);
            if (errors.required(p.child("containerPort"), port.containerPort())) {
                errors.port(p.child("containerPort"), port.containerPort());
            }
            if (port.hostPort() != null && port.hostPort() != 0) {
                errors.port(p.child("hostPort"), port.hostPort());
            }
            errors.oneOf(p.child("protocol"), port.protocol(), PROTOCOLS);
            if (port.name() != null) {
                errors.portName(p.child("name"), port.name());
                if (!names.add(port.name())) {
                    errors.add(FieldError.duplicate(p.child("name"), port.name()));
                }
            }
        }
    }

    private static void env(List<EnvVar> env, FieldPath path, Errors errors) {
        for (int i = 0; i < env.size(); i++) {
            EnvVar e = env.get(i);
            FieldPath p = path.index(i);
            if (errors.required(p.child("name"), e.name()) && !ENV_VAR_NAME.matcher(e.name()).matches()) {
                errors.add(FieldError.invalid(p.child("name"), e.name(), "a valid environment variable name must "
                        + "consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit"));
            }
            EnvVarSource from = e.valueFrom();
            if (from == null) {
                continue;
            }
            FieldPath fp = p.child("valueFrom");
            if (e.value() != null && !e.value().isEmpty()) {
                errors.add(FieldError.invalid(fp, "", "may not be specified when `value` is not empty"));
            }
            long sources = Stream.of(from.fieldRef(), from.resourceFieldRef(), from.configMapKeyRef(), from.secretKeyRef())
                    .filter(Objects::nonNull).count();
            if (sources != 1) {
                errors.add(FieldError.invalid(fp, "", "must specify exactly one of: `fieldRef`, `resourceFieldRef`, "
                        + "`configMapKeyRef` or `secretKeyRef`"));
            }
            if (from.fieldRef() != null) {
                errors.required(fp.child("fieldRef").child("fieldPath"), from.fieldRef().fieldPath());
            }
            if (from.resourceFieldRef() != null) {
                errors.required(fp.child("resourceFieldRef").child("resource"), from.resourceFieldRef().resource());
            }
            if (from.configMapKeyRef() != null) {
                errors.required(fp.child("configMapKeyRef").child("name"), from.configMapKeyRef().name());
                errors.required(fp.child("configMapKeyRef").child("key"), from.configMapKeyRef().key());
            }
            if (from.secretKeyRef() != null) {
                errors.required(fp.child("secretKeyRef").child("name"), from.secretKeyRef().name());
                errors.required(fp.child("secretKeyRef").child("key"), from.secretKeyRef().key());
            }
        }
    }

    private static void envFrom(List<EnvFromSource> sources, FieldPath path, Errors errors) {
        for (int i = 0; i < sources.size(); i++) {
            EnvFromSource s = sources.get(i);
            FieldPath p = path.index(i);
            if ((s.configMapRef() == null) == (s.secretRef() == null)) {
                errors.add(FieldError.invalid(p, "", "must specify exactly one of: `configMapRef` or `secretRef`"));
            }
            if (s.configMapRef() != null) {
                errors.required(p.child("configMapRef").child("name"), s.configMapRef().name());
            }
            if (s.secretRef() != null) {
                errors.required(p.child("secretRef").child("name"), s.secretRef().name());
            }
        }
    }

    private static void resources(ResourceRequirements r, FieldPath path, Errors errors) {
        errors.quantities(path.child("limits"), r.limits());
        errors.quantities(path.child("requests"), r.requests());
        for (Map.Entry<String, Quantity> req : r.requests().entrySet()) {
            Quantity limit = r.limits().get(req.getKey());
            if (limit != null && req.getValue() != null && req.getValue().compareTo(limit) > 0) {
                errors.add(FieldError.invalid(path.child("requests").key(req.getKey()), req.getValue().toString(),
                        "must be less than or equal to " + req.getKey() + " limit of " + limit));
            }
        }
    }

    private static void probe(Probe probe, FieldPath path, boolean successMustBeOne, Errors errors) {
        if (probe == null) {
            return;
        }
        long handlers = Stream.of(probe.exec(), probe.httpGet(), probe.tcpSocket()).filter(Objects::nonNull).count();
        if (handlers == 0) {
            errors.add(FieldError.required(path, "must specify a handler type"));
        } else if (handlers > 1) {
            errors.add(FieldError.forbidden(path, "may not specify more than 1 handler type"));
        }
        if (probe.exec() != null) {
            errors.required(path.child("exec").child("command"), probe.exec().command());
        }
        if (probe.httpGet() != null) {
            errors.portOrName(path.child("httpGet").child("port"), probe.httpGet().port());
            errors.oneOf(path.child("httpGet").child("scheme"), probe.httpGet().scheme(), List.of("HTTP", "HTTPS"));
        }
        if (probe.tcpSocket() != null) {
            errors.portOrName(path.child("tcpSocket").child("port"), probe.tcpSocket().port());
        }
        errors.nonNegative(path.child("initialDelaySeconds"), probe.initialDelaySeconds());
        errors.nonNegative(path.child("timeoutSeconds"), probe.timeoutSeconds());
        errors.nonNegative(path.child("periodSeconds"), probe.periodSeconds());
        errors.nonNegative(path.child("successThreshold"), probe.successThreshold());
        errors.nonNegative(path.child("failureThreshold"), probe.failureThreshold());
        if (successMustBeOne && probe.successThreshold() != null && probe.successThreshold() != 1) {
            errors.add(FieldError.invalid(path.child("successThreshold"), probe.successThreshold(), "must be 1"));
        }
    }

    private static void toleration(Toleration t, FieldPath path, Errors errors) {
        errors.qualifiedName(path.child("key"), Errors.isBlank(t.key()) ? null : t.key());
        errors.oneOf(path.child("operator"), t.operator(), TOLERATION_OPERATORS);
        if (Errors.isBlank(t.key()) && !"Exists".equals(t.operator())) {
            errors.add(FieldError.invalid(path.child("operator"), t.operator(),
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
        }
        if ("Exists".equals(t.operator()) && !Errors.isBlank(t.value())) {
            errors.add(FieldError.invalid(path.child("operator"), t.operator(),
                    "value must be empty when `operator` is 'Exists'"));
        }
        if (!Errors.isBlank(t.effect())) {
            errors.oneOf(path.child("effect"), t.effect(), TAINT_EFFECTS);
        }
        if (t.tolerationSeconds() != null && !"NoExecute".equals(t.effect())) {
            errors.add(FieldError.invalid(path.child("effect"), t.effect() == null ? "" : t.effect(),
                    "effect must be 'NoExecute' when `tolerationSeconds` is set"));
        }
    }

    private static void affinity(Affinity a, FieldPath path, Errors errors) {
        if (a.nodeAffinity() != null) {
            FieldPath p = path.child("nodeAffinity");
            NodeSelector required = a.nodeAffinity().requiredDuringSchedulingIgnoredDuringExecution();
            if (required != null) {
                nodeSelector(required, p.child("requiredDuringSchedulingIgnoredDuringExecution"), errors);
            }
            List<PreferredSchedulingTerm> preferred = a.nodeAffinity().preferredDuringSchedulingIgnoredDuringExecution();
            for (int i = 0; i < preferred.size(); i++) {
                FieldPath pp = p.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
                errors.inRange(pp.child("weight"), preferred.get(i).weight(), 1, 100);
                if (errors.required(pp.child("preference"), preferred.get(i).preference())) {
                    nodeSelectorTerm(preferred.get(i).preference(), pp.child("preference"), errors);
                }
            }
        }
        if (a.podAffinity() != null) {
            podAffinityTerms(a.podAffinity().requiredDuringSchedulingIgnoredDuringExecution(),
                    a.podAffinity().preferredDuringSchedulingIgnoredDuringExecution(), path.child("podAffinity"), errors);
        }
        if (a.podAntiAffinity() != null) {
            podAffinityTerms(a.podAntiAffinity().requiredDuringSchedulingIgnoredDuringExecution(),
                    a.podAntiAffinity().preferredDuringSchedulingIgnoredDuringExecution(),
                    path.child("podAntiAffinity"), errors);
        }
    }

    /** Validates a node selector (also used by persistent volume node affinity). */
    static void nodeSelector(NodeSelector selector, FieldPath path, Errors errors) {
        if (errors.required(path.child("nodeSelectorTerms"), selector.nodeSelectorTerms())) {
            for (int i = 0; i < selector.nodeSelectorTerms().size(); i++) {
                nodeSelectorTerm(selector.nodeSelectorTerms().get(i), path.child("nodeSelectorTerms").index(i), errors);
            }
        }
    }

    private static void nodeSelectorTerm(NodeSelectorTerm term, FieldPath path, Errors errors) {
        for (int i = 0; i < term.matchExpressions().size(); i++) {
            nodeSelectorRequirement(term.matchExpressions().get(i), path.child("matchExpressions").index(i), errors);
        }
        for (int i = 0; i < term.matchFields().size(); i++) {
            nodeSelectorRequirement(term.matchFields().get(i), path.child("matchFields").index(i), errors);
        }
    }

    private static void nodeSelectorRequirement(NodeSelectorRequirement r, FieldPath path, Errors errors) {
        if (errors.required(path.child("key"), r.key())) {
            errors.qualifiedName(path.child("key"), r.key());
        }
        if (!errors.required(path.child("operator"), r.operator())) {
            return;
        }
        errors.oneOf(path.child("operator"), r.operator(), NODE_SELECTOR_OPERATORS);
        switch (r.operator()) {
            case "In", "NotIn" -> errors.required(path.child("values"), r.values());
            case "Exists", "DoesNotExist" -> {
                if (!r.values().isEmpty()) {
                    errors.add(FieldError.forbidden(path.child("values"),
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }
            }
            case "Gt", "Lt" -> {
                if (r.values().size() != 1) {
                    errors.add(FieldError.required(path.child("values"), "must be specified single value when "
                            + "`operator` is 'Lt' or 'Gt'"));
                } else {
                    try {
                        Long.parseLong(r.values().get(0));
                    } catch (NumberFormatException e) {
                        errors.add(FieldError.invalid(path.child("values").index(0), r.values().get(0),
                                "must be an integer when `operator` is 'Lt' or 'Gt'"));
                    }
                }
            }
            default -> {
                // reported as not supported above
            }
        }
    }

    private static void podAffinityTerms(List<PodAffinityTerm> required, List<WeightedPodAffinityTerm> preferred,
            FieldPath path, Errors errors) {
        for (int i = 0; i < required.size(); i++) {
            podAffinityTerm(required.get(i), path.child("requiredDuringSchedulingIgnoredDuringExecution").index(i), errors);
        }
        for (int i = 0; i < preferred.size(); i++) {
            FieldPath p = path.child("preferredDuringSchedulingIgnoredDuringExecution").index(i);
            errors.inRange(p.child("weight"), preferred.get(i).weight(), 1, 100);
            if (errors.required(p.child("podAffinityTerm"), preferred.get(i).podAffinityTerm())) {
                podAffinityTerm(preferred.get(i).podAffinityTerm(), p.child("podAffinityTerm"), errors);
            }
        }
    }

    private static void podAffinityTerm(PodAffinityTerm term, FieldPath path, Errors errors) {
        if (errors.required(path.child("topologyKey"), term.topologyKey())) {
            errors.qualifiedName(path.child("topologyKey"), term.topologyKey());
        }
        if (term.labelSelector() != null) {
            SelectorValidation.validate(term.labelSelector(), path.child("labelSelector"), errors);
        }
        for (int i = 0; i < term.namespaces().size(); i++) {
            errors.label(path.child("namespaces").index(i), term.namespaces().get(i));
        }
    }
}
