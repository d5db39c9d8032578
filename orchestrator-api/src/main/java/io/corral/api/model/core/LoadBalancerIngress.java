package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * An ingress point of a load balancer.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LoadBalancerIngress(String ip, String hostname) {
}
