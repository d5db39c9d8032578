package io.corral.runtime.spi;

import org.apiguardian.api.API;

/** A step {@link ContainerRuntime#syncPod} or {@link ContainerRuntime#killPod} takes. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum SyncAction {
    CREATE_POD_SANDBOX,
    CONFIG_POD_SANDBOX,
    KILL_POD_SANDBOX,
    SETUP_NETWORK,
    TEARDOWN_NETWORK,
    INIT_CONTAINER,
    START_CONTAINER,
    KILL_CONTAINER
}
