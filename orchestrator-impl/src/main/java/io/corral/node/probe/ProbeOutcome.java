package io.corral.node.probe;

import org.apiguardian.api.API;

/**
 * The outcome of running a probe once.
 *
 * @param success whether it succeeded
 * @param message why it failed (or output); non-null, may be empty
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ProbeOutcome(boolean success, String message) {
    public ProbeOutcome {
        message = message == null ? "" : message;
    }

    public static ProbeOutcome ok() {
        return new ProbeOutcome(true, "");
    }

    public static ProbeOutcome failed(String message) {
        return new ProbeOutcome(false, message);
    }
}
