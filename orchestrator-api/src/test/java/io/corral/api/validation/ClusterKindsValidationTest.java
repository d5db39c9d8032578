package io.corral.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.autoscaling.CrossVersionObjectReference;
import io.corral.api.model.autoscaling.HorizontalPodAutoscaler;
import io.corral.api.model.autoscaling.HorizontalPodAutoscalerSpec;
import io.corral.api.model.core.EndpointAddress;
import io.corral.api.model.core.EndpointPort;
import io.corral.api.model.core.EndpointSubset;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.HostPathVolumeSource;
import io.corral.api.model.core.LimitRange;
import io.corral.api.model.core.LimitRangeItem;
import io.corral.api.model.core.LimitRangeSpec;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.NamespaceStatus;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeSpec;
import io.corral.api.model.core.ObjectReference;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeSpec;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.core.ReplicationController;
import io.corral.api.model.core.ReplicationControllerSpec;
import io.corral.api.model.core.ResourceQuota;
import io.corral.api.model.core.ResourceQuotaSpec;
import io.corral.api.model.core.Taint;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.quantity.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterKindsValidationTest {
    private static final ObjectMeta META = ObjectMeta.of("default", "x");

    static List<String> paths(KubernetesObject<?> o) {
        return ObjectValidator.validate(o).stream().map(e -> e.field().toString()).toList();
    }

    @Test
    void nodeTaints() {
        Node ok = Node.builder().metadata(ObjectMeta.named("n1")).spec(new NodeSpec(null, null, null, null,
                List.of(new Taint("dedicated", "gpu", "NoSchedule", null)))).build();
        assertThat(paths(ok)).isEmpty();
        Node bad = ok.withSpec(new NodeSpec(null, null, null, null, List.of(new Taint("k", null, "Sometimes", null),
                new Taint(null, null, "NoExecute", null), new Taint("k", null, "Sometimes", null))));
        assertThat(paths(bad)).containsExactly("spec.taints[0].effect", "spec.taints[1].key", "spec.taints[2].effect",
                "spec.taints[2]");
    }

    @Test
    void namespacePhase() {
        Namespace ns = Namespace.builder().metadata(ObjectMeta.named("team-a")).status(new NamespaceStatus("Active"))
                .build();
        assertThat(paths(ns)).isEmpty();
        assertThat(paths(ns.withStatus(new NamespaceStatus("Gone")))).containsExactly("status.phase");
    }

    @Test
    void persistentVolume() {
        PersistentVolume pv = PersistentVolume.builder().metadata(ObjectMeta.named("pv1"))
                .spec(PersistentVolumeSpec.builder().capacity(Map.of("storage", Quantity.parse("10Gi")))
                        .accessModes(List.of("ReadWriteOnce")).hostPath(new HostPathVolumeSource("/data", null))
                        .persistentVolumeReclaimPolicy("Retain").build()).build();
        assertThat(paths(pv)).isEmpty();
        PersistentVolume bad = pv.withSpec(pv.spec().toBuilder().capacity(Map.of("cpu", Quantity.parse("1")))
                .accessModes(List.of()).hostPath(null).persistentVolumeReclaimPolicy("Keep").build());
        assertThat(paths(bad)).containsExactly("spec.accessModes", "spec.capacity[\"storage\"]",
                "spec.persistentVolumeReclaimPolicy", "spec");
    }

    @Test
    void replicationControllerSelectorAndTemplate() {
        PodTemplateSpec template = PodTemplateSpec.builder().metadata(ObjectMeta.builder().labels(Map.of("app", "a")).build())
                .spec(PodSpec.builder().containers(List.of(ObjectValidatorTest.container("c"))).build()).build();
        ReplicationController rc = ReplicationController.builder().metadata(META)
                .spec(new ReplicationControllerSpec(1, null, Map.of("app", "a"), template)).build();
        assertThat(paths(rc)).isEmpty();
        assertThat(paths(rc.withSpec(new ReplicationControllerSpec(-1, null, Map.of("app", "b"), template))))
                .containsExactly("spec.replicas", "spec.template.metadata.labels");
    }

    @Test
    void horizontalPodAutoscaler() {
        var ref = new CrossVersionObjectReference("Deployment", "web", "apps/v1");
        HorizontalPodAutoscaler hpa = HorizontalPodAutoscaler.builder().metadata(META)
                .spec(new HorizontalPodAutoscalerSpec(ref, 1, 1, 80)).build();
        assertThat(paths(hpa)).isEmpty();
        assertThat(paths(hpa.withSpec(new HorizontalPodAutoscalerSpec(new CrossVersionObjectReference(null, "web", null),
                3, 2, 0)))).containsExactly("spec.scaleTargetRef.kind", "spec.maxReplicas",
                "spec.targetCPUUtilizationPercentage");
    }

    @Test
    void quotaAndLimitRange() {
        ResourceQuota quota = ResourceQuota.builder().metadata(META).spec(new ResourceQuotaSpec(
                Map.of("pods", Quantity.parse("10")), List.of("BestEffort"))).build();
        assertThat(paths(quota)).isEmpty();
        assertThat(paths(quota.withSpec(new ResourceQuotaSpec(Map.of("pods", Quantity.parse("-1")), List.of("Cheap")))))
                .containsExactly("spec.hard[\"pods\"]", "spec.scopes[0]");
        LimitRange lr = LimitRange.builder().metadata(META).spec(new LimitRangeSpec(List.of(new LimitRangeItem(
                "Container", Map.of("cpu", Quantity.parse("1")), Map.of("cpu", Quantity.parse("2")), null, null, null))))
                .build();
        assertThat(paths(lr)).containsExactly("spec.limits[0].min[\"cpu\"]");
    }

    @Test
    void endpointsAndEvents() {
        Endpoints ep = Endpoints.builder().metadata(META).subsets(List.of(new EndpointSubset(
                List.of(new EndpointAddress("10.0.0.1", null, null, null), new EndpointAddress("10.0.0.x", null, null, null)),
                null, List.of(new EndpointPort(null, 0, "TCP", null))))).build();
        assertThat(paths(ep)).containsExactly("subsets[0].addresses[1].ip", "subsets[0].ports[0].port");
        Event ok = Event.builder().metadata(META).involvedObject(new ObjectReference("Pod", "default", "p", null, "v1",
                null, null)).reason("Started").type("Normal").count(1).build();
        assertThat(paths(ok)).isEmpty();
        assertThat(paths(ok.toBuilder().involvedObject(null).type("Info").build()))
                .containsExactly("involvedObject", "type");
    }
}
