package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A Secret's keys as files.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SecretVolumeSource(
        String secretName,
        List<KeyToPath> items,
        Integer defaultMode,
        Boolean optional) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public SecretVolumeSource {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
