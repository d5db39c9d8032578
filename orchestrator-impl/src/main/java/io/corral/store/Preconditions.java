package io.corral.store;

import org.apiguardian.api.API;

/**
 * Preconditions of a delete (Kubernetes {@code DeleteOptions.preconditions}): the write is refused
 * with {@code Conflict} (409) unless the stored object has this uid and resourceVersion.
 *
 * @param uid             required {@code metadata.uid}, or null for any
 * @param resourceVersion required {@code metadata.resourceVersion}, or null for any
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Preconditions(String uid, String resourceVersion) {
    /** No precondition. */
    public static final Preconditions NONE = new Preconditions(null, null);
}
