package io.corral.runtime.spi;

import org.apiguardian.api.API;

/** The state of a container as a runtime sees it. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum ContainerState {
    /** Created but not (yet) started. */
    CREATED,
    /** Started and not exited. */
    RUNNING,
    /** Exited; the exit code and finish time are known. */
    EXITED,
    /** The runtime cannot tell. */
    UNKNOWN
}
