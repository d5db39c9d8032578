package io.corral.scheduler;

import org.apiguardian.api.API;

/**
 * What one scheduling attempt did.
 *
 * @param podKey   {@code namespace/name} of the pod
 * @param outcome  what happened
 * @param nodeName the chosen node for {@link Outcome#ASSUMED}, else null
 * @param message  the failure message for the other outcomes (for {@link Outcome#UNSCHEDULABLE} the
 *                 Kubernetes-style {@link FitError#message()}), else null
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ScheduleResult(String podKey, Outcome outcome, String nodeName, String message) {
    /** The outcomes of an attempt. */
    public enum Outcome {
        /** A node was chosen, the pod assumed on it and handed to the {@link Binder} (which may still refuse it). */
        ASSUMED,
        /** No node fits; the pod waits for a cluster event. */
        UNSCHEDULABLE,
        /** A plugin or the binder failed; the pod backs off. */
        ERROR,
        /** The pod passed its active deadline and was reported to the {@link PodFailureHandler}. */
        EXPIRED,
        /** The pod was already assumed or bound; nothing was done. */
        SKIPPED
    }
}
