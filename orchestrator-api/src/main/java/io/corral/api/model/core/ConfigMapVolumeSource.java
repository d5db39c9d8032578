package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A ConfigMap's keys as files.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ConfigMapVolumeSource(
        String name,
        List<KeyToPath> items,
        Integer defaultMode,
        Boolean optional) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public ConfigMapVolumeSource {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
