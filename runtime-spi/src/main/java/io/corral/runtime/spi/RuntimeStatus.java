package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * The readiness of a runtime, reported by the node as its conditions.
 *
 * @param ready        whether the runtime can run pods
 * @param networkReady whether pod networking is set up
 * @param reason       a CamelCase reason when not ready; nullable
 * @param message      a human readable message; nullable
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RuntimeStatus(boolean ready, boolean networkReady, String reason, String message) {
    /** A runtime that is ready with its network. */
    public static RuntimeStatus allReady() {
        return new RuntimeStatus(true, true, null, null);
    }

    /** A runtime that is not ready. */
    public static RuntimeStatus notReady(String reason, String message) {
        return new RuntimeStatus(false, false, reason, message);
    }
}
