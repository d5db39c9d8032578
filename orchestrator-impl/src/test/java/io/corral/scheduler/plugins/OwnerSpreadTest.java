package io.corral.scheduler.plugins;

import static io.corral.scheduler.Fixtures.node;
import static io.corral.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.corral.scheduler.CycleState;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import io.corral.scheduler.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnerSpreadTest {
    private final OwnerSpread plugin = new OwnerSpread();

    private long[] scores(PodInfo pod, Snapshot snapshot) {
        CycleState state = new CycleState();
        plugin.preScore(state, pod, snapshot, snapshot.nodes());
        long[] s = snapshot.nodes().stream().mapToLong(n -> plugin.score(state, pod, n)).toArray();
        plugin.normalize(state, pod, snapshot.nodes(), s);
        return s;
    }

    private static io.corral.api.model.core.Pod web(String name, String node) {
        return pod(name).ownedBy("ReplicaSet", "web").nodeName(node).build();
    }

    @Test
    void nodesWithFewerPodsOfTheSetScoreHigher() {
        Snapshot snapshot = new Snapshot(List.of(
                node("n0").info(),
                node("n1").info(web("w1", "n1")),
                node("n2").info(web("w2", "n2"), web("w3", "n2"), pod("other").ownedBy("ReplicaSet", "db").nodeName("n2").build())));
        assertThat(scores(pod("new").ownedBy("ReplicaSet", "web").info(), snapshot)).containsExactly(100, 50, 0);
    }

    @Test
    void zonesWeighTwoThirds() {
        Snapshot snapshot = new Snapshot(List.of(
                node("a1").zone("a").info(web("w1", "a1"), web("w2", "a1")),
                node("a2").zone("a").info(),
                node("b1").zone("b").info(web("w3", "b1")),
                node("c1").zone("c").info()));
        // a2: node 100/3 + zone 0; b1: node 50/3 + zone 50*2/3; c1: everything free
        assertThat(scores(pod("new").ownedBy("ReplicaSet", "web").info(), snapshot)).containsExactly(0, 33, 50, 100);
    }

    @Test
    void podsWithoutAControllerAreNotSpread() {
        Snapshot snapshot = new Snapshot(List.of(node("n0").info(), node("n1").info(web("w1", "n1"))));
        assertThat(scores(pod("loose").info(), snapshot)).containsExactly(100, 100);
    }
}
