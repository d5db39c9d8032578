package io.corral.api.model.core;

import io.corral.api.quantity.Quantity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Limits for one type (Container, Pod, PersistentVolumeClaim). {@code defaultLimits} is the wire field {@code default}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LimitRangeItem(
        String type,
        Map<String, Quantity> max,
        Map<String, Quantity> min,
        Map<String, Quantity> defaultLimits,
        Map<String, Quantity> defaultRequest,
        Map<String, Quantity> maxLimitRequestRatio) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public LimitRangeItem {
        max = max == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(max));
        min = min == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(min));
        defaultLimits = defaultLimits == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(defaultLimits));
        defaultRequest = defaultRequest == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(defaultRequest));
        maxLimitRequestRatio = maxLimitRequestRatio == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(maxLimitRequestRatio));
    }
}
