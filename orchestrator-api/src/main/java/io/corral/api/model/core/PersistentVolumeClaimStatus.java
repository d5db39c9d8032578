package io.corral.api.model.core;

import io.corral.api.quantity.Quantity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The observed state of a claim; phase Pending, Bound or Lost.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PersistentVolumeClaimStatus(
        String phase,
        List<String> accessModes,
        Map<String, Quantity> capacity) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public PersistentVolumeClaimStatus {
        accessModes = accessModes == null ? List.of() : List.copyOf(accessModes);
        capacity = capacity == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(capacity));
    }
}
