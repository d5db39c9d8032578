package io.corral.runtime.spi;

import java.util.List;
import org.apiguardian.api.API;

/**
 * An image present on the node.
 *
 * @param id        the image id (e.g. {@code sha256:...}); non-blank
 * @param repoTags  tags such as {@code busybox:1.36}; immutable
 * @param digests   repo digests such as {@code busybox@sha256:...}; immutable
 * @param sizeBytes the size on disk in bytes; &gt;= 0
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Image(String id, List<String> repoTags, List<String> digests, long sizeBytes) {
    public Image {
        Checks.notBlank(id, "image.id");
        repoTags = Checks.list(repoTags, "image.repoTags");
        digests = Checks.list(digests, "image.digests");
        Checks.notNegative(sizeBytes, "image.sizeBytes");
    }
}
