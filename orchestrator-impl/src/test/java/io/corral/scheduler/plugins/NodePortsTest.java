package io.corral.scheduler.plugins;

import static io.corral.scheduler.Fixtures.node;
import static io.corral.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.corral.scheduler.CycleState;
import io.corral.scheduler.NodeInfo;
import org.junit.jupiter.api.Test;

class NodePortsTest {
    private final NodePorts plugin = new NodePorts();
    private final NodeInfo node = node("n").info(pod("web").hostPort(80).nodeName("n").build(),
            pod("dns").hostPort(53, "UDP", "10.0.0.1").nodeName("n").build());

    @Test
    void aFreePortFits() {
        assertThat(plugin.filter(new CycleState(), pod("p").hostPort(8080).info(), node).isFit()).isTrue();
        assertThat(plugin.filter(new CycleState(), pod("q").hostPort(80, "UDP", null).info(), node).isFit()).as("other protocol").isTrue();
        assertThat(plugin.filter(new CycleState(), pod("r").hostPort(53, "UDP", "10.0.0.2").info(), node).isFit()).as("other IP").isTrue();
    }

    @Test
    void aUsedPortDoesNot() {
        assertThat(plugin.filter(new CycleState(), pod("p").hostPort(80).info(), node).reasons())
                .containsExactly("node(s) didn't have free ports for the requested pod ports");
        assertThat(plugin.filter(new CycleState(), pod("q").hostPort(53, "UDP", null).info(), node).isFit())
                .as("0.0.0.0 overlaps every IP").isFalse();
    }
}
