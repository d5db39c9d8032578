package io.corral.scheduler.plugins;

import io.corral.api.model.core.Affinity;
import io.corral.api.model.core.NodeSelector;
import io.corral.api.model.core.PreferredSchedulingTerm;
import io.corral.scheduler.CycleState;
import io.corral.scheduler.FilterPlugin;
import io.corral.scheduler.FilterResult;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import io.corral.scheduler.ScorePlugin;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * {@code spec.nodeSelector} and node affinity. Filter: every nodeSelector label must be on the node
 * and, when there is a required node affinity, one of its terms must match (operators {@code In},
 * {@code NotIn}, {@code Exists}, {@code DoesNotExist}, {@code Gt}, {@code Lt} over labels;
 * {@code In}, {@code NotIn} over the field {@code metadata.name}); otherwise
 * {@code node(s) didn't match Pod's node affinity/selector}. Score: the sum of the weights of the
 * preferred terms the node matches, scaled so the best node gets 100.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NodeAffinity implements FilterPlugin, ScorePlugin {
    /** The plugin's name. */
    public static final String NAME = "NodeAffinity";
    /** The reason for a node that does not match. */
    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult filter(CycleState state, PodInfo pod, NodeInfo node) {
        Map<String, String> labels = node.labels();
        for (Map.Entry<String, String> e : pod.spec().nodeSelector().entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return FilterResult.unschedulable(REASON);
            }
        }
        NodeSelector required = required(pod);
        if (required != null && !NodeSelectors.matches(required, node.node())) {
            return FilterResult.unschedulable(REASON);
        }
        return FilterResult.fits();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Affinity affinity = pod.spec().affinity();
        if (affinity == null || affinity.nodeAffinity() == null) {
            return 0;
        }
        List<PreferredSchedulingTerm> preferred = affinity.nodeAffinity().preferredDuringSchedulingIgnoredDuringExecution();
        if (preferred == null) {
            return 0;
        }
        long sum = 0;
        for (PreferredSchedulingTerm t : preferred) {
            int weight = t.weight() == null ? 0 : t.weight();
            if (weight != 0 && NodeSelectors.matches(t.preference(), node.node())) {
                sum += weight;
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScorePlugin.normalizeToMax(scores, false);
    }

    private static NodeSelector required(PodInfo pod) {
        Affinity affinity = pod.spec().affinity();
        if (affinity == null || affinity.nodeAffinity() == null) {
            return null;
        }
        return affinity.nodeAffinity().requiredDuringSchedulingIgnoredDuringExecution();
    }
}
