package io.corral.api.model.apps;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The observed state of a replica set.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ReplicaSetStatus(
        Integer replicas,
        Integer fullyLabeledReplicas,
        Integer readyReplicas,
        Integer availableReplicas,
        Long observedGeneration,
        List<ReplicaSetCondition> conditions) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public ReplicaSetStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }
}
