package io.corral.api.model.networking;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The load balancer of an ingress.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record IngressLoadBalancerStatus(List<IngressLoadBalancerIngress> ingress) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public IngressLoadBalancerStatus {
        ingress = ingress == null ? List.of() : List.copyOf(ingress);
    }
}
