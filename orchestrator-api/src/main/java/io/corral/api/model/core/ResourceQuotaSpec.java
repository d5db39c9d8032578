package io.corral.api.model.core;

import io.corral.api.quantity.Quantity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Hard limits on aggregate resource use per namespace.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ResourceQuotaSpec(Map<String, Quantity> hard, List<String> scopes) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public ResourceQuotaSpec {
        hard = hard == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(hard));
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }
}
