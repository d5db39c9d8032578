package io.corral.api.client;

import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/** How a patch body is to be applied, each with the content type Kubernetes expects for it. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum PatchType {
    /** An RFC 6902 JSON patch: a JSON array of operations. */
    JSON_PATCH("application/json-patch+json"),
    /** An RFC 7386 JSON merge patch: a partial object; {@code null} removes a field, lists are replaced. */
    MERGE_PATCH("application/merge-patch+json"),
    /** Kubernetes' strategic merge patch: like a merge patch, but lists with a merge key are merged by it. */
    STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json");

    private final String contentType;

    PatchType(String contentType) {
        this.contentType = contentType;
    }

    /** The HTTP {@code Content-Type} of a patch of this type. */
    public String contentType() {
        return contentType;
    }

    /**
     * The patch type of a {@code Content-Type} header value (parameters such as {@code charset}
     * ignored, case-insensitive), or empty when none matches.
     */
    public static Optional<PatchType> ofContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        int semi = contentType.indexOf(';');
        String base = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        for (PatchType t : values()) {
            if (t.contentType.equals(base)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
