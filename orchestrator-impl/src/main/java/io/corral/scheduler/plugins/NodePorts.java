package io.corral.scheduler.plugins;

import io.corral.scheduler.CycleState;
import io.corral.scheduler.FilterPlugin;
import io.corral.scheduler.FilterResult;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import org.apiguardian.api.API;

/**
 * Host ports: a node where another pod already uses one of the pod's host ports (same port and
 * protocol, and the same host IP or either on {@code 0.0.0.0}) is rejected with
 * {@code node(s) didn't have free ports for the requested pod ports}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NodePorts implements FilterPlugin {
    /** The plugin's name. */
    public static final String NAME = "NodePorts";
    /** The reason for a port conflict. */
    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult filter(CycleState state, PodInfo pod, NodeInfo node) {
        for (PodInfo.HostPort wanted : pod.hostPorts()) {
            for (PodInfo.HostPort used : node.usedPorts()) {
                if (wanted.conflictsWith(used)) {
                    return FilterResult.unschedulable(REASON);
                }
            }
        }
        return FilterResult.fits();
    }
}
