package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * The result of one step of a pod sync: the action, its target (a container name, or the pod's
 * full name for sandbox steps) and, if it failed, why.
 *
 * @param action  the step; non-null
 * @param target  what the step acted on; non-blank
 * @param error   the failure reason; null on success
 * @param message details of the failure; null on success
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SyncResult(SyncAction action, String target, SyncErrorReason error, String message) {
    public SyncResult {
        Checks.notNull(action, "syncResult.action");
        Checks.notBlank(target, "syncResult.target");
    }

    public static SyncResult ok(SyncAction action, String target) {
        return new SyncResult(action, target, null, null);
    }

    public static SyncResult failed(SyncAction action, String target, SyncErrorReason error, String message) {
        Checks.notNull(error, "syncResult.error");
        return new SyncResult(action, target, error, message);
    }

    /** Whether the step succeeded. */
    public boolean succeeded() {
        return error == null;
    }

    @Override
    public String toString() {
        return action + " " + target + (error == null ? " ok" : " failed: " + error.wireName() + (message == null ? "" : ": " + message));
    }
}
