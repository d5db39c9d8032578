package io.corral.scheduler.plugins;

import static io.corral.scheduler.Fixtures.node;
import static io.corral.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.corral.scheduler.CycleState;
import org.junit.jupiter.api.Test;

class NodeConditionsTest {
    private final NodeConditions plugin = new NodeConditions();

    @Test
    void aReadySchedulableNodeFits() {
        assertThat(plugin.filter(new CycleState(), pod("p").info(), node("n").info()).isFit()).isTrue();
    }

    @Test
    void cordonedNodesAreUnschedulableUnlessTolerated() {
        var cordoned = node("n").unschedulable().info();
        assertThat(plugin.filter(new CycleState(), pod("p").info(), cordoned).reasons()).containsExactly("node(s) were unschedulable");
        assertThat(plugin.filter(new CycleState(),
                pod("ds").tolerate("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule").info(), cordoned).isFit()).isTrue();
    }

    @Test
    void notReadyNodesAreRejectedAsIfTainted() {
        assertThat(plugin.filter(new CycleState(), pod("p").info(), node("n").ready("False").info()).reasons())
                .containsExactly("node(s) had untolerated taint {node.kubernetes.io/not-ready: }");
        assertThat(plugin.filter(new CycleState(), pod("p").info(), node("n").ready("Unknown").info()).reasons())
                .containsExactly("node(s) had untolerated taint {node.kubernetes.io/unreachable: }");
        assertThat(plugin.filter(new CycleState(), pod("p").info(), node("n").ready(null).info()).isFit())
                .as("no Ready condition yet").isFalse();
    }

    @Test
    void theUsualTolerationLetsPodsOnNotReadyNodes() {
        var pod = pod("p").tolerate("node.kubernetes.io/not-ready", "Exists", null, null).info();
        assertThat(plugin.filter(new CycleState(), pod, node("n").ready("False").info()).isFit()).isTrue();
        assertThat(plugin.filter(new CycleState(), pod, node("n").ready("Unknown").info()).isFit())
                .as("tolerating not-ready is not tolerating unreachable").isFalse();
    }
}
