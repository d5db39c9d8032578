package io.corral.scheduler.plugins;

import io.corral.api.model.core.Taint;
import io.corral.scheduler.CycleState;
import io.corral.scheduler.FilterPlugin;
import io.corral.scheduler.FilterResult;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import org.apiguardian.api.API;

/**
 * Keeps pods off cordoned and unready nodes, unless they tolerate it.
 *
 * <ul>
 *   <li>{@code spec.unschedulable}: {@code node(s) were unschedulable}, unless the pod tolerates
 *       {@value #UNSCHEDULABLE_TAINT}:NoSchedule (as Kubernetes' NodeUnschedulable plugin).</li>
 *   <li>A {@code Ready} condition that is not {@code True}: treated as the taint the node lifecycle
 *       controller would put on the node, {@value #NOT_READY_TAINT} for {@code False} and
 *       {@value #UNREACHABLE_TAINT} for {@code Unknown} or no condition, with effect NoSchedule;
 *       the message is the taint plugin's, e.g.
 *       {@code node(s) had untolerated taint {node.kubernetes.io/not-ready: }}.</li>
 * </ul>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NodeConditions implements FilterPlugin {
    /** The plugin's name. */
    public static final String NAME = "NodeConditions";
    /** Taint key tolerated by pods that may go to cordoned nodes. */
    public static final String UNSCHEDULABLE_TAINT = "node.kubernetes.io/unschedulable";
    /** Taint key of a node whose Ready condition is False. */
    public static final String NOT_READY_TAINT = "node.kubernetes.io/not-ready";
    /** Taint key of a node whose Ready condition is Unknown. */
    public static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
    /** The reason for a cordoned node. */
    public static final String UNSCHEDULABLE_REASON = "node(s) were unschedulable";

    private static final Taint UNSCHEDULABLE = new Taint(UNSCHEDULABLE_TAINT, null, Tolerations.NO_SCHEDULE, null);
    private static final Taint NOT_READY = new Taint(NOT_READY_TAINT, null, Tolerations.NO_SCHEDULE, null);
    private static final Taint UNREACHABLE = new Taint(UNREACHABLE_TAINT, null, Tolerations.NO_SCHEDULE, null);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult filter(CycleState state, PodInfo pod, NodeInfo nodeInfo) {
        if (nodeInfo.unschedulable() && !Tolerations.tolerates(pod.tolerations(), UNSCHEDULABLE)) {
            return FilterResult.unschedulable(UNSCHEDULABLE_REASON);
        }
        String ready = nodeInfo.readyStatus();
        if (!"True".equals(ready)) {
            Taint taint = "False".equals(ready) ? NOT_READY : UNREACHABLE;
            if (!Tolerations.tolerates(pod.tolerations(), taint)) {
                return FilterResult.unschedulable(Tolerations.untolerated(taint));
            }
        }
        return FilterResult.fits();
    }
}
