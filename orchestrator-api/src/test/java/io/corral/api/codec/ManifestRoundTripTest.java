package io.corral.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.StatefulSet;
import io.corral.api.model.batch.Job;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.Secret;
import io.corral.api.model.core.Service;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.model.networking.Ingress;
import io.corral.api.quantity.Quantity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestRoundTripTest {
    private final ObjectCodec codec = new ObjectCodec();

    static String manifest(String name) {
        try (InputStream in = ManifestRoundTripTest.class.getResourceAsStream("/manifests/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nginx-deployment.yaml", "service.yaml", "statefulset-web.yaml",
            "pod-two-containers.yaml", "job-pi.yaml", "ingress.yaml", "secret.yaml"})
    @DisplayName("YAML -> model -> JSON -> model gives an equal object, and again via YAML")
    void roundTrips(String file) {
        List<Object> objects = codec.decodeYamlDocuments(manifest(file));
        assertThat(objects).isNotEmpty();
        for (Object o : objects) {
            String json = codec.toJson(o);
            assertThat(codec.decode(json)).isEqualTo(o);
            assertThat(codec.read(json, o.getClass())).isEqualTo(o);
            assertThat(codec.decodeYaml(codec.toYaml(o))).isEqualTo(o);
            assertThat(json).doesNotContain("null").doesNotContain("[]").doesNotContain("{}");
        }
    }

    @Test
    void deploymentKeepsKeyFields() {
        Deployment d = codec.readYaml(manifest("nginx-deployment.yaml"), Deployment.class);
        assertThat(d.apiVersion()).isEqualTo("apps/v1");
        assertThat(d.metadata().name()).isEqualTo("nginx-deployment");
        assertThat(d.spec().replicas()).isEqualTo(3);
        assertThat(d.spec().selector().matchLabels()).containsExactly(Map.entry("app", "nginx"));
        assertThat(d.spec().strategy().rollingUpdate().maxSurge()).isEqualTo(IntOrString.of("25%"));
        assertThat(d.spec().strategy().rollingUpdate().maxUnavailable()).isEqualTo(IntOrString.of(1));
        Container c = d.spec().template().spec().containers().get(0);
        assertThat(c.image()).isEqualTo("nginx:1.14.2");
        assertThat(c.ports().get(0).containerPort()).isEqualTo(80);
        String json = codec.toJson(d);
        assertThat(json).startsWith("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":")
                .contains("\"maxSurge\":\"25%\"", "\"maxUnavailable\":1");
    }

    @Test
    void serviceKeepsIntAndNamedTargetPorts() {
        Service s = codec.readYaml(manifest("service.yaml"), Service.class);
        assertThat(s.spec().ports()).hasSize(2);
        assertThat(s.spec().ports().get(0).targetPort()).isEqualTo(IntOrString.of(9376));
        assertThat(s.spec().ports().get(1).targetPort()).isEqualTo(IntOrString.of("https-port"));
        assertThat(s.spec().selector()).containsEntry("app.kubernetes.io/name", "MyApp");
    }

    @Test
    void statefulSetManifestHasHeadlessServiceAndClaimTemplates() {
        List<Object> docs = codec.decodeYamlDocuments(manifest("statefulset-web.yaml"));
        assertThat(docs).hasSize(2);
        Service svc = (Service) docs.get(0);
        assertThat(svc.spec().clusterIP()).isEqualTo("None");
        StatefulSet sts = (StatefulSet) docs.get(1);
        assertThat(sts.spec().serviceName()).isEqualTo("nginx");
        assertThat(sts.spec().minReadySeconds()).isEqualTo(10);
        assertThat(sts.spec().template().spec().terminationGracePeriodSeconds()).isEqualTo(10L);
        var claim = sts.spec().volumeClaimTemplates().get(0);
        assertThat(claim.metadata().name()).isEqualTo("www");
        assertThat(claim.spec().accessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.spec().resources().requests().get("storage")).isEqualTo(Quantity.parse("1Gi"));
        assertThat(codec.toYamlDocuments(docs)).contains("clusterIP: None", "storage: 1Gi");
    }

    @Test
    void podKeepsContainersProbesResourcesAffinityAndStatus() {
        Pod p = codec.readYaml(manifest("pod-two-containers.yaml"), Pod.class);
        assertThat(p.spec().containers()).extracting(Container::name)
                .containsExactly("nginx-container", "debian-container");
        assertThat(p.spec().initContainers()).hasSize(1);
        Container nginx = p.spec().containers().get(0);
        assertThat(nginx.resources().limits().get("cpu").milliValue()).isEqualTo(500);
        assertThat(nginx.resources().requests().get("memory").longValue()).isEqualTo(64L * 1024 * 1024);
        assertThat(nginx.livenessProbe().httpGet().port()).isEqualTo(IntOrString.of(80));
        assertThat(nginx.livenessProbe().httpGet().httpHeaders().get(0).value()).isEqualTo("Awesome");
        assertThat(nginx.readinessProbe().tcpSocket().port()).isEqualTo(IntOrString.of("http"));
        assertThat(nginx.env().get(0).valueFrom().fieldRef().fieldPath()).isEqualTo("metadata.name");
        assertThat(p.spec().containers().get(1).startupProbe().exec().command())
                .containsExactly("cat", "/pod-data/index.html");
        assertThat(p.spec().volumes().get(0).emptyDir().medium()).isEqualTo("Memory");
        assertThat(p.spec().volumes().get(0).emptyDir().sizeLimit()).isEqualTo(Quantity.parse("64Mi"));
        assertThat(p.spec().tolerations().get(0).operator()).isEqualTo("Exists");
        var na = p.spec().affinity().nodeAffinity();
        assertThat(na.requiredDuringSchedulingIgnoredDuringExecution().nodeSelectorTerms().get(0)
                .matchExpressions().get(0).values()).containsExactly("antarctica-east1", "antarctica-west1");
        assertThat(p.spec().affinity().podAntiAffinity().preferredDuringSchedulingIgnoredDuringExecution().get(0)
                .podAffinityTerm().labelSelector().matchExpressions().get(0).key()).isEqualTo("security");
        assertThat(p.status().startTime()).isEqualTo(Instant.parse("2024-01-02T03:04:05Z"));
        assertThat(p.status().containerStatuses().get(0).lastState().terminated().exitCode()).isEqualTo(137);
        assertThat(codec.toJson(p)).contains("\"startTime\":\"2024-01-02T03:04:05Z\"", "\"cpu\":\"500m\"",
                "\"memory\":\"128Mi\"");
    }

    @Test
    void jobAndIngressKeepKeyFields() {
        Job j = codec.readYaml(manifest("job-pi.yaml"), Job.class);
        assertThat(j.spec().backoffLimit()).isEqualTo(4);
        assertThat(j.spec().template().spec().restartPolicy()).isEqualTo("Never");
        Ingress i = codec.readYaml(manifest("ingress.yaml"), Ingress.class);
        var path = i.spec().rules().get(0).http().paths().get(0);
        assertThat(path.pathType()).isEqualTo("Prefix");
        assertThat(path.backend().service().port().number()).isEqualTo(80);
        assertThat(i.spec().tls().get(0).secretName()).isEqualTo("testsecret-tls");
        assertThat(i.metadata().annotations()).containsKey("nginx.ingress.kubernetes.io/rewrite-target");
    }

    @Test
    void secretDataIsBase64OnTheWireAndBytesInJava() {
        Secret s = codec.readYaml(manifest("secret.yaml"), Secret.class);
        assertThat(new String(s.data().get("username"), StandardCharsets.UTF_8)).isEqualTo("admin");
        assertThat(s.data().get(".secret-file")).isEqualTo("value-2\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(codec.toJson(s)).contains("\"username\":\"YWRtaW4=\"");
        assertThat(s.toString()).doesNotContain("YWRtaW4=").doesNotContain("admin");
    }
}
