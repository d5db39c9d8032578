package io.corral.scheduler.plugins;

import static io.corral.scheduler.Fixtures.node;
import static io.corral.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.core.Affinity;
import io.corral.api.model.core.NodeSelector;
import io.corral.api.model.core.NodeSelectorRequirement;
import io.corral.api.model.core.NodeSelectorTerm;
import io.corral.api.model.core.PreferredSchedulingTerm;
import io.corral.scheduler.CycleState;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeAffinityTest {
    private final NodeAffinity plugin = new NodeAffinity();
    private final NodeInfo ssd = node("ssd-1").label("disk", "ssd").label("generation", "5").info();
    private final NodeInfo hdd = node("hdd-1").label("disk", "hdd").label("generation", "3").info();
    private final NodeInfo bare = node("bare").info();

    private static NodeSelectorRequirement req(String key, String op, String... values) {
        return new NodeSelectorRequirement(key, op, List.of(values));
    }

    private static PodInfo requiring(NodeSelectorTerm... terms) {
        return pod("p").affinity(new Affinity(
                new io.corral.api.model.core.NodeAffinity(new NodeSelector(List.of(terms)), null), null, null)).info();
    }

    private static NodeSelectorTerm labels(NodeSelectorRequirement... r) {
        return new NodeSelectorTerm(List.of(r), null);
    }

    private boolean fits(PodInfo pod, NodeInfo node) {
        return plugin.filter(new CycleState(), pod, node).isFit();
    }

    @Test
    void nodeSelectorNeedsEveryLabel() {
        PodInfo p = pod("p").nodeSelector("disk", "ssd").info();
        assertThat(fits(p, ssd)).isTrue();
        assertThat(plugin.filter(new CycleState(), p, hdd).reasons()).containsExactly("node(s) didn't match Pod's node affinity/selector");
        assertThat(fits(p, bare)).isFalse();
    }

    @Test
    void inAndNotIn() {
        assertThat(fits(requiring(labels(req("disk", "In", "ssd", "nvme"))), ssd)).isTrue();
        assertThat(fits(requiring(labels(req("disk", "In", "nvme"))), ssd)).isFalse();
        assertThat(fits(requiring(labels(req("disk", "NotIn", "hdd"))), ssd)).isTrue();
        assertThat(fits(requiring(labels(req("disk", "NotIn", "hdd"))), hdd)).isFalse();
        assertThat(fits(requiring(labels(req("disk", "NotIn", "hdd"))), bare)).isTrue();
    }

    @Test
    void existsAndDoesNotExist() {
        assertThat(fits(requiring(labels(req("disk", "Exists"))), ssd)).isTrue();
        assertThat(fits(requiring(labels(req("disk", "Exists"))), bare)).isFalse();
        assertThat(fits(requiring(labels(req("disk", "DoesNotExist"))), bare)).isTrue();
        assertThat(fits(requiring(labels(req("disk", "DoesNotExist"))), ssd)).isFalse();
    }

    @Test
    void gtAndLtCompareIntegers() {
        assertThat(fits(requiring(labels(req("generation", "Gt", "4"))), ssd)).isTrue();
        assertThat(fits(requiring(labels(req("generation", "Gt", "4"))), hdd)).isFalse();
        assertThat(fits(requiring(labels(req("generation", "Lt", "4"))), hdd)).isTrue();
        assertThat(fits(requiring(labels(req("generation", "Lt", "4"))), ssd)).isFalse();
        assertThat(fits(requiring(labels(req("disk", "Gt", "1"))), ssd)).as("not a number").isFalse();
        assertThat(fits(requiring(labels(req("generation", "Gt", "4"))), bare)).as("absent").isFalse();
    }

    @Test
    void metadataNameField() {
        PodInfo p = requiring(new NodeSelectorTerm(null, List.of(req("metadata.name", "In", "hdd-1"))));
        assertThat(fits(p, hdd)).isTrue();
        assertThat(fits(p, ssd)).isFalse();
        PodInfo notIn = requiring(new NodeSelectorTerm(null, List.of(req("metadata.name", "NotIn", "hdd-1"))));
        assertThat(fits(notIn, ssd)).isTrue();
        assertThat(fits(notIn, hdd)).isFalse();
    }

    @Test
    void termsAreOredAndRequirementsAnded() {
        PodInfo p = requiring(labels(req("disk", "In", "nvme")), labels(req("disk", "In", "ssd"), req("generation", "Gt", "4")));
        assertThat(fits(p, ssd)).isTrue();
        assertThat(fits(p, hdd)).isFalse();
        assertThat(fits(requiring(new NodeSelectorTerm(null, null)), ssd)).as("an empty term matches nothing").isFalse();
    }

    @Test
    void preferredTermsScoreByWeight() {
        PodInfo p = pod("p").affinity(new Affinity(new io.corral.api.model.core.NodeAffinity(null, List.of(
                new PreferredSchedulingTerm(80, labels(req("disk", "In", "ssd"))),
                new PreferredSchedulingTerm(20, labels(req("generation", "Exists")))
        )), null, null)).info();
        List<NodeInfo> nodes = List.of(ssd, hdd, bare);
        long[] scores = nodes.stream().mapToLong(n -> plugin.score(new CycleState(), p, n)).toArray();
        assertThat(scores).containsExactly(100, 20, 0);
        plugin.normalize(new CycleState(), p, nodes, scores);
        assertThat(scores).containsExactly(100, 20, 0);
        assertThat(fits(p, bare)).as("preferences do not filter").isTrue();
    }
}
