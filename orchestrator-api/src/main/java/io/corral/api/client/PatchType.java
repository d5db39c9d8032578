package io.corral.api.client;

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
}
