package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * Usage of the image store, for the node's image garbage collection.
 *
 * @param imageCount    how many images are present
 * @param usedBytes     bytes used by images
 * @param capacityBytes capacity of the file system holding them, or -1 if unknown
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ImageFsStats(int imageCount, long usedBytes, long capacityBytes) {
}
