package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * {@code key operator values}; operator In, NotIn, Exists, DoesNotExist, Gt or Lt.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NodeSelectorRequirement(String key, String operator, List<String> values) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public NodeSelectorRequirement {
        values = values == null ? List.of() : List.copyOf(values);
    }
}
