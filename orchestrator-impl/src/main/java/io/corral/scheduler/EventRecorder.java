package io.corral.scheduler;

import io.corral.api.model.core.Pod;
import org.apiguardian.api.API;

/**
 * Emits Kubernetes events about pods ({@code Scheduled}, {@code FailedScheduling}, ...). The wiring
 * turns them into {@code Event} objects with source component {@code default-scheduler}.
 *
 * <p>Implementations MUST be thread-safe and MUST NOT block: they are called on the scheduling
 * thread and from binding completions.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface EventRecorder {
    /** Event type of routine events. */
    String NORMAL = "Normal";
    /** Event type of problems. */
    String WARNING = "Warning";

    /**
     * Records an event about {@code pod}.
     *
     * @param type    {@link #NORMAL} or {@link #WARNING}
     * @param reason  a short CamelCase reason, e.g. {@code FailedScheduling}
     * @param message a human-readable message
     */
    void event(Pod pod, String type, String reason, String message);

    /** A recorder that drops everything. */
    static EventRecorder discarding() {
        return (pod, type, reason, message) -> { };
    }
}
