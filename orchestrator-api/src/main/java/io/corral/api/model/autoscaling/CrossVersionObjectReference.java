package io.corral.api.model.autoscaling;

import org.apiguardian.api.API;

/**
 * The object a HorizontalPodAutoscaler scales.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record CrossVersionObjectReference(String kind, String name, String apiVersion) {
}
