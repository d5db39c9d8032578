package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The desired state of a namespace.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NamespaceSpec(List<String> finalizers) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public NamespaceSpec {
        finalizers = finalizers == null ? List.of() : List.copyOf(finalizers);
    }
}
