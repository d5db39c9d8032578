package io.corral.scheduler.plugins;

import static io.corral.scheduler.Fixtures.node;
import static io.corral.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.corral.scheduler.CycleState;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaintTolerationTest {
    private final TaintToleration plugin = new TaintToleration();
    private final NodeInfo gpu = node("gpu").taint("dedicated", "gpu", "NoSchedule").info();

    @Test
    void anUntoleratedNoScheduleTaintRejectsWithKubernetesMessage() {
        assertThat(plugin.filter(new CycleState(), pod("p").info(), gpu).reasons())
                .containsExactly("node(s) had untolerated taint {dedicated: gpu}");
    }

    @Test
    void equalAndExistsTolerations() {
        assertThat(plugin.filter(new CycleState(), pod("a").tolerate("dedicated", "Equal", "gpu", "NoSchedule").info(), gpu).isFit()).isTrue();
        assertThat(plugin.filter(new CycleState(), pod("b").tolerate("dedicated", "Exists", null, null).info(), gpu).isFit()).isTrue();
        assertThat(plugin.filter(new CycleState(), pod("c").tolerate(null, "Exists", null, null).info(), gpu).isFit()).isTrue();
        assertThat(plugin.filter(new CycleState(), pod("d").tolerate("dedicated", "Equal", "cpu", null).info(), gpu).isFit()).isFalse();
        assertThat(plugin.filter(new CycleState(), pod("e").tolerate("dedicated", "Equal", "gpu", "NoExecute").info(), gpu).isFit())
                .as("a toleration for another effect").isFalse();
    }

    @Test
    void noExecuteAlsoFiltersAndPreferNoScheduleDoesNot() {
        NodeInfo evicting = node("n").taint("maintenance", null, "NoExecute").info();
        assertThat(plugin.filter(new CycleState(), pod("p").info(), evicting).reasons())
                .containsExactly("node(s) had untolerated taint {maintenance: }");
        NodeInfo soft = node("s").taint("spot", "true", "PreferNoSchedule").info();
        assertThat(plugin.filter(new CycleState(), pod("p").info(), soft).isFit()).isTrue();
    }

    @Test
    void preferNoScheduleTaintsLowerTheScore() {
        PodInfo p = pod("p").info();
        List<NodeInfo> nodes = List.of(
                node("clean").info(),
                node("one").taint("spot", "true", "PreferNoSchedule").info(),
                node("two").taint("spot", "true", "PreferNoSchedule").taint("old", "true", "PreferNoSchedule").info());
        long[] scores = nodes.stream().mapToLong(n -> plugin.score(new CycleState(), p, n)).toArray();
        plugin.normalize(new CycleState(), p, nodes, scores);
        assertThat(scores).containsExactly(100, 50, 0);

        PodInfo tolerant = pod("t").tolerate("spot", "Exists", null, "PreferNoSchedule").info();
        long[] tolerantScores = nodes.stream().mapToLong(n -> plugin.score(new CycleState(), tolerant, n)).toArray();
        plugin.normalize(new CycleState(), tolerant, nodes, tolerantScores);
        assertThat(tolerantScores).containsExactly(100, 100, 0);
    }
}
