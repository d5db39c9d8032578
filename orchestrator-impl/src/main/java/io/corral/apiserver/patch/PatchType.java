package io.corral.apiserver.patch;

import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/** The patch formats the API server accepts, by their {@code Content-Type}. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum PatchType {
    /** RFC 6902: an array of operations. */
    JSON("application/json-patch+json"),
    /** RFC 7386: an object merged into the target; null deletes. */
    MERGE("application/merge-patch+json"),
    /** Kubernetes' strategic merge patch: a merge patch that merges lists of objects by a key. */
    STRATEGIC_MERGE("application/strategic-merge-patch+json");

    private final String mediaType;

    PatchType(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The media type, e.g. {@code application/merge-patch+json}. */
    public String mediaType() {
        return mediaType;
    }

    /** The patch type of a {@code Content-Type} header value (parameters ignored), empty when none matches. */
    public static Optional<PatchType> ofContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semi = contentType.indexOf(';');
        String base = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        for (PatchType t : values()) {
            if (t.mediaType.equals(base)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
