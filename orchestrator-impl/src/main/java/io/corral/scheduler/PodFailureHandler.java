package io.corral.scheduler;

import io.corral.api.model.core.Pod;
import org.apiguardian.api.API;

/**
 * Told about pods the scheduler gives up on for good, such as a pod past its
 * {@code activeDeadlineSeconds} before it was ever placed. The wiring sets the pod's
 * {@code status.phase} to {@code Failed} with the given reason and message.
 *
 * <p>Implementations MUST be thread-safe and MUST NOT block.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface PodFailureHandler {
    /** Reason given for a pod past its active deadline, as the kubelet's. */
    String DEADLINE_EXCEEDED = "DeadlineExceeded";

    /**
     * Fails {@code pod}.
     *
     * @param reason  a CamelCase reason, e.g. {@link #DEADLINE_EXCEEDED}
     * @param message a human-readable message
     */
    void fail(Pod pod, String reason, String message);
}
