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
    private record State(Map<String, Integer> perNode, Map<String, Integer> perZone, boolean zoned) {
    }

    private static final CycleState.Key<State> STATE = new CycleState.Key<>(NAME);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
        if (pod.ownerKey() == null) {
            return;
        }
        Map<String, Integer> perNode = snapshot.podsOwnedBy(pod.ownerKey());
        Map<String, Integer> zones = new HashMap<>();
        perNode.forEach((node, count) -> {
            String zone = snapshot.zoneOf(node);
            if (zone != null) {
                zones.merge(zone, count, Integer::sum);
            }
        });
        state.put(STATE, new State(perNode, zones, snapshot.hasZones()));
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        State s = state.get(STATE);
        return s == null ? 0 : s.perNode().getOrDefault(node.name(), 0);
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        State s = state.get(STATE);
        if (s == null) {
            java.util.Arrays.fill(scores, MAX_SCORE);
            return;
        }
        long maxNode = 0;
        for (long score : scores) {
            maxNode = Math.max(maxNode, score);
        }
        int maxZone = 0;
        Map<String, Integer> zones = s.perZone();
        for (int c : zones.values()) {
            maxZone = Math.max(maxZone, c);
        }
        for (int i = 0; i < scores.length; i++) {
            double score = maxNode == 0 ? MAX_SCORE : (double) MAX_SCORE * (maxNode - scores[i]) / maxNode;
            String zone = s.zoned() ? nodes.get(i).zone() : null;
            if (zone != null) {
                int inZone = zones.getOrDefault(zone, 0);
                double zoneScore = maxZone == 0 ? MAX_SCORE : (double) MAX_SCORE * (maxZone - inZone) / maxZone;
                score = score * (1 - ZONE_WEIGHT) + zoneScore * ZONE_WEIGHT;
            }
            scores[i] = Math.round(score);
        }
    }
}
