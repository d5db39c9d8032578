package io.corral.node;

import io.corral.api.model.core.Pod;
import org.apiguardian.api.API;

/**
 * Where the node agent reports events about pods (the wiring writes {@code Event} objects, with
 * source component {@code kubelet} and the node as host). Called from pod worker and probe threads;
 * MUST be thread-safe and SHOULD NOT block (queue the write).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface EventRecorder {

    /** Kubernetes' two event types. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    enum Type {
        NORMAL("Normal"), WARNING("Warning");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** {@code Normal} or {@code Warning}. */
        public String wireName() {
            return wireName;
        }
    }

    /**
     * Records an event.
     *
     * @param pod       the pod involved; non-null
     * @param fieldPath the part of the pod, e.g. {@code spec.containers{web}}; null for the whole pod
     * @param type      the type; non-null
     * @param reason    a short CamelCase reason, e.g. {@code Started}, {@code BackOff}; non-blank
     * @param message   a human readable message; non-null
     */
    void record(Pod pod, String fieldPath, Type type, String reason, String message);

    /** A recorder that drops every event. */
    static EventRecorder discarding() {
        return (pod, fieldPath, type, reason, message) -> { };
    }
}
