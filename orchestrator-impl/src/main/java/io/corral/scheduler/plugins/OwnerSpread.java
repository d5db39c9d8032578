package io.corral.scheduler.plugins;

import io.corral.scheduler.CycleState;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import io.corral.scheduler.ScorePlugin;
import io.corral.scheduler.Snapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Spreads the pods of one set across nodes and zones, as kube-scheduler's former SelectorSpread
 * plugin. A pod's set is its controller owner (a ReplicaSet, a ReplicationController, a
 * StatefulSet...; see {@link PodInfo#ownerKey()}); pods without a controller are not spread.
 * Spreading by the selectors of the services that select a pod is not done.
 *
 * <p>A node scores {@code 100 * (maxOnANode - onThisNode) / maxOnANode} over the scored nodes; when
 * nodes carry {@code topology.kubernetes.io/zone}, that counts for one third and the same measure
 * over zones (counting the set's pods on every node of the zone) for two thirds, so zones are
 * balanced first and nodes within a zone next.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class OwnerSpread implements ScorePlugin {
    /** The plugin's name. */
    public static final String NAME = "OwnerSpread";
    private static final double ZONE_WEIGHT = 2.0 / 3.0;
    private static final CycleState.Key<Map<String, Integer>> ZONES = new CycleState.Key<>(NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        if (pod.ownerKey() == null) {
            return;
        }
        Map<String, Integer> zones = new HashMap<>();
        for (NodeInfo node : snapshot.nodes()) {
            String zone = node.zone();
            if (zone != null) {
                zones.merge(zone, node.countOwnedBy(pod.ownerKey()), Integer::sum);
            }
        }
        state.put(ZONES, zones);
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        return node.countOwnedBy(pod.ownerKey());
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        Map<String, Integer> zones = state.get(ZONES);
        if (zones == null) {
            java.util.Arrays.fill(scores, MAX_SCORE);
            return;
        }
        long maxNode = 0;
        for (long s : scores) {
            maxNode = Math.max(maxNode, s);
        }
        int maxZone = 0;
        for (int c : zones.values()) {
            maxZone = Math.max(maxZone, c);
        }
        for (int i = 0; i < scores.length; i++) {
            double score = maxNode == 0 ? MAX_SCORE : (double) MAX_SCORE * (maxNode - scores[i]) / maxNode;
            String zone = nodes.get(i).zone();
            if (zone != null && !zones.isEmpty()) {
                int inZone = zones.getOrDefault(zone, 0);
                double zoneScore = maxZone == 0 ? MAX_SCORE : (double) MAX_SCORE * (maxZone - inZone) / maxZone;
                score = score * (1 - ZONE_WEIGHT) + zoneScore * ZONE_WEIGHT;
            }
            scores[i] = Math.round(score);
        }
    }
}
