package io.corral.runtime.spi;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The images of a runtime. Image references are as given in a {@link ContainerDescription}
 * ({@code name[:tag][@digest]}, tag {@code latest} if absent). Thread-safe; every method may block
 * for I/O, {@link #pull} up to its timeout, the others briefly.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ImageService {

    /**
     * Pulls an image, returning its id once present.
     *
     * @param image       the reference; non-blank
     * @param credentials for the image's registry; nullable
     * @param timeout     the longest the pull may take
     * @param listener    receives progress; non-null ({@link PullProgressListener#NONE})
     * @throws ContainerRuntimeException {@code IMAGE_PULL_FAILED} or {@code IMAGE_NOT_FOUND}, {@code TIMEOUT},
     *                                   {@code INVALID_ARGUMENT} for a reference that cannot be parsed
     */
    String pull(String image, RegistryCredentials credentials, Duration timeout, PullProgressListener listener);

    /** Whether the image is present on the node. */
    boolean isPresent(String image);

    /** The image of that reference or id, if present. */
    Optional<Image> inspect(String image);

    /** Every image present. */
    List<Image> list();

    /** Removes the image; succeeds if it is already absent (MUST be idempotent). */
    void remove(String image);

    /** Usage of the image store. */
    ImageFsStats stats();
}
