package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Which nodes a pod may (required) or prefers to (preferred) run on.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NodeAffinity(
        NodeSelector requiredDuringSchedulingIgnoredDuringExecution,
        List<PreferredSchedulingTerm> preferredDuringSchedulingIgnoredDuringExecution) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public NodeAffinity {
        preferredDuringSchedulingIgnoredDuringExecution = preferredDuringSchedulingIgnoredDuringExecution == null ? List.of() : List.copyOf(preferredDuringSchedulingIgnoredDuringExecution);
    }
}
