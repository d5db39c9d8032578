package io.corral.api.client;

import org.apiguardian.api.API;

/**
 * Options of a delete (meta/v1 {@code DeleteOptions}).
 *
 * @param gracePeriodSeconds seconds the object may take to terminate; 0 deletes at once; null leaves the kind's default
 * @param propagationPolicy  what happens to dependents; null leaves the kind's default
 * @param preconditions      conditions the object must meet to be deleted; null for none
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DeleteOptions(Long gracePeriodSeconds, PropagationPolicy propagationPolicy, Preconditions preconditions) {
    /** No options: the server's defaults. */
    public static final DeleteOptions DEFAULTS = new DeleteOptions(null, null, null);

    public DeleteOptions {
        if (gracePeriodSeconds != null && gracePeriodSeconds < 0) {
            throw new IllegalArgumentException("gracePeriodSeconds: must be >= 0, was " + gracePeriodSeconds);
        }
    }

    /** A copy with the grace period in seconds. */
    public DeleteOptions withGracePeriodSeconds(long seconds) {
        return new DeleteOptions(seconds, propagationPolicy, preconditions);
    }

    /** A copy with the propagation policy. */
    public DeleteOptions withPropagationPolicy(PropagationPolicy policy) {
        return new DeleteOptions(gracePeriodSeconds, policy, preconditions);
    }

    /** A copy with the preconditions. */
    public DeleteOptions withPreconditions(Preconditions preconditions) {
        return new DeleteOptions(gracePeriodSeconds, propagationPolicy, preconditions);
    }

    /**
     * Conditions for a delete: the server answers {@code Conflict} when the object's uid or
     * resourceVersion differs from the one given.
     *
     * @param uid             the uid the object must have; null for any
     * @param resourceVersion the resourceVersion the object must have; null for any
     */
    public record Preconditions(String uid, String resourceVersion) {
        /** Only an object with this uid may be deleted. */
        public static Preconditions uid(String uid) {
            return new Preconditions(uid, null);
        }

        /** Only an object at this resourceVersion may be deleted. */
        public static Preconditions resourceVersion(String resourceVersion) {
            return new Preconditions(null, resourceVersion);
        }
    }
}
