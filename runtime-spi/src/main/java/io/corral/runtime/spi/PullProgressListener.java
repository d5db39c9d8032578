package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * Receives progress of an image pull, on the pulling thread; must return quickly and not throw.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface PullProgressListener {
    /** A listener that ignores everything. */
    PullProgressListener NONE = (image, status, current, total) -> { };

    /**
     * @param image   the image being pulled
     * @param status  what is happening, e.g. {@code Downloading}, {@code Pull complete}
     * @param current bytes done so far, or -1 if unknown
     * @param total   bytes in total, or -1 if unknown
     */
    void onProgress(String image, String status, long current, long total);
}
