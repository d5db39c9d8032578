package io.corral.api.model.core;

import io.corral.api.quantity.Quantity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Compute resources requested by and limited for a container, by resource name ({@code cpu}, {@code memory}, ...).
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ResourceRequirements(Map<String, Quantity> limits, Map<String, Quantity> requests) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public ResourceRequirements {
        limits = limits == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(limits));
        requests = requests == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(requests));
    }
}
