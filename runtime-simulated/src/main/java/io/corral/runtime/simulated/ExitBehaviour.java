package io.corral.runtime.simulated;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * What a simulated container does when its description gives no command the simulator can
 * interpret from (an empty command and args: the image's own entrypoint, which the simulator
 * does not know).
 *
 * @param runFor   how long it runs before exiting; null to run until killed
 * @param exitCode the exit code when it exits by itself, 0..255
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ExitBehaviour(Duration runFor, int exitCode) {
    public ExitBehaviour {
        if (runFor != null && runFor.isNegative()) {
            throw new IllegalArgumentException("runFor must not be negative, was " + runFor);
        }
        if (exitCode < 0 || exitCode > 255) {
            throw new IllegalArgumentException("exitCode must be in 0..255, was " + exitCode);
        }
    }

    private static final ExitBehaviour FOREVER = new ExitBehaviour(null, 0);

    /** Runs until killed, like a server. */
    public static ExitBehaviour runForever() {
        return FOREVER;
    }

    /** Runs for a while, then exits with the code, like a batch job. */
    public static ExitBehaviour exitAfter(Duration runFor, int exitCode) {
        return new ExitBehaviour(runFor, exitCode);
    }

    Script script() {
        return runFor == null ? Script.forever() : Script.exitAfter(runFor.toMillis(), exitCode);
    }
}
