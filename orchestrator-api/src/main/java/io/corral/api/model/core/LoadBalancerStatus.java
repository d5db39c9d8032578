package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The load balancer of a service.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LoadBalancerStatus(List<LoadBalancerIngress> ingress) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public LoadBalancerStatus {
        ingress = ingress == null ? List.of() : List.copyOf(ingress);
    }
}
