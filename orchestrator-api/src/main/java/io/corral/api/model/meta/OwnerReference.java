package io.corral.api.model.meta;

import org.apiguardian.api.API;

/**
 * A reference from a dependent object to its owner (meta/v1 {@code OwnerReference}); garbage collection follows it.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record OwnerReference(
        String apiVersion,
        String kind,
        String name,
        String uid,
        Boolean controller,
        Boolean blockOwnerDeletion) {
}
