package io.corral.api.model.autoscaling;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * The observed state of an autoscaler.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record HorizontalPodAutoscalerStatus(
        Long observedGeneration,
        Instant lastScaleTime,
        Integer currentReplicas,
        Integer desiredReplicas,
        Integer currentCPUUtilizationPercentage) {
}
