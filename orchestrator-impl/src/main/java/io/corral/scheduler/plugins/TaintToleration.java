package io.corral.scheduler.plugins;

import io.corral.api.model.core.Taint;
import io.corral.api.model.core.Toleration;
import io.corral.scheduler.CycleState;
import io.corral.scheduler.FilterPlugin;
import io.corral.scheduler.FilterResult;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import io.corral.scheduler.ScorePlugin;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Taints and tolerations. Filter: a node with a {@code NoSchedule} or {@code NoExecute} taint the pod
 * does not tolerate is rejected with {@code node(s) had untolerated taint {key: value}} (the first
 * such taint). Score: the fewer {@code PreferNoSchedule} taints the pod does not tolerate, the
 * better (100 with none).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class TaintToleration implements FilterPlugin, ScorePlugin {
    /** The plugin's name. */
    public static final String NAME = "TaintToleration";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult filter(CycleState state, PodInfo pod, NodeInfo node) {
        for (Taint taint : taints(node)) {
            String effect = taint.effect();
            if ((Tolerations.NO_SCHEDULE.equals(effect) || Tolerations.NO_EXECUTE.equals(effect))
                    && !Tolerations.tolerates(pod.tolerations(), taint)) {
                return FilterResult.unschedulable(Tolerations.untolerated(taint));
            }
        }
        return FilterResult.fits();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        List<Toleration> tolerations = pod.tolerations();
        long count = 0;
        for (Taint taint : taints(node)) {
            if (Tolerations.PREFER_NO_SCHEDULE.equals(taint.effect()) && !Tolerations.tolerates(tolerations, taint)) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
        ScorePlugin.normalizeToMax(scores, true);
    }

    private static List<Taint> taints(NodeInfo node) {
        return node.taints();
    }
}
