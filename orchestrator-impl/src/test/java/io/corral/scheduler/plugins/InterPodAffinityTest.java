package io.corral.scheduler.plugins;

import static io.corral.scheduler.Fixtures.node;
import static io.corral.scheduler.Fixtures.pod;
import static io.corral.scheduler.Fixtures.term;
import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.labels.LabelSelector;
import io.corral.api.model.core.Affinity;
import io.corral.api.model.core.PodAffinity;
import io.corral.api.model.core.PodAffinityTerm;
import io.corral.api.model.core.PodAntiAffinity;
import io.corral.api.model.core.WeightedPodAffinityTerm;
import io.corral.scheduler.CycleState;
import io.corral.scheduler.FilterResult;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import io.corral.scheduler.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterPodAffinityTest {
    private static final String ZONE = "topology.kubernetes.io/zone";
    private static final String HOST = "kubernetes.io/hostname";
    private final InterPodAffinity plugin = new InterPodAffinity();

    private static Affinity affinity(PodAffinityTerm... required) {
        return new Affinity(null, new PodAffinity(List.of(required), null), null);
    }

    private static Affinity antiAffinity(PodAffinityTerm... required) {
        return new Affinity(null, null, new PodAntiAffinity(List.of(required), null));
    }

    /** Runs preFilter over the snapshot, then filter on each node; the reasons per node (empty when it fits). */
    private List<List<String>> run(PodInfo pod, Snapshot snapshot) {
        CycleState state = new CycleState();
        assertThat(plugin.preFilter(state, pod, snapshot).isFit()).isTrue();
        List<List<String>> out = new ArrayList<>();
        for (NodeInfo n : snapshot.nodes()) {
            FilterResult r = plugin.filter(state, pod, n);
            out.add(r.reasons());
        }
        return out;
    }

    private final NodeInfo a1 = node("a1").zone("a").info(pod("cache").label("app", "cache").nodeName("a1").build());
    private final NodeInfo a2 = node("a2").zone("a").info();
    private final NodeInfo b1 = node("b1").zone("b").info();
    private final NodeInfo bare = node("bare").info();

    @Test
    void requiredAffinityNeedsAMatchingPodInTheDomain() {
        PodInfo web = pod("web").affinity(affinity(term(ZONE, "app", "cache"))).info();
        assertThat(run(web, new Snapshot(List.of(a1, a2, b1, bare)))).containsExactly(
                List.of(), List.of(),
                List.of("node(s) didn't match pod affinity rules"),
                List.of("node(s) didn't match pod affinity rules"));
    }

    @Test
    void theFirstPodOfAGroupMayGoAnywhereWithTheLabel() {
        PodInfo first = pod("first").label("app", "db").affinity(affinity(term(ZONE, "app", "db"))).info();
        assertThat(run(first, new Snapshot(List.of(a1, b1, bare)))).containsExactly(
                List.of(), List.of(), List.of("node(s) didn't match pod affinity rules"));
        PodInfo stranger = pod("stranger").affinity(affinity(term(ZONE, "app", "db"))).info();
        assertThat(run(stranger, new Snapshot(List.of(a1, b1)))).as("does not match its own term")
                .containsOnly(List.of("node(s) didn't match pod affinity rules"));
    }

    @Test
    void requiredAntiAffinityKeepsAwayFromTheDomain() {
        PodInfo web = pod("web").affinity(antiAffinity(term(ZONE, "app", "cache"))).info();
        assertThat(run(web, new Snapshot(List.of(a1, a2, b1, bare)))).containsExactly(
                List.of("node(s) didn't match pod anti-affinity rules"),
                List.of("node(s) didn't match pod anti-affinity rules"),
                List.of(), List.of());
        PodInfo perHost = pod("web").affinity(antiAffinity(term(HOST, "app", "cache"))).info();
        assertThat(run(perHost, new Snapshot(List.of(a1, a2)))).containsExactly(
                List.of("node(s) didn't match pod anti-affinity rules"), List.of());
    }

    @Test
    void existingPodsAntiAffinityIsRespected() {
        NodeInfo guarded = node("g").zone("a").info(pod("loner").nodeName("g")
                .affinity(antiAffinity(term(ZONE, "app", "noisy"))).build());
        PodInfo noisy = pod("noisy").label("app", "noisy").info();
        assertThat(run(noisy, new Snapshot(List.of(guarded, a2, b1)))).containsExactly(
                List.of("node(s) didn't satisfy existing pods anti-affinity rules"),
                List.of("node(s) didn't satisfy existing pods anti-affinity rules"),
                List.of());
        assertThat(run(pod("quiet").label("app", "quiet").info(), new Snapshot(List.of(guarded)))).containsExactly(List.of());
    }

    @Test
    void termsLookInTheirNamespaces() {
        NodeInfo other = node("o").zone("a").info(pod("cache").namespace("prod").label("app", "cache").nodeName("o").build());
        PodInfo sameNs = pod("web").affinity(affinity(term(ZONE, "app", "cache"))).info();
        assertThat(run(sameNs, new Snapshot(List.of(other)))).as("default namespace only")
                .containsExactly(List.of("node(s) didn't match pod affinity rules"));
        PodInfo listed = pod("web").affinity(affinity(new PodAffinityTerm(
                LabelSelector.matchLabels(Map.of("app", "cache")), List.of("prod"), ZONE, null))).info();
        assertThat(run(listed, new Snapshot(List.of(other)))).containsExactly(List.of());
        PodInfo all = pod("web").affinity(affinity(new PodAffinityTerm(
                LabelSelector.matchLabels(Map.of("app", "cache")), null, ZONE, new LabelSelector(null, null)))).info();
        assertThat(run(all, new Snapshot(List.of(other)))).as("an empty namespaceSelector means all").containsExactly(List.of());
    }

    @Test
    void preferredTermsScoreDomains() {
        PodInfo web = pod("web").affinity(new Affinity(null,
                new PodAffinity(null, List.of(new WeightedPodAffinityTerm(50, term(ZONE, "app", "cache")))),
                new PodAntiAffinity(null, List.of(new WeightedPodAffinityTerm(100, term(HOST, "app", "cache")))))).info();
        Snapshot snapshot = new Snapshot(List.of(a1, a2, b1));
        CycleState state = new CycleState();
        plugin.preScore(state, web, snapshot, snapshot.nodes());
        long[] scores = snapshot.nodes().stream().mapToLong(n -> plugin.score(state, web, n)).toArray();
        assertThat(scores).containsExactly(50 - 100, 50, 0);
        plugin.normalize(state, web, snapshot.nodes(), scores);
        assertThat(scores).containsExactly(0, 100, 50);
    }
}
