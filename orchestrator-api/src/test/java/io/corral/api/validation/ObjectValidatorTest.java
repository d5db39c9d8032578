package io.corral.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.codec.ObjectCodec;
import io.corral.api.labels.LabelSelector;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.DeploymentSpec;
import io.corral.api.model.apps.DeploymentStrategy;
import io.corral.api.model.apps.RollingUpdateDeployment;
import io.corral.api.model.apps.StatefulSet;
import io.corral.api.model.batch.Job;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.coordination.LeaseSpec;
import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerPort;
import io.corral.api.model.core.EmptyDirVolumeSource;
import io.corral.api.model.core.ExecAction;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodDNSConfig;
import io.corral.api.model.core.PodDNSConfigOption;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.core.Probe;
import io.corral.api.model.core.ResourceRequirements;
import io.corral.api.model.core.Secret;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.core.TCPSocketAction;
import io.corral.api.model.core.Toleration;
import io.corral.api.model.core.Volume;
import io.corral.api.model.core.VolumeMount;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.networking.Ingress;
import io.corral.api.quantity.Quantity;
import io.corral.api.status.StatusReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectValidatorTest {
    private static final Map<String, String> APP = Map.of("app", "web");

    static Container container(String name) {
        return Container.builder().name(name).image("nginx:1.25").build();
    }

    static Pod pod(PodSpec spec) {
        return Pod.builder().metadata(ObjectMeta.of("default", "web-0")).spec(spec).build();
    }

    static Pod pod(Container... containers) {
        return pod(PodSpec.builder().containers(List.of(containers)).build());
    }

    /** The printed field paths of the errors. */
    static List<String> paths(KubernetesObject<?> o) {
        return ObjectValidator.validate(o).stream().map(e -> e.field().toString()).toList();
    }

    static Deployment deployment(LabelSelector selector, Map<String, String> templateLabels) {
        return Deployment.builder().metadata(ObjectMeta.of("default", "web")).spec(DeploymentSpec.builder()
                .replicas(2).selector(selector)
                .template(PodTemplateSpec.builder().metadata(ObjectMeta.builder().labels(templateLabels).build())
                        .spec(PodSpec.builder().containers(List.of(container("web"))).build()).build())
                .build()).build();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nginx-deployment.yaml", "service.yaml", "statefulset-web.yaml",
            "pod-two-containers.yaml", "job-pi.yaml", "ingress.yaml", "secret.yaml"})
    @DisplayName("manifests from the Kubernetes documentation are valid")
    void documentationManifestsAreValid(String file) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/manifests/" + file)) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (Object o : new ObjectCodec().decodeYamlDocuments(yaml)) {
                assertThat(ObjectValidator.validate((KubernetesObject<?>) o)).isEmpty();
            }
        }
    }

    @Nested
    class Metadata {
        @Test
        void nameOrGenerateNameIsRequired() {
            Pod p = pod(container("a")).withMetadata(ObjectMeta.builder().namespace("default").build());
            assertThat(paths(p)).containsExactly("metadata.name");
            assertThat(paths(p.withMetadata(ObjectMeta.builder().generateName("web-").build()))).isEmpty();
        }

        @Test
        void nameBoundaries() {
            String subdomain253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
            assertThat(subdomain253).hasSize(253);
            assertThat(paths(pod(container("a")).withMetadata(ObjectMeta.named(subdomain253)))).isEmpty();
            assertThat(paths(pod(container("a")).withMetadata(ObjectMeta.named(subdomain253 + "d"))))
                    .containsExactly("metadata.name");
            assertThat(paths(pod(container("a")).withMetadata(ObjectMeta.named("Web_0"))))
                    .containsExactly("metadata.name");
        }

        @Test
        void namespacesAndServicesAreNamedByDnsLabels() {
            Namespace ok = Namespace.builder().metadata(ObjectMeta.named("a".repeat(63))).build();
            assertThat(paths(ok)).isEmpty();
            assertThat(paths(ok.withMetadata(ObjectMeta.named("a".repeat(64))))).containsExactly("metadata.name");
            assertThat(paths(ok.withMetadata(ObjectMeta.named("my.namespace")))).containsExactly("metadata.name");
            Service svc = Service.builder().metadata(ObjectMeta.of("default", "my.svc")).spec(ServiceSpec.builder()
                    .ports(List.of(new ServicePort(null, null, null, 80, null, null))).build()).build();
            assertThat(paths(svc)).containsExactly("metadata.name");
        }

        @Test
        void namespaceLabelsAndAnnotationsAreChecked() {
            ObjectMeta meta = ObjectMeta.builder().name("web").namespace("Bad_NS")
                    .labels(Map.of("app", "bad value!")).annotations(Map.of("bad key!", "x")).build();
            assertThat(paths(pod(container("a")).withMetadata(meta)))
                    .containsExactlyInAnyOrder("metadata.namespace", "metadata.labels[\"app\"]", "metadata.annotations");
        }
    }

    @Nested
    class Pods {
        @Test
        void atLeastOneContainer() {
            assertThat(paths(pod())).containsExactly("spec.containers");
        }

        @Test
        void containerNameAndImageRequiredAndNamesUnique() {
            Container noImage = Container.builder().name("b").build();
            assertThat(paths(pod(container("a"), noImage))).containsExactly("spec.containers[1].image");
            assertThat(paths(pod(container("a"), container("a")))).containsExactly("spec.containers[1].name");
            assertThat(paths(pod(container("a"), container("Not_A_Label")))).containsExactly("spec.containers[1].name");
            PodSpec initClash = PodSpec.builder().initContainers(List.of(container("a")))
                    .containers(List.of(container("a"))).build();
            assertThat(paths(pod(initClash))).containsExactly("spec.containers[0].name");
        }

        @Test
        void portsInRange() {
            Container ports = container("a").toBuilder().ports(List.of(
                    new ContainerPort("http", null, 1, "TCP", null),
                    new ContainerPort(null, null, 65535, null, null),
                    new ContainerPort(null, null, 0, null, null),
                    new ContainerPort(null, 70000, 65536, "HTTP", null))).build();
            assertThat(paths(pod(ports))).containsExactly("spec.containers[0].ports[2].containerPort",
                    "spec.containers[0].ports[3].containerPort", "spec.containers[0].ports[3].hostPort",
                    "spec.containers[0].ports[3].protocol");
        }

        @Test
        void restartPolicyValues() {
            for (String ok : List.of("Always", "OnFailure", "Never")) {
                assertThat(paths(pod(PodSpec.builder().containers(List.of(container("a"))).restartPolicy(ok).build())))
                        .isEmpty();
            }
            var errors = ObjectValidator.validate(pod(PodSpec.builder().containers(List.of(container("a")))
                    .restartPolicy("Sometimes").build()));
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.field()).hasToString("spec.restartPolicy");
                assertThat(e.type()).isEqualTo(FieldError.Type.NOT_SUPPORTED);
                assertThat(e.badValue()).isEqualTo("Sometimes");
            });
        }

        @Test
        void volumesUniqueAndMountsReferToThem() {
            Volume data = new Volume("data", new EmptyDirVolumeSource("Memory", Quantity.parse("64Mi")), null, null,
                    null, null);
            Container c = container("a").toBuilder().volumeMounts(List.of(
                    new VolumeMount("data", null, "/data", null, null),
                    new VolumeMount("missing", null, "/missing", null, null))).build();
            PodSpec spec = PodSpec.builder().volumes(List.of(data, data, new Volume("empty", null, null, null, null, null)))
                    .containers(List.of(c)).build();
            assertThat(paths(pod(spec))).containsExactly("spec.volumes[1].name", "spec.volumes[2]",
                    "spec.containers[0].volumeMounts[1].name");
        }

        @Test
        void probeHasExactlyOneHandler() {
            Probe none = Probe.builder().periodSeconds(10).build();
            Probe two = Probe.builder().exec(new ExecAction(List.of("true")))
                    .tcpSocket(new TCPSocketAction(IntOrString.of(80), null)).build();
            Probe negative = Probe.builder().exec(new ExecAction(List.of("true"))).initialDelaySeconds(-1).build();
            Container c = container("a").toBuilder().livenessProbe(none).readinessProbe(two).startupProbe(negative).build();
            var errors = ObjectValidator.validate(pod(c));
            assertThat(errors).extracting(e -> e.field().toString()).containsExactly("spec.containers[0].livenessProbe",
                    "spec.containers[0].readinessProbe", "spec.containers[0].startupProbe.initialDelaySeconds");
            assertThat(errors.get(0).type()).isEqualTo(FieldError.Type.REQUIRED);
            assertThat(errors.get(1).type()).isEqualTo(FieldError.Type.FORBIDDEN);
        }

        @Test
        void limitsAtLeastRequests() {
            ResourceRequirements equal = new ResourceRequirements(Map.of("cpu", Quantity.parse("1")),
                    Map.of("cpu", Quantity.parse("1000m")));
            assertThat(paths(pod(container("a").toBuilder().resources(equal).build()))).isEmpty();
            ResourceRequirements over = new ResourceRequirements(Map.of("memory", Quantity.parse("128Mi")),
                    Map.of("memory", Quantity.parse("129Mi"), "cpu", Quantity.parse("-1")));
            assertThat(paths(pod(container("a").toBuilder().resources(over).build()))).containsExactlyInAnyOrder(
                    "spec.containers[0].resources.requests[\"memory\"]", "spec.containers[0].resources.requests[\"cpu\"]");
        }

        @Test
        void tolerations() {
            PodSpec spec = PodSpec.builder().containers(List.of(container("a"))).tolerations(List.of(
                    new Toleration("k", "Exists", null, "NoExecute", 30L),
                    new Toleration("k", "Exists", "v", null, null),
                    new Toleration(null, "Equal", null, null, null),
                    new Toleration("k", "Equal", "v", "NoSchedule", 5L))).build();
            assertThat(paths(pod(spec))).containsExactly("spec.tolerations[1].operator",
                    "spec.tolerations[2].operator", "spec.tolerations[3].effect");
        }

        @Test
        void dnsConfigAsKubernetesLimitsIt() {
            PodSpec ok = PodSpec.builder().containers(List.of(container("a"))).dnsPolicy("None")
                    .dnsConfig(new PodDNSConfig(List.of("10.0.0.10", "fd00::a"), List.of("corp.example.", "svc.cluster.local"),
                            List.of(new PodDNSConfigOption("ndots", "2"), new PodDNSConfigOption("rotate", null))))
                    .build();
            assertThat(paths(pod(ok))).isEmpty();
            assertThat(paths(pod(ok.toBuilder().dnsConfig(null).build()))).containsExactly("spec.dnsConfig");
            assertThat(paths(pod(ok.toBuilder().dnsConfig(new PodDNSConfig(null, List.of("a.example"), null)).build())))
                    .containsExactly("spec.dnsConfig.nameservers");
            PodDNSConfig bad = new PodDNSConfig(List.of("1.1.1.1", "10.0.0.256", "8.8.8.8", "9.9.9.9"),
                    List.of("Not_A_Domain", ""), List.of(new PodDNSConfigOption(null, "1")));
            assertThat(paths(pod(ok.toBuilder().dnsPolicy("ClusterFirst").dnsConfig(bad).build()))).containsExactly(
                    "spec.dnsConfig.nameservers", "spec.dnsConfig.nameservers[1]", "spec.dnsConfig.searches[0]",
                    "spec.dnsConfig.searches[1]", "spec.dnsConfig.options[0].name");
            List<String> many = java.util.stream.IntStream.range(0, 33).mapToObj(i -> "d" + i + ".example").toList();
            assertThat(paths(pod(ok.toBuilder().dnsConfig(new PodDNSConfig(List.of("1.1.1.1"), many, null)).build())))
                    .containsExactly("spec.dnsConfig.searches");
        }

        @Test
        void allErrorsAreThrownAtOnce() {
            Pod bad = pod(Container.builder().name("a").build(), Container.builder().image("x").build())
                    .withMetadata(ObjectMeta.of("default", "BAD"));
            assertThatThrownBy(() -> ObjectValidator.validateOrThrow(bad))
                    .isInstanceOfSatisfying(InvalidObjectException.class, e -> {
                        assertThat(e.reason()).isEqualTo(StatusReason.INVALID);
                        assertThat(e.errors()).extracting(f -> f.field().toString()).containsExactly(
                                "metadata.name", "spec.containers[0].image", "spec.containers[1].name");
                        assertThat(e.details().causes()).hasSize(3);
                    })
                    .hasMessageStartingWith("Pod \"BAD\" is invalid: ");
        }
    }

    @Nested
    class Workloads {
        @Test
        void selectorMustMatchTemplateLabels() {
            assertThat(paths(deployment(LabelSelector.matchLabels(APP), APP))).isEmpty();
            assertThat(paths(deployment(LabelSelector.matchLabels(APP), Map.of("app", "db"))))
                    .containsExactly("spec.template.metadata.labels");
            assertThat(paths(deployment(null, APP))).containsExactly("spec.selector");
            assertThat(paths(deployment(new LabelSelector(null, null), APP))).containsExactly("spec.selector");
        }

        @Test
        void replicasNotNegative() {
            Deployment d = deployment(LabelSelector.matchLabels(APP), APP);
            assertThat(paths(d.withSpec(d.spec().toBuilder().replicas(0).build()))).isEmpty();
            assertThat(paths(d.withSpec(d.spec().toBuilder().replicas(-1).build()))).containsExactly("spec.replicas");
        }

        @Test
        void templateRestartPolicyMustBeAlways() {
            Deployment d = deployment(LabelSelector.matchLabels(APP), APP);
            PodTemplateSpec t = d.spec().template();
            Deployment never = d.withSpec(d.spec().toBuilder().template(t.toBuilder()
                    .spec(t.spec().toBuilder().restartPolicy("Never").build()).build()).build());
            assertThat(paths(never)).containsExactly("spec.template.spec.restartPolicy");
        }

        @Test
        void rollingUpdateBounds() {
            Deployment d = deployment(LabelSelector.matchLabels(APP), APP);
            Deployment zero = d.withSpec(d.spec().toBuilder().strategy(new DeploymentStrategy("RollingUpdate",
                    new RollingUpdateDeployment(IntOrString.of(0), IntOrString.of("0%")))).build());
            assertThat(paths(zero)).containsExactly("spec.strategy.rollingUpdate.maxUnavailable");
            Deployment recreate = d.withSpec(d.spec().toBuilder().strategy(new DeploymentStrategy("Recreate",
                    new RollingUpdateDeployment(IntOrString.of("110%"), IntOrString.of("x")))).build());
            assertThat(paths(recreate)).containsExactly("spec.strategy.rollingUpdate",
                    "spec.strategy.rollingUpdate.maxSurge", "spec.strategy.rollingUpdate.maxUnavailable");
            Deployment blue = d.withSpec(d.spec().toBuilder().strategy(new DeploymentStrategy("BlueGreen", null)).build());
            assertThat(paths(blue)).containsExactly("spec.strategy.type");
        }

        @Test
        void jobNeedsOnFailureOrNeverAndNonNegativeCounts() throws IOException {
            Job job;
            try (InputStream in = getClass().getResourceAsStream("/manifests/job-pi.yaml")) {
                job = new ObjectCodec().readYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), Job.class);
            }
            PodTemplateSpec t = job.spec().template();
            Job always = job.withSpec(job.spec().toBuilder().backoffLimit(-1).template(t.toBuilder()
                    .spec(t.spec().toBuilder().restartPolicy(null).build()).build()).build());
            assertThat(paths(always)).containsExactly("spec.backoffLimit", "spec.template.spec.restartPolicy");
        }

        @Test
        void statefulSetClaimTemplatesNeedStorage() throws IOException {
            StatefulSet sts;
            try (InputStream in = getClass().getResourceAsStream("/manifests/statefulset-web.yaml")) {
                sts = (StatefulSet) new ObjectCodec().decodeYamlDocuments(
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)).get(1);
            }
            var claim = sts.spec().volumeClaimTemplates().get(0);
            var noStorage = claim.withSpec(claim.spec().toBuilder().resources(null).accessModes(List.of("Sometimes"))
                    .build());
            assertThat(paths(sts.withSpec(sts.spec().toBuilder().volumeClaimTemplates(List.of(noStorage)).build())))
                    .containsExactly("spec.volumeClaimTemplates[0].spec.accessModes[0]",
                            "spec.volumeClaimTemplates[0].spec.resources.requests[\"storage\"]");
        }
    }

    @Nested
    class Networking {
        Service service(ServicePort... ports) {
            return Service.builder().metadata(ObjectMeta.of("default", "svc"))
                    .spec(ServiceSpec.builder().ports(List.of(ports)).selector(APP).build()).build();
        }

        @Test
        void servicePorts() {
            assertThat(paths(service(new ServicePort("a", "TCP", null, 1, IntOrString.of(65535), null),
                    new ServicePort("b", "UDP", null, 65535, IntOrString.of("http"), null)))).isEmpty();
            assertThat(paths(service(new ServicePort("a", "TCP", null, 0, IntOrString.of(0), 30000),
                    new ServicePort(null, "HTTP", null, 80, IntOrString.of("Not_A_Name"), null))))
                    .containsExactly("spec.ports[0].port", "spec.ports[0].targetPort", "spec.ports[0].nodePort",
                            "spec.ports[1].name", "spec.ports[1].protocol", "spec.ports[1].targetPort");
            assertThat(paths(service())).containsExactly("spec.ports");
        }

        @Test
        void serviceTypeAndClusterIp() {
            Service s = service(new ServicePort(null, null, null, 80, null, null));
            assertThat(paths(s.withSpec(s.spec().toBuilder().type("Magic").clusterIP("10.0.0.300").build())))
                    .containsExactly("spec.type", "spec.clusterIP");
            assertThat(paths(s.withSpec(s.spec().toBuilder().clusterIP("10.96.0.10").build()))).isEmpty();
            assertThat(paths(s.withSpec(s.spec().toBuilder().clusterIP("fd00::10").build()))).isEmpty();
            assertThat(paths(s.withSpec(s.spec().toBuilder().type("ExternalName").ports(null).build())))
                    .containsExactly("spec.externalName");
        }

        @Test
        void ingressPathTypes() throws IOException {
            Ingress ing;
            try (InputStream in = getClass().getResourceAsStream("/manifests/ingress.yaml")) {
                ing = new ObjectCodec().readYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), Ingress.class);
            }
            String json = new ObjectCodec().toJson(ing).replace("\"pathType\":\"Prefix\"", "\"pathType\":\"Regex\"")
                    .replace("\"number\":80", "\"number\":0");
            Ingress bad = new ObjectCodec().read(json, Ingress.class);
            assertThat(paths(bad)).containsExactly("spec.rules[0].http.paths[0].pathType",
                    "spec.rules[0].http.paths[0].backend.service.port.number");
        }
    }

    @Nested
    class Others {
        @Test
        void secretAndConfigMapKeys() {
            Secret s = Secret.builder().metadata(ObjectMeta.of("default", "s"))
                    .data(Map.of("ok.key", new byte[1], "bad/key", new byte[1])).build();
            assertThat(paths(s)).containsExactly("data[\"bad/key\"]");
            Secret tls = Secret.builder().metadata(ObjectMeta.of("default", "t")).type("kubernetes.io/tls")
                    .data(Map.of("tls.crt", new byte[1])).build();
            assertThat(paths(tls)).containsExactly("data[\"tls.key\"]");
            ConfigMap cm = ConfigMap.builder().metadata(ObjectMeta.of("default", "c")).data(Map.of("a", "x", "..", "y"))
                    .binaryData(Map.of("a", new byte[1])).build();
            assertThat(paths(cm)).containsExactly("data[\"..\"]", "binaryData[\"a\"]");
        }

        @Test
        void lease() {
            Lease ok = Lease.builder().metadata(ObjectMeta.of("kube-system", "l"))
                    .spec(new LeaseSpec("me", 1, null, null, 0)).build();
            assertThat(paths(ok)).isEmpty();
            Lease bad = ok.withSpec(new LeaseSpec("me", 0, null, null, -1));
            assertThat(paths(bad)).containsExactly("spec.leaseDurationSeconds", "spec.leaseTransitions");
        }
    }
}
