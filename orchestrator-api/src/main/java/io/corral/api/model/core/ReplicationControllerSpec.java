package io.corral.api.model.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The desired state of a replication controller; its selector is a plain label map.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ReplicationControllerSpec(
        Integer replicas,
        Integer minReadySeconds,
        Map<String, String> selector,
        PodTemplateSpec template) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public ReplicationControllerSpec {
        selector = selector == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(selector));
    }
}
