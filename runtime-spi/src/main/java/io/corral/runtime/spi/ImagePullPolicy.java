package io.corral.runtime.spi;

import org.apiguardian.api.API;

/** When the runtime pulls a container's image before starting it. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum ImagePullPolicy {
    /** Pull every time a container is started. */
    ALWAYS,
    /** Pull only if the image is not present. */
    IF_NOT_PRESENT,
    /** Never pull; fail with {@code ErrImageNeverPull} if absent. */
    NEVER
}
