package io.corral.controller.daemonset;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeSpec;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.Taint;
import io.corral.api.model.core.Toleration;
import io.corral.api.model.meta.ObjectMeta;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeFitTest {
    private static Node node(Map<String, String> labels, Taint... taints) {
        return Node.builder().metadata(ObjectMeta.builder().name("n").labels(labels).build())
                .spec(new NodeSpec(null, null, null, null, List.of(taints))).build();
    }

    @Test
    void nodeSelectorMustMatchEveryLabel() {
        PodSpec spec = PodSpec.builder().nodeSelector(Map.of("disk", "ssd", "zone", "a")).build();
        assertThat(DaemonSetController.shouldRun(spec, node(Map.of("disk", "ssd", "zone", "a", "x", "y")))).isTrue();
        assertThat(DaemonSetController.shouldRun(spec, node(Map.of("disk", "ssd")))).isFalse();
    }

    @Test
    void noScheduleAndNoExecuteTaintsNeedAToleration() {
        Taint noSchedule = new Taint("dedicated", "db", "NoSchedule", null);
        Taint prefer = new Taint("dedicated", "db", "PreferNoSchedule", null);
        PodSpec plain = PodSpec.builder().build();
        assertThat(DaemonSetController.shouldRun(plain, node(Map.of(), noSchedule))).isFalse();
        assertThat(DaemonSetController.shouldRun(plain, node(Map.of(), prefer))).isTrue();
        PodSpec tolerant = PodSpec.builder().tolerations(List.of(new Toleration("dedicated", "Equal", "db", "NoSchedule", null))).build();
        assertThat(DaemonSetController.shouldRun(tolerant, node(Map.of(), noSchedule))).isTrue();
        PodSpec wrongValue = PodSpec.builder().tolerations(List.of(new Toleration("dedicated", "Equal", "web", null, null))).build();
        assertThat(DaemonSetController.shouldRun(wrongValue, node(Map.of(), noSchedule))).isFalse();
        PodSpec everything = PodSpec.builder().tolerations(List.of(new Toleration(null, "Exists", null, null, null))).build();
        assertThat(DaemonSetController.shouldRun(everything, node(Map.of(), noSchedule))).isTrue();
    }

    @Test
    void daemonPodsTolerateNodeConditionTaints() {
        PodSpec plain = PodSpec.builder().build();
        assertThat(DaemonSetController.shouldRun(plain, node(Map.of(),
                new Taint("node.kubernetes.io/not-ready", null, "NoExecute", null),
                new Taint("node.kubernetes.io/unschedulable", null, "NoSchedule", null)))).isTrue();
    }
}
