package io.corral.scheduler.plugins;

import io.corral.scheduler.AffinityTerm;
import io.corral.scheduler.CycleState;
import io.corral.scheduler.FilterPlugin;
import io.corral.scheduler.FilterResult;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import io.corral.scheduler.ScorePlugin;
import io.corral.scheduler.Snapshot;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Pod affinity and anti-affinity between the pod and the pods already in the snapshot, by topology
 * domain (the value of the term's {@code topologyKey} label on the node).
 *
 * <p>Filter, in this order:
 * <ol>
 *   <li>a pod already running with a required anti-affinity term that selects this pod keeps it out
 *       of its domain: {@code node(s) didn't satisfy existing pods anti-affinity rules};</li>
 *   <li>each required anti-affinity term of the pod: no selected pod may be in the node's domain:
 *       {@code node(s) didn't match pod anti-affinity rules};</li>
 *   <li>each required affinity term of the pod: a selected pod must be in the node's domain, and the
 *       node must have the topology label: {@code node(s) didn't match pod affinity rules}. As in
 *       Kubernetes, when no pod anywhere matches and the pod matches its own terms, the first pod of
 *       a group may go anywhere with the label.</li>
 * </ol>
 *
 * <p>Score: for each preferred term of the pod, its weight is added (affinity) or subtracted
 * (anti-affinity) for every selected pod in the node's domain; the results are scaled to
 * {@code [0, 100]} between the lowest and highest node. Preferred terms of the pods already running
 * are not taken into account (Kubernetes does, for symmetry).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class InterPodAffinity implements FilterPlugin, ScorePlugin {
    /** The plugin's name. */
    public static final String NAME = "InterPodAffinity";
    /** A running pod's anti-affinity rejects this pod. */
    public static final String EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
    /** The pod's required affinity is not met. */
    public static final String AFFINITY = "node(s) didn't match pod affinity rules";
    /** The pod's required anti-affinity is not met. */
    public static final String ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

    private record Pair(String key, String value) {
    }

    private record FilterState(Set<Pair> existingAnti, Set<Pair> anti, Set<Pair> affinity, boolean noneMatchAffinity) {
    }

    private static final CycleState.Key<FilterState> FILTER = new CycleState.Key<>(NAME + "/filter");
    private static final CycleState.Key<Map<String, Map<String, Long>>> SCORE = new CycleState.Key<>(NAME + "/score");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        Set<Pair> existingAnti = new HashSet<>();
        Set<Pair> anti = new HashSet<>();
        Set<Pair> affinity = new HashSet<>();
        boolean anyAffinityMatch = false;
        for (NodeInfo node : snapshot.nodesWithRequiredAntiAffinityPods()) {
            Map<String, String> labels = node.labels();
            for (PodInfo existing : node.podsWithRequiredAntiAffinity()) {
                for (AffinityTerm t : existing.requiredAntiAffinity()) {
                    String value = labels.get(t.topologyKey());
                    if (value != null && t.matches(pod)) {
                        existingAnti.add(new Pair(t.topologyKey(), value));
                    }
                }
            }
        }
        boolean wantsPods = !pod.requiredAffinity().isEmpty() || !pod.requiredAntiAffinity().isEmpty();
        if (!wantsPods && existingAnti.isEmpty()) {
            return FilterResult.fits(); // nothing to check on any node
        }
        for (NodeInfo node : wantsPods ? snapshot.nodes() : List.<NodeInfo>of()) {
            Map<String, String> labels = node.labels();
            for (PodInfo existing : node.pods()) {
                for (AffinityTerm t : pod.requiredAntiAffinity()) {
                    String value = labels.get(t.topologyKey());
                    if (value != null && t.matches(existing)) {
                        anti.add(new Pair(t.topologyKey(), value));
                    }
                }
                for (AffinityTerm t : pod.requiredAffinity()) {
                    if (t.matches(existing)) {
                        anyAffinityMatch = true;
                        String value = labels.get(t.topologyKey());
                        if (value != null) {
                            affinity.add(new Pair(t.topologyKey(), value));
                        }
                    }
                }
            }
        }
        boolean selfMatch = pod.requiredAffinity().stream().allMatch(t -> t.matches(pod));
        state.put(FILTER, new FilterState(existingAnti, anti, affinity, !anyAffinityMatch && selfMatch));
        return FilterResult.fits();
    }

    @Override
    public FilterResult filter(CycleState state, PodInfo pod, NodeInfo node) {
        FilterState s = state.get(FILTER);
        if (s == null) {
            return FilterResult.fits();
        }
        Map<String, String> labels = node.labels();
        for (Pair p : s.existingAnti()) {
            if (p.value().equals(labels.get(p.key()))) {
                return FilterResult.unschedulable(EXISTING_ANTI_AFFINITY);
            }
        }
        for (AffinityTerm t : pod.requiredAntiAffinity()) {
            String value = labels.get(t.topologyKey());
            if (value != null && s.anti().contains(new Pair(t.topologyKey(), value))) {
                return FilterResult.unschedulable(ANTI_AFFINITY);
            }
        }
        for (AffinityTerm t : pod.requiredAffinity()) {
            String value = labels.get(t.topologyKey());
            if (value == null || !(s.noneMatchAffinity() || s.affinity().contains(new Pair(t.topologyKey(), value)))) {
                return FilterResult.unschedulable(AFFINITY);
            }
        }
        return FilterResult.fits();
    }

    @Override
    public void preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        if (pod.preferredAffinity().isEmpty() && pod.preferredAntiAffinity().isEmpty()) {
            return;
        }
        Map<String, Map<String, Long>> byDomain = new HashMap<>();
        for (NodeInfo node : snapshot.nodes()) {
            Map<String, String> labels = node.labels();
            for (PodInfo existing : node.pods()) {
                add(byDomain, pod.preferredAffinity(), existing, labels, 1);
                add(byDomain, pod.preferredAntiAffinity(), existing, labels, -1);
            }
        }
        state.put(SCORE, byDomain);
    }

    private static void add(Map<String, Map<String, Long>> byDomain, List<AffinityTerm> terms, PodInfo existing,
                            Map<String, String> labels, int sign) {
        for (AffinityTerm t : terms) {
            String value = labels.get(t.topologyKey());
            if (value != null && t.matches(existing)) {
                byDomain.computeIfAbsent(t.topologyKey(), k -> new HashMap<>()).merge(value, (long) sign * t.weight(), Long::sum);
            }
        }
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Map<String, Map<String, Long>> byDomain = state.get(SCORE);
        if (byDomain == null) {
            return 0;
        }
        long sum = 0;
        Map<String, String> labels = node.labels();
        for (Map.Entry<String, Map<String, Long>> e : byDomain.entrySet()) {
            String value = labels.get(e.getKey());
            if (value != null) {
                sum += e.getValue().getOrDefault(value, 0L);
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        if (state.get(SCORE) == null || scores.length == 0) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max == min ? 0 : (scores[i] - min) * MAX_SCORE / (max - min);
        }
    }
}
