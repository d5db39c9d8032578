package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * A weighted (1-100) pod affinity preference.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record WeightedPodAffinityTerm(Integer weight, PodAffinityTerm podAffinityTerm) {
}
