package io.corral.scheduler.plugins;

import static io.corral.scheduler.Fixtures.node;
import static io.corral.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.corral.scheduler.CycleState;
import io.corral.scheduler.FilterResult;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import org.junit.jupiter.api.Test;

class NodeResourcesFitTest {
    private final NodeResourcesFit plugin = new NodeResourcesFit();

    private FilterResult filter(PodInfo pod, NodeInfo node) {
        return plugin.filter(new CycleState(), pod, node);
    }

    @Test
    void aPodFitsInWhatIsLeft() {
        NodeInfo node = node("n1").cpu("4").memory("8Gi").info(pod("a").cpu("3").memory("4Gi").nodeName("n1").build());
        assertThat(filter(pod("b").cpu("1").memory("4Gi").info(), node).isFit()).isTrue();
    }

    @Test
    void requestsBeyondWhatIsLeftAreInsufficient() {
        NodeInfo node = node("n1").cpu("4").memory("8Gi").info(pod("a").cpu("3").memory("7Gi").nodeName("n1").build());
        assertThat(filter(pod("b").cpu("1500m").memory("2Gi").info(), node).reasons())
                .containsExactly("Insufficient cpu", "Insufficient memory");
        assertThat(filter(pod("c").cpu("1").info(), node).isFit()).isTrue();
    }

    @Test
    void extendedResourcesAndEphemeralStorageAreChecked() {
        NodeInfo node = node("n1").allocatable("nvidia.com/gpu", "1").allocatable("ephemeral-storage", "10Gi").info();
        assertThat(filter(pod("a").request("nvidia.com/gpu", "2").info(), node).reasons()).containsExactly("Insufficient nvidia.com/gpu");
        assertThat(filter(pod("b").request("example.com/fpga", "1").info(), node).reasons()).containsExactly("Insufficient example.com/fpga");
        assertThat(filter(pod("c").request("ephemeral-storage", "11Gi").info(), node).reasons()).containsExactly("Insufficient ephemeral-storage");
        assertThat(filter(pod("d").request("nvidia.com/gpu", "1").info(), node).isFit()).isTrue();
    }

    @Test
    void aFullNodeHasTooManyPods() {
        NodeInfo node = node("n1").pods(1).info(pod("a").nodeName("n1").build());
        assertThat(filter(pod("b").info(), node).reasons()).containsExactly("Too many pods");
        assertThat(filter(pod("c").info(), node("n2").pods(1).info()).isFit()).isTrue();
    }

    @Test
    void theLargestInitContainerCountsWhenLargerThanTheSum() {
        PodInfo p = pod("a").cpu("1").initCpu("3").info();
        assertThat(p.requests().milliCpu()).isEqualTo(3000);
        assertThat(filter(p, node("n1").cpu("2").info()).reasons()).containsExactly("Insufficient cpu");
    }

    @Test
    void leastAllocatedPrefersTheEmptierNode() {
        PodInfo p = pod("p").cpu("1").memory("1Gi").info();
        NodeInfo busy = node("busy").info(pod("x").cpu("2").memory("4Gi").nodeName("busy").build());
        NodeInfo idle = node("idle").info();
        long busyScore = plugin.score(new CycleState(), p, busy);
        long idleScore = plugin.score(new CycleState(), p, idle);
        assertThat(idleScore).isGreaterThan(busyScore);
        // idle: cpu 3/4 free = 75, memory 7/8 free = 87 -> 81
        assertThat(idleScore).isEqualTo(81);
    }

    @Test
    void mostAllocatedPrefersTheFullerNode() {
        NodeResourcesFit most = new NodeResourcesFit(NodeResourcesFit.ScoringStrategy.MOST_ALLOCATED);
        PodInfo p = pod("p").cpu("1").memory("1Gi").info();
        NodeInfo busy = node("busy").info(pod("x").cpu("2").memory("4Gi").nodeName("busy").build());
        assertThat(most.score(new CycleState(), p, busy)).isGreaterThan(most.score(new CycleState(), p, node("idle").info()));
    }

    @Test
    void balancedAllocationPrefersProportionalUse() {
        NodeResourcesFit balanced = new NodeResourcesFit(NodeResourcesFit.ScoringStrategy.BALANCED_ALLOCATION);
        PodInfo p = pod("p").cpu("1").memory("2Gi").info();
        // after placing: cpuHeavy is 3/4 cpu and 2/8 memory; even is 2/4 and 4/8
        NodeInfo cpuHeavy = node("cpu-heavy").info(pod("x").cpu("2").memory("1m").nodeName("cpu-heavy").build());
        NodeInfo even = node("even").info(pod("y").cpu("1").memory("2Gi").nodeName("even").build());
        assertThat(balanced.score(new CycleState(), p, even)).isEqualTo(100);
        assertThat(balanced.score(new CycleState(), p, cpuHeavy)).isEqualTo(75);
    }

    @Test
    void podsWithoutRequestsCountDefaultsWhenScoring() {
        PodInfo p = pod("p").info();
        assertThat(p.requests().isZero()).isTrue();
        assertThat(p.scoreMilliCpu()).isEqualTo(PodInfo.DEFAULT_SCORE_MILLI_CPU);
        NodeInfo loaded = node("n").info(pod("x").nodeName("n").build(), pod("y").nodeName("n").build());
        assertThat(plugin.score(new CycleState(), p, loaded)).isLessThan(plugin.score(new CycleState(), p, node("m").info()));
    }
}
