package io.corral.api.model.autoscaling;

import org.apiguardian.api.API;

/**
 * The desired state of an autoscaler.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record HorizontalPodAutoscalerSpec(
        CrossVersionObjectReference scaleTargetRef,
        Integer minReplicas,
        Integer maxReplicas,
        Integer targetCPUUtilizationPercentage) {
}
