package io.corral.node;

import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodStatus;
import org.apiguardian.api.API;

/**
 * Where the node agent reports pods (the wiring writes to the API's {@code pods/status}).
 * Called from pod worker threads; calls for one pod come one at a time and in order, calls for
 * different pods may be concurrent. Implementations MUST be thread-safe and SHOULD NOT block
 * long (queue the write). An exception thrown is logged and the report is retried on the pod's next sync.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface PodStatusSink {

    /**
     * The pod's status changed. Called only when it differs from the last status reported for the
     * pod by this agent.
     *
     * @param pod    the pod as last given to the agent; non-null
     * @param status the new status; non-null
     */
    void updateStatus(Pod pod, PodStatus status);

    /**
     * Every container of a pod marked for deletion has stopped (the grace period was honoured):
     * the wiring may now remove the API object (kubelet's final delete with grace 0).
     *
     * @param pod the pod as last given to the agent; non-null
     */
    void podTerminated(Pod pod);
}
