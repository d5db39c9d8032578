package io.corral.node.probe;

import org.apiguardian.api.API;

/** The three kinds of container probe. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum ProbeType {
    /** Failing kills the container (it is restarted as the restart policy says). */
    LIVENESS("Liveness"),
    /** Its result is the container's readiness. */
    READINESS("Readiness"),
    /** Until it succeeds, liveness and readiness do not run; failing kills the container. */
    STARTUP("Startup");

    private final String displayName;

    ProbeType(String displayName) {
        this.displayName = displayName;
    }

    /** {@code Liveness}, {@code Readiness} or {@code Startup}, as in event messages. */
    public String displayName() {
        return displayName;
    }
}
