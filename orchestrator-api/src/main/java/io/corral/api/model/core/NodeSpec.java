package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The desired state of a node.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NodeSpec(
        String podCIDR,
        List<String> podCIDRs,
        String providerID,
        Boolean unschedulable,
        List<Taint> taints) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public NodeSpec {
        podCIDRs = podCIDRs == null ? List.of() : List.copyOf(podCIDRs);
        taints = taints == null ? List.of() : List.copyOf(taints);
    }
}
