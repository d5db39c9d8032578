package io.corral.runtime.spi;

import org.apiguardian.api.API;

/** When {@link ContainerRuntime#syncPod} restarts an exited application container. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum RestartPolicy {
    /** Restart whatever the exit code. */
    ALWAYS,
    /** Restart only after a non-zero exit code. */
    ON_FAILURE,
    /** Never restart. */
    NEVER;

    /** Whether a container that exited with this code should be started again. */
    public boolean shouldRestart(int exitCode) {
        return switch (this) {
            case ALWAYS -> true;
            case ON_FAILURE -> exitCode != 0;
            case NEVER -> false;
        };
    }
}
