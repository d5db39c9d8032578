package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * Why a {@link SyncResult} step failed. {@link #wireName()} is the CamelCase reason the node
 * reports in a container's waiting state (e.g. {@code CrashLoopBackOff}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum SyncErrorReason {
    /** The container is in restart back-off (see {@link Backoff}); not a failure of the runtime. */
    CRASH_LOOP_BACK_OFF("CrashLoopBackOff"),
    /** Pulling the image failed. */
    ERR_IMAGE_PULL("ErrImagePull"),
    /** Pulling the image is in back-off after failures. */
    IMAGE_PULL_BACK_OFF("ImagePullBackOff"),
    /** The image is absent and the pull policy is {@code NEVER}. */
    ERR_IMAGE_NEVER_PULL("ErrImageNeverPull"),
    /** The image reference cannot be parsed. */
    INVALID_IMAGE_NAME("InvalidImageName"),
    /** The container could not be created or started. */
    RUN_CONTAINER_ERROR("RunContainerError"),
    /** The container could not be killed. */
    KILL_CONTAINER_ERROR("KillContainerError"),
    /** The sandbox could not be created. */
    CREATE_POD_SANDBOX_ERROR("CreatePodSandboxError"),
    /** The sandbox could not be configured (volumes, DNS, hostname). */
    CONFIG_POD_SANDBOX_ERROR("ConfigPodSandboxError"),
    /** The sandbox could not be killed. */
    KILL_POD_SANDBOX_ERROR("KillPodSandboxError"),
    /** The pod network could not be set up. */
    SETUP_NETWORK_ERROR("SetupNetworkError"),
    /** The pod network could not be torn down. */
    TEARDOWN_NETWORK_ERROR("TeardownNetworkError"),
    /** An init container exited with a non-zero code. */
    INIT_CONTAINER_FAILED("InitContainerFailed"),
    /** The spec needs something the runtime does not support (see {@link Capabilities}). */
    UNSUPPORTED("Unsupported");

    private final String wireName;

    SyncErrorReason(String wireName) {
        this.wireName = wireName;
    }

    /** The CamelCase reason, e.g. {@code CrashLoopBackOff}. */
    public String wireName() {
        return wireName;
    }
}
