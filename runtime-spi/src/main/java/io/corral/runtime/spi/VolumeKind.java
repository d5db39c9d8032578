package io.corral.runtime.spi;

import org.apiguardian.api.API;

/** The kinds of {@link Volume} a runtime may support (see {@link Capabilities#volumeKinds()}). */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum VolumeKind {
    EMPTY_DIR,
    HOST_PATH,
    PREPARED_FILES,
    PERSISTENT_DIRECTORY
}
