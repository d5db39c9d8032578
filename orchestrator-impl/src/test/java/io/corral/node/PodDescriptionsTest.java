package io.corral.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.core.ConfigMapEnvSource;
import io.corral.api.model.core.ConfigMapKeySelector;
import io.corral.api.model.core.ConfigMapVolumeSource;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerPort;
import io.corral.api.model.core.EmptyDirVolumeSource;
import io.corral.api.model.core.EnvFromSource;
import io.corral.api.model.core.EnvVar;
import io.corral.api.model.core.EnvVarSource;
import io.corral.api.model.core.HostPathVolumeSource;
import io.corral.api.model.core.KeyToPath;
import io.corral.api.model.core.LocalObjectReference;
import io.corral.api.model.core.ObjectFieldSelector;
import io.corral.api.model.core.PersistentVolumeClaimVolumeSource;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodDNSConfig;
import io.corral.api.model.core.PodDNSConfigOption;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.ResourceFieldSelector;
import io.corral.api.model.core.ResourceRequirements;
import io.corral.api.model.core.Secret;
import io.corral.api.model.core.SecretEnvSource;
import io.corral.api.model.core.SecretKeySelector;
import io.corral.api.model.core.SecretVolumeSource;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.core.Volume;
import io.corral.api.model.core.VolumeMount;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.quantity.Quantity;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.DnsConfig;
import io.corral.runtime.spi.ImagePullPolicy;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PortMapping;
import io.corral.runtime.spi.PreparedFile;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.Resources;
import io.corral.runtime.spi.RestartPolicy;
import io.corral.runtime.spi.Volume.EmptyDir;
import io.corral.runtime.spi.Volume.HostPath;
import io.corral.runtime.spi.Volume.Medium;
import io.corral.runtime.spi.Volume.PersistentDirectory;
import io.corral.runtime.spi.Volume.PreparedFiles;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Pod to runtime description")
class PodDescriptionsTest {
    private final PodDescriptions descriptions = new PodDescriptions("cluster.local", List.of("10.96.0.10"));
    private final MapResources resources = new MapResources();
    private final PodDescriptions.Context context = new PodDescriptions.Context("10.1.2.3", "192.168.1.10", 4000, 8L << 30);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static EnvVar value(String name, String value) {
        return new EnvVar(name, value, null);
    }

    private static EnvVar from(String name, EnvVarSource source) {
        return new EnvVar(name, null, source);
    }

    private static EnvVarSource field(String path) {
        return new EnvVarSource(new ObjectFieldSelector("v1", path), null, null, null);
    }

    private static Map<String, String> env(ContainerDescription c) {
        Map<String, String> env = new LinkedHashMap<>();
        c.env().forEach(e -> env.put(e.name(), e.value()));
        return env;
    }

    private static Pod pod(PodSpec spec) {
        return Pod.builder().metadata(ObjectMeta.builder().namespace("shop").name("web-0").uid("u-1")
                .labels(Map.of("app", "web")).annotations(Map.of("team", "blue")).build()).spec(spec).build();
    }

    private static Pod pod(Container... containers) {
        return pod(PodSpec.builder().nodeName("node-1").containers(List.of(containers)).build());
    }

    private static Container.Builder container() {
        return Container.builder().name("app").image("registry.example.com/shop/web:1.2");
    }

    @BeforeEach
    void resources() {
        resources.secrets.put("shop/db", Secret.builder().metadata(ObjectMeta.of("shop", "db"))
                .data(Map.of("user", utf8("admin"), "password", utf8("s3cret"))).build());
        resources.configMaps.put("shop/settings", ConfigMap.builder().metadata(ObjectMeta.of("shop", "settings"))
                .data(Map.of("LOG_LEVEL", "debug", "mode", "fast", "bad key!", "skipped", "app.properties", "a=1\n"))
                .binaryData(Map.of("logo.png", new byte[]{1, 2, 3})).build());
        resources.claims.put("shop/data", "/var/lib/corral/pv/data");
        resources.services.add(Service.builder().metadata(ObjectMeta.of("shop", "redis-master"))
                .spec(ServiceSpec.builder().clusterIP("10.0.0.11").ports(List.of(
                        new ServicePort("client", "TCP", null, 6379, null, null),
                        new ServicePort("metrics", "TCP", null, 9121, null, null))).build()).build());
        resources.services.add(Service.builder().metadata(ObjectMeta.of("shop", "headless"))
                .spec(ServiceSpec.builder().clusterIP("None").build()).build());
        resources.services.add(Service.builder().metadata(ObjectMeta.of("default", "kubernetes"))
                .spec(ServiceSpec.builder().clusterIP("10.0.0.1").ports(List.of(
                        new ServicePort("https", "TCP", null, 443, null, null))).build()).build());
        resources.services.add(Service.builder().metadata(ObjectMeta.of("other", "elsewhere"))
                .spec(ServiceSpec.builder().clusterIP("10.0.0.99").build()).build());
    }

