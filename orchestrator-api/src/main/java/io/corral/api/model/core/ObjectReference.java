package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * A reference to an object, possibly to a field of it (core/v1 {@code ObjectReference}).
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ObjectReference(
        String kind,
        String namespace,
        String name,
        String uid,
        String apiVersion,
        String resourceVersion,
        String fieldPath) {
}
