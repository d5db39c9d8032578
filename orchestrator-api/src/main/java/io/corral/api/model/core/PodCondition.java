package io.corral.api.model.core;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * A condition of a pod, e.g. {@code Ready}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PodCondition(
        String type,
        String status,
        Instant lastProbeTime,
        Instant lastTransitionTime,
        String reason,
        String message) {
}