    @Test
    @DisplayName("a rich pod: env from every source, $(VAR), service variables, volumes of every kind, resources")
    void richPod() {
        Container app = container()
                .command(List.of("/bin/server", "--user=$(DB_user)", "--escaped=$$(DB_user)"))
                .args(List.of("--level", "$(LOG_LEVEL)", "--unknown=$(NOPE)"))
                .workingDir("/srv")
                .envFrom(List.of(new EnvFromSource(null, new ConfigMapEnvSource("settings", null), null),
                        new EnvFromSource("DB_", null, new SecretEnvSource("db", null))))
                .env(List.of(
                        value("GREETING", "hello $(DB_USER) from $(POD_NAME)"),
                        from("POD_NAME", field("metadata.name")),
                        from("POD_NAMESPACE", field("metadata.namespace")),
                        from("POD_UID", field("metadata.uid")),
                        from("POD_IP", field("status.podIP")),
                        from("HOST_IP", field("status.hostIP")),
                        from("NODE", field("spec.nodeName")),
                        from("APP_LABEL", field("metadata.labels['app']")),
                        from("PASSWORD", new EnvVarSource(null, null, null, new SecretKeySelector("db", "password", null))),
                        from("MODE", new EnvVarSource(null, null, new ConfigMapKeySelector("settings", "mode", null), null)),
                        from("OPTIONAL", new EnvVarSource(null, null, null, new SecretKeySelector("absent", "x", true))),
                        from("MEM_MI", new EnvVarSource(null, new ResourceFieldSelector(null, "limits.memory", Quantity.parse("1Mi")), null, null)),
                        value("AFTER", "$(POD_NAME)-$(GREETING)")))
                .ports(List.of(new ContainerPort("http", null, 8080, null, null), new ContainerPort("dns", 5353, 53, "UDP", null)))
                .resources(new ResourceRequirements(
                        Map.of("cpu", Quantity.parse("1"), "memory", Quantity.parse("256Mi")),
                        Map.of("cpu", Quantity.parse("250m"))))
                .volumeMounts(List.of(
                        new VolumeMount("cache", null, "/cache", null, null),
                        new VolumeMount("ram", null, "/ram", null, null),
                        new VolumeMount("logs", true, "/host/logs", null, null),
                        new VolumeMount("creds", null, "/etc/creds", null, null),
                        new VolumeMount("config", null, "/etc/config", null, null),
                        new VolumeMount("data", null, "/data", null, null)))
                .build();
        PodSpec spec = PodSpec.builder().nodeName("node-1").hostname("web-0").subdomain("web")
                .restartPolicy("OnFailure").terminationGracePeriodSeconds(12L)
                .containers(List.of(app))
                .volumes(List.of(
                        new Volume("cache", new EmptyDirVolumeSource(null, null), null, null, null, null),
                        new Volume("ram", new EmptyDirVolumeSource("Memory", Quantity.parse("64Mi")), null, null, null, null),
                        new Volume("logs", null, new HostPathVolumeSource("/var/log", null), null, null, null),
                        new Volume("creds", null, null, new SecretVolumeSource("db",
                                List.of(new KeyToPath("password", "secret/pw", 0400)), 0440, null), null, null),
                        new Volume("config", null, null, null, new ConfigMapVolumeSource("settings", null, null, null), null),
                        new Volume("data", null, null, null, null, new PersistentVolumeClaimVolumeSource("data", true))))
                .build();

        PodDescription d = descriptions.describe(pod(spec), resources, context).description();

        assertThat(d.uid()).isEqualTo("u-1");
        assertThat(d.name()).isEqualTo("web-0");
        assertThat(d.namespace()).isEqualTo("shop");
        assertThat(d.hostname()).isEqualTo("web-0");
        assertThat(d.labels()).containsEntry("app", "web");
        assertThat(d.restartPolicy()).isEqualTo(RestartPolicy.ON_FAILURE);
        assertThat(d.terminationGrace()).isEqualTo(Duration.ofSeconds(12));
        assertThat(d.dnsConfig()).isEqualTo(new DnsConfig(List.of("10.96.0.10"),
                List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local"), List.of("ndots:5")));

        ContainerDescription c = d.containers().get(0);
        assertThat(c.command()).containsExactly("/bin/server", "--user=admin", "--escaped=$(DB_user)");
        assertThat(c.args()).containsExactly("--level", "debug", "--unknown=$(NOPE)");
        assertThat(c.workingDir()).isEqualTo("/srv");
        assertThat(c.imagePullPolicy()).isEqualTo(ImagePullPolicy.IF_NOT_PRESENT);
        Map<String, String> env = env(c);
        assertThat(env).containsEntry("LOG_LEVEL", "debug").containsEntry("mode", "fast").containsEntry("app.properties", "a=1\n")
                .doesNotContainKey("bad key!")
                .containsEntry("DB_user", "admin").containsEntry("DB_password", "s3cret")
                .containsEntry("GREETING", "hello $(DB_USER) from $(POD_NAME)")
                .containsEntry("POD_NAME", "web-0").containsEntry("POD_NAMESPACE", "shop").containsEntry("POD_UID", "u-1")
                .containsEntry("POD_IP", "10.1.2.3").containsEntry("HOST_IP", "192.168.1.10").containsEntry("NODE", "node-1")
                .containsEntry("APP_LABEL", "web")
                .containsEntry("PASSWORD", "s3cret").containsEntry("MODE", "fast")
                .doesNotContainKey("OPTIONAL")
                .containsEntry("MEM_MI", "256")
                .containsEntry("AFTER", "web-0-hello $(DB_USER) from $(POD_NAME)");
        assertThat(env).containsEntry("REDIS_MASTER_SERVICE_HOST", "10.0.0.11")
                .containsEntry("REDIS_MASTER_SERVICE_PORT", "6379")
                .containsEntry("REDIS_MASTER_SERVICE_PORT_CLIENT", "6379")
                .containsEntry("REDIS_MASTER_SERVICE_PORT_METRICS", "9121")
                .containsEntry("REDIS_MASTER_PORT", "tcp://10.0.0.11:6379")
                .containsEntry("REDIS_MASTER_PORT_6379_TCP", "tcp://10.0.0.11:6379")
                .containsEntry("REDIS_MASTER_PORT_6379_TCP_PROTO", "tcp")
                .containsEntry("REDIS_MASTER_PORT_6379_TCP_PORT", "6379")
                .containsEntry("REDIS_MASTER_PORT_6379_TCP_ADDR", "10.0.0.11")
                .containsEntry("REDIS_MASTER_PORT_9121_TCP_ADDR", "10.0.0.11")
                .containsEntry("KUBERNETES_SERVICE_HOST", "10.0.0.1")
                .containsEntry("KUBERNETES_SERVICE_PORT_HTTPS", "443")
                .doesNotContainKeys("HEADLESS_SERVICE_HOST", "ELSEWHERE_SERVICE_HOST");
        assertThat(c.ports()).containsExactly(PortMapping.tcp(8080), new PortMapping(53, 5353, PortMapping.Protocol.UDP));
        assertThat(c.resources()).isEqualTo(new Resources(250, 1000, 256L << 20, 256L << 20));

        assertThat(d.volumes()).hasSize(6);
        assertThat(d.findVolume("cache")).contains(EmptyDir.of("cache"));
        assertThat(d.findVolume("ram")).contains(new EmptyDir("ram", Medium.MEMORY, 64L << 20));
        assertThat(d.findVolume("logs")).contains(new HostPath("logs", "/var/log"));
        assertThat(d.findVolume("creds")).contains(new PreparedFiles("creds",
                List.of(new PreparedFile("secret/pw", utf8("s3cret"), 0400)), true));
        PreparedFiles config = (PreparedFiles) d.findVolume("config").orElseThrow();
        assertThat(config.sensitive()).isFalse();
        assertThat(config.files()).extracting(PreparedFile::path)
                .containsExactly("LOG_LEVEL", "app.properties", "bad key!", "logo.png", "mode");
        assertThat(config.files()).allSatisfy(f -> assertThat(f.mode()).isEqualTo(0644));
        assertThat(d.findVolume("data")).contains(new PersistentDirectory("data", "/var/lib/corral/pv/data"));
        assertThat(c.mounts()).filteredOn(m -> m.name().equals("logs")).singleElement()
                .satisfies(m -> assertThat(m.readOnly()).isTrue());
        assertThat(c.mounts()).filteredOn(m -> m.name().equals("data")).singleElement()
                .satisfies(m -> assertThat(m.readOnly()).as("the claim is mounted read-only").isTrue());
        assertThat(c.mounts()).filteredOn(m -> m.name().equals("cache")).singleElement()
                .satisfies(m -> assertThat(m.readOnly()).isFalse());
    }

    @Test
    @DisplayName("the same pod gives the same container hashes (adoption after a restart depends on it)")
    void deterministic() {
        Container app = container().envFrom(List.of(new EnvFromSource(null, new ConfigMapEnvSource("settings", null), null))).build();
        long first = descriptions.describe(pod(app), resources, context).description().containers().get(0).hash();
        long second = new PodDescriptions("cluster.local", List.of("10.96.0.10"))
                .describe(pod(app), resources, context).description().containers().get(0).hash();
        assertThat(second).isEqualTo(first);
    }

    @Test
    @DisplayName("a pod that refers to status.podIP says so, for re-translation once the IP is known")
    void usesPodIp() {
        Container app = container().env(List.of(from("IP", field("status.podIP")))).build();
        PodDescriptions.Translation t = descriptions.describe(pod(app), resources, PodDescriptions.Context.NONE);
        assertThat(t.usesPodIp()).isTrue();
        assertThat(env(t.description().containers().get(0))).containsEntry("IP", "");
        assertThat(descriptions.describe(pod(container().build()), resources, context).usesPodIp()).isFalse();
    }

    @Test
    @DisplayName("enableServiceLinks false leaves the service variables out")
    void noServiceLinks() {
        PodSpec spec = PodSpec.builder().enableServiceLinks(false).containers(List.of(container().build())).build();
        assertThat(env(descriptions.describe(pod(spec), resources, context).description().containers().get(0)))
                .doesNotContainKey("REDIS_MASTER_SERVICE_HOST");
    }

    @Test
    @DisplayName("defaults: Always restart, 30 s grace, the pod name as hostname, pull policy by tag")
    void defaults() {
        PodDescription d = descriptions.describe(pod(container().image("busybox").build()), resources, context).description();
        assertThat(d.restartPolicy()).isEqualTo(RestartPolicy.ALWAYS);
        assertThat(d.terminationGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.hostname()).isEqualTo("web-0");
        assertThat(d.containers().get(0).imagePullPolicy()).isEqualTo(ImagePullPolicy.ALWAYS);
        assertThat(d.containers().get(0).resources()).isEqualTo(Resources.NONE);
    }

    @ParameterizedTest(name = "{0} with policy \"{1}\" → {2}")
    @CsvSource({
            "busybox, , ALWAYS",
            "busybox:latest, , ALWAYS",
            "busybox:1.36, , IF_NOT_PRESENT",
            "registry:5000/busybox, , ALWAYS",
            "registry:5000/busybox:1.36, , IF_NOT_PRESENT",
            "busybox@sha256:abc, , IF_NOT_PRESENT",
            "busybox:1.36, Always, ALWAYS",
            "busybox, Never, NEVER",
            "busybox, IfNotPresent, IF_NOT_PRESENT"})
    void pullPolicy(String image, String policy, ImagePullPolicy expected) {
        assertThat(PodDescriptions.pullPolicy(policy, image)).isEqualTo(expected);
    }

    @Test
    @DisplayName("DNS: Default policy, host network and no cluster DNS use the node's resolver")
    void dnsPolicies() {
        PodSpec dflt = PodSpec.builder().dnsPolicy("Default").containers(List.of(container().build())).build();
        assertThat(descriptions.describe(pod(dflt), resources, context).description().dnsConfig()).isEqualTo(DnsConfig.DEFAULT);
        PodSpec host = PodSpec.builder().hostNetwork(true).containers(List.of(container().build())).build();
        assertThat(descriptions.describe(pod(host), resources, context).description().dnsConfig()).isEqualTo(DnsConfig.DEFAULT);
        PodSpec hostCluster = PodSpec.builder().hostNetwork(true).dnsPolicy("ClusterFirstWithHostNet")
                .containers(List.of(container().build())).build();
        assertThat(descriptions.describe(pod(hostCluster), resources, context).description().dnsConfig().nameservers())
                .containsExactly("10.96.0.10");
        assertThat(new PodDescriptions("cluster.local", List.of()).describe(pod(container().build()), resources, context)
                .description().dnsConfig()).isEqualTo(DnsConfig.DEFAULT);
    }

    @Nested
    @DisplayName("DNS as kubelet maps dnsPolicy and dnsConfig")
    class Dns {
        private final DnsConfig node = new DnsConfig(List.of("192.168.1.1", "192.168.1.2"), List.of("corp.example"),
                List.of("ndots:1", "timeout:2"));
        private final PodDescriptions onNode = new PodDescriptions("cluster.local", List.of("10.96.0.10"), () -> node);

        private DnsConfig dns(PodDescriptions d, PodSpec.Builder spec) {
            return d.describe(pod(spec.containers(List.of(container().build())).build()), resources, context).description().dnsConfig();
        }

        @Test
        @DisplayName("ClusterFirst (the default): cluster server, namespace search path then the node's, ndots:5")
        void clusterFirst() {
            DnsConfig expected = new DnsConfig(List.of("10.96.0.10"),
                    List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"), List.of("ndots:5"));
            assertThat(dns(onNode, PodSpec.builder())).isEqualTo(expected);
            assertThat(dns(onNode, PodSpec.builder().dnsPolicy("ClusterFirst"))).isEqualTo(expected);
            assertThat(dns(new PodDescriptions("corp.internal", List.of("10.0.0.10", "10.0.0.11"), () -> DnsConfig.DEFAULT),
                    PodSpec.builder())).isEqualTo(new DnsConfig(List.of("10.0.0.10", "10.0.0.11"),
                    List.of("shop.svc.corp.internal", "svc.corp.internal", "corp.internal"), List.of("ndots:5")));
        }

        @Test
        @DisplayName("host network: ClusterFirst means Default, ClusterFirstWithHostNet keeps the cluster DNS")
        void hostNetwork() {
            assertThat(dns(onNode, PodSpec.builder().hostNetwork(true))).isEqualTo(DnsConfig.DEFAULT);
            assertThat(dns(onNode, PodSpec.builder().hostNetwork(true).dnsPolicy("ClusterFirstWithHostNet")).nameservers())
                    .containsExactly("10.96.0.10");
            assertThat(dns(onNode, PodSpec.builder().hostNetwork(false).dnsPolicy("ClusterFirstWithHostNet")).nameservers())
                    .containsExactly("10.96.0.10");
        }

        @Test
        @DisplayName("Default, and ClusterFirst without cluster DNS servers, leave the node's resolver to the runtime")
        void defaultPolicy() {
            assertThat(dns(onNode, PodSpec.builder().dnsPolicy("Default"))).isEqualTo(DnsConfig.DEFAULT);
            assertThat(dns(new PodDescriptions("cluster.local", List.of(), () -> node), PodSpec.builder())).isEqualTo(DnsConfig.DEFAULT);
        }

        @Test
        @DisplayName("None: exactly the pod's dnsConfig")
        void none() {
            PodDNSConfig own = new PodDNSConfig(List.of("1.1.1.1"), List.of("a.example", "b.example"),
                    List.of(new PodDNSConfigOption("ndots", "2"), new PodDNSConfigOption("edns0", null)));
            assertThat(dns(onNode, PodSpec.builder().dnsPolicy("None").dnsConfig(own)))
                    .isEqualTo(new DnsConfig(List.of("1.1.1.1"), List.of("a.example", "b.example"), List.of("ndots:2", "edns0")));
        }

        @Test
        @DisplayName("a dnsConfig is appended: duplicates dropped, options replaced by name, at most 3 servers")
        void dnsConfigIsMerged() {
            PodDNSConfig extra = new PodDNSConfig(List.of("10.96.0.10", "9.9.9.9", "8.8.8.8", "7.7.7.7"),
                    List.of("svc.cluster.local", "extra.example"), List.of(new PodDNSConfigOption("ndots", "3"),
                    new PodDNSConfigOption("rotate", "")));
            assertThat(dns(onNode, PodSpec.builder().dnsConfig(extra))).isEqualTo(new DnsConfig(
                    List.of("10.96.0.10", "9.9.9.9", "8.8.8.8"),
                    List.of("shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example", "extra.example"),
                    List.of("ndots:3", "rotate")));
            // Default with a dnsConfig starts from the node's resolver, since the runtime's default would be replaced
            assertThat(dns(onNode, PodSpec.builder().dnsPolicy("Default").dnsConfig(new PodDNSConfig(List.of("9.9.9.9"), null,
                    List.of(new PodDNSConfigOption("timeout", "5")))))).isEqualTo(new DnsConfig(
                    List.of("192.168.1.1", "192.168.1.2", "9.9.9.9"), List.of("corp.example"), List.of("ndots:1", "timeout:5")));
        }

        @Test
        @DisplayName("the node's resolv.conf is parsed as glibc reads it")
        void resolvConf() {
            assertThat(ResolvConf.parse("""
                    # generated
                    nameserver 10.0.0.2
                    domain old.example
                    search a.example  b.example
                    ; comment
                    nameserver 10.0.0.3
                    options ndots:2 rotate
                    sortlist 130.155.160.0/255.255.240.0
                    """)).isEqualTo(new DnsConfig(List.of("10.0.0.2", "10.0.0.3"), List.of("a.example", "b.example"),
                    List.of("ndots:2", "rotate")));
            assertThat(ResolvConf.read(java.nio.file.Path.of("/no/such/resolv.conf"))).isEqualTo(DnsConfig.DEFAULT);
        }
    }

    @Test
    @DisplayName("image pull secrets become registry credentials; a missing one is a warning")
    void pullSecrets() {
        String auth = Base64.getEncoder().encodeToString(utf8("bob:hunter2"));
        resources.secrets.put("shop/regcred", Secret.builder().metadata(ObjectMeta.of("shop", "regcred"))
                .type("kubernetes.io/dockerconfigjson")
                .data(Map.of(".dockerconfigjson", utf8("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + auth
                        + "\"},\"registry.example.com:5000\":{\"username\":\"alice\",\"password\":\"pw\"}}}")))
                .build());
        PodSpec spec = PodSpec.builder().containers(List.of(container().build()))
                .imagePullSecrets(List.of(new LocalObjectReference("regcred"), new LocalObjectReference("gone"))).build();
        PodDescriptions.Translation t = descriptions.describe(pod(spec), resources, context);
        assertThat(t.pullCredentials()).containsExactlyInAnyOrder(
                new RegistryCredentials("docker.io", "bob", "hunter2", null),
                new RegistryCredentials("registry.example.com:5000", "alice", "pw", null));
        assertThat(t.warnings()).singleElement().asString().contains("\"gone\" not found");
    }

    @Nested
    @DisplayName("what is missing becomes a clear error")
    class Errors {
        private PodConfigException error(Pod pod) {
            try {
                descriptions.describe(pod, resources, context);
            } catch (PodConfigException e) {
                return e;
            }
            throw new AssertionError("no PodConfigException");
        }

        @Test
        @DisplayName("a missing secret of an env var is CreateContainerConfigError naming the field and container")
        void missingSecretEnv() {
            PodConfigException e = error(pod(container().env(List.of(from("P",
                    new EnvVarSource(null, null, null, new SecretKeySelector("nope", "p", null))))).build()));
            assertThat(e.reason()).isEqualTo(PodConfigException.CREATE_CONTAINER_CONFIG_ERROR);
            assertThat(e.container()).isEqualTo("app");
            assertThat(e.field()).isEqualTo("spec.containers[0].env[0].valueFrom.secretKeyRef");
            assertThat(e.getMessage()).contains("secret \"nope\" not found");
        }

        @Test
        @DisplayName("a missing key of a config map is CreateContainerConfigError")
        void missingKey() {
            PodConfigException e = error(pod(container().env(List.of(from("P",
                    new EnvVarSource(null, null, new ConfigMapKeySelector("settings", "nokey", false), null)))).build()));
            assertThat(e.reason()).isEqualTo(PodConfigException.CREATE_CONTAINER_CONFIG_ERROR);
            assertThat(e.getMessage()).contains("couldn't find key nokey in ConfigMap shop/settings");
        }

        @Test
        @DisplayName("a missing envFrom source is an error unless optional")
        void missingEnvFrom() {
            assertThat(error(pod(container().envFrom(List.of(new EnvFromSource(null, null, new SecretEnvSource("nope", null))))
                    .build())).field()).isEqualTo("spec.containers[0].envFrom[0].secretRef");
            assertThat(descriptions.describe(pod(container().envFrom(List.of(new EnvFromSource(null, null,
                    new SecretEnvSource("nope", true)))).build()), resources, context).description()).isNotNull();
        }

        @Test
        @DisplayName("a missing secret volume is FailedMount; an optional one is an empty volume")
        void missingSecretVolume() {
            Volume missing = new Volume("v", null, null, new SecretVolumeSource("nope", null, null, null), null, null);
            PodConfigException e = error(pod(PodSpec.builder().volumes(List.of(missing)).containers(List.of(container().build())).build()));
            assertThat(e.reason()).isEqualTo(PodConfigException.FAILED_MOUNT);
            assertThat(e.field()).isEqualTo("spec.volumes[0].secret.secretName");
            Volume optional = new Volume("v", null, null, new SecretVolumeSource("nope", null, null, true), null, null);
            PodDescription d = descriptions.describe(pod(PodSpec.builder().volumes(List.of(optional))
                    .containers(List.of(container().build())).build()), resources, context).description();
            assertThat(d.findVolume("v")).contains(new PreparedFiles("v", List.of(), true));
        }

        @Test
        @DisplayName("an unbound claim and a missing item key are FailedMount")
        void unboundClaim() {
            Volume claim = new Volume("d", null, null, null, null, new PersistentVolumeClaimVolumeSource("pending", null));
            assertThat(error(pod(PodSpec.builder().volumes(List.of(claim)).containers(List.of(container().build())).build()))
                    .getMessage()).contains("persistentvolumeclaim \"pending\" not found or not bound");
            Volume item = new Volume("c", null, null, null,
                    new ConfigMapVolumeSource("settings", List.of(new KeyToPath("missing", "m", null)), null, null), null);
            assertThat(error(pod(PodSpec.builder().volumes(List.of(item)).containers(List.of(container().build())).build()))
                    .field()).isEqualTo("spec.volumes[0].configMap.items[0].key");
        }

        @Test
        @DisplayName("unsupported field paths, subPath mounts and unknown restart policies are rejected")
        void unsupported() {
            assertThat(error(pod(container().env(List.of(from("X", field("status.phase")))).build())).getMessage())
                    .contains("unsupported field path \"status.phase\"");
            Volume v = new Volume("v", new EmptyDirVolumeSource(null, null), null, null, null, null);
            assertThat(error(pod(PodSpec.builder().volumes(List.of(v)).containers(List.of(container()
                    .volumeMounts(List.of(new VolumeMount("v", null, "/v", "sub", null))).build())).build())).field())
                    .isEqualTo("spec.containers[0].volumeMounts[0].subPath");
            assertThatThrownBy(() -> descriptions.describe(pod(PodSpec.builder().restartPolicy("Sometimes")
                    .containers(List.of(container().build())).build()), resources, context))
                    .isInstanceOf(PodConfigException.class).hasMessageContaining("spec.restartPolicy");
        }

        @Test
        @DisplayName("a mount of no volume is CreateContainerConfigError from the runtime's own check")
        void mountOfNoVolume() {
            PodConfigException e = error(pod(container().volumeMounts(List.of(new VolumeMount("ghost", null, "/g", null, null))).build()));
            assertThat(e.reason()).isEqualTo(PodConfigException.CREATE_CONTAINER_CONFIG_ERROR);
            assertThat(e.getMessage()).contains("ghost");
        }
    }

    @Test
    @DisplayName("secret stringData counts as data")
    void stringData() {
        Secret s = Secret.builder().metadata(ObjectMeta.of("shop", "s")).data(Map.of("a", utf8("1")))
                .stringData(Map.of("b", "2")).build();
        assertThat(PodDescriptions.secretData(s).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new String(e.getValue(), StandardCharsets.UTF_8))))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
    }
}
