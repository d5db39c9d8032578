package io.corral.api.model.core;

import io.corral.api.labels.LabelSelector;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Pods matching {@code labelSelector} in {@code namespaces}, within a {@code topologyKey} domain.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PodAffinityTerm(
        LabelSelector labelSelector,
        List<String> namespaces,
        String topologyKey,
        LabelSelector namespaceSelector) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public PodAffinityTerm {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    }
}
