package io.corral.api.model.core;

import io.corral.api.quantity.Quantity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Enforced hard limits and current use.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ResourceQuotaStatus(Map<String, Quantity> hard, Map<String, Quantity> used) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public ResourceQuotaStatus {
        hard = hard == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(hard));
        used = used == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(used));
    }
}
