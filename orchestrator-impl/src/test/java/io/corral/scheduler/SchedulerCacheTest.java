package io.corral.scheduler;

import static io.corral.scheduler.Fixtures.node;
import static io.corral.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchedulerCacheTest {
    private final SchedulerCache cache = new SchedulerCache();

    @Test
    void nodeInfosSumTheirPodsIncrementally() {
        cache.addNode(node("n1").zone("a").build());
        cache.addPod(pod("a").cpu("1").memory("1Gi").hostPort(80).nodeName("n1").build());
        cache.addPod(pod("b").cpu("500m").nodeName("n1").build());
        NodeInfo n1 = cache.snapshot().node("n1");
        assertThat(n1.pods()).hasSize(2);
        assertThat(n1.requested().milliCpu()).isEqualTo(1500);
        assertThat(n1.requested().memory()).isEqualTo(1L << 30);
        assertThat(n1.usedPorts()).extracting(PodInfo.HostPort::port).containsExactly(80);
        assertThat(n1.zone()).isEqualTo("a");

        cache.updatePod(pod("b").cpu("2").nodeName("n1").build());
        assertThat(cache.snapshot().node("n1").requested().milliCpu()).isEqualTo(3000);
        cache.removePod("default/a");
        assertThat(cache.snapshot().node("n1").requested().milliCpu()).isEqualTo(2000);
        assertThat(cache.snapshot().node("n1").usedPorts()).isEmpty();
    }

    @Test
    void snapshotsAreImmutableAndReusedWhenNothingChanged() {
        cache.addNode(node("n1").build());
        Snapshot before = cache.snapshot();
        assertThat(cache.snapshot()).isSameAs(before);
        cache.addPod(pod("a").cpu("1").nodeName("n1").build());
        Snapshot after = cache.snapshot();
        assertThat(before.node("n1").pods()).isEmpty();
        assertThat(after.node("n1").pods()).hasSize(1);
    }

    @Test
    void podsOnUnknownNodesWaitForTheirNode() {
        cache.addPod(pod("early").cpu("1").nodeName("n9").build());
        assertThat(cache.snapshot().nodes()).isEmpty();
        cache.addNode(node("n9").build());
        assertThat(cache.snapshot().node("n9").requested().milliCpu()).isEqualTo(1000);
        cache.removeNode("n9");
        assertThat(cache.snapshot().node("n9")).isNull();
        cache.addNode(node("n9").build());
        assertThat(cache.snapshot().node("n9").pods()).as("pods survive their node's removal").hasSize(1);
    }

    @Test
    void removingANodeKeepsTheOthers() {
        cache.addNode(node("n1").build());
        cache.addNode(node("n2").build());
        cache.addNode(node("n3").build());
        cache.removeNode("n1");
        assertThat(cache.snapshot().nodes()).extracting(NodeInfo::name).containsExactlyInAnyOrder("n2", "n3");
        assertThat(cache.snapshot().node("n3")).isNotNull();
        cache.updateNode(node("n3").label("x", "y").build());
        assertThat(cache.snapshot().node("n3").labels()).containsEntry("x", "y");
        assertThat(cache.nodeCount()).isEqualTo(2);
    }

    @Test
    void assumedPodsCountUntilForgottenOrConfirmed() {
        cache.addNode(node("n1").build());
        PodInfo p = pod("a").cpu("1").info();
        cache.assumePod(p, "n1");
        assertThat(cache.isAssumed("default/a")).isTrue();
        assertThat(cache.snapshot().node("n1").requested().milliCpu()).isEqualTo(1000);
        assertThatThrownBy(() -> cache.assumePod(p, "n1")).isInstanceOf(IllegalStateException.class);

        cache.forgetPod("default/a");
        assertThat(cache.snapshot().node("n1").pods()).isEmpty();

        cache.assumePod(p, "n1");
        cache.addPod(pod("a").cpu("1").nodeName("n1").build());
        assertThat(cache.isAssumed("default/a")).isFalse();
        cache.forgetPod("default/a");
        assertThat(cache.snapshot().node("n1").pods()).as("a confirmed pod is not forgotten").hasSize(1);
    }

    @Test
    void incrementalIndexesMatchOnesComputedFromScratch() {
        java.util.Random random = new java.util.Random(3);
        var anti = new io.corral.api.model.core.Affinity(null, null, new io.corral.api.model.core.PodAntiAffinity(
                java.util.List.of(Fixtures.term(NodeInfo.HOSTNAME_LABEL, "app", "x")), null));
        for (int step = 0; step < 2000; step++) {
            String nodeName = "n" + random.nextInt(6);
            String podName = "p" + random.nextInt(40);
            switch (random.nextInt(7)) {
                case 0 -> cache.addNode(node(nodeName).zone("z" + random.nextInt(3)).build());
                case 1 -> cache.removeNode(nodeName);
                case 2, 3 -> {
                    var maker = pod(podName).ownedBy("ReplicaSet", "rs" + random.nextInt(3)).nodeName(nodeName);
                    if (random.nextBoolean()) {
                        maker.affinity(anti);
                    }
                    cache.addPod(maker.build());
                }
                case 4 -> cache.removePod("default/" + podName);
                case 5 -> {
                    if (!cache.contains("default/" + podName)) {
                        cache.assumePod(pod(podName).ownedBy("ReplicaSet", "rs0").info(), nodeName);
                    }
                }
                default -> cache.forgetPod("default/" + podName);
            }
            Snapshot incremental = cache.snapshot();
            Snapshot scratch = new Snapshot(incremental.nodes());
            for (String owner : java.util.List.of("uid-rs0", "uid-rs1", "uid-rs2")) {
                assertThat(incremental.podsOwnedBy(owner)).as("step %d owner %s", step, owner).isEqualTo(scratch.podsOwnedBy(owner));
            }
            for (NodeInfo n : incremental.nodes()) {
                assertThat(incremental.zoneOf(n.name())).isEqualTo(n.zone());
            }
            assertThat(incremental.nodesWithRequiredAntiAffinityPods()).extracting(NodeInfo::name)
                    .containsExactlyInAnyOrderElementsOf(scratch.nodesWithRequiredAntiAffinityPods().stream().map(NodeInfo::name).toList());
        }
    }
}
