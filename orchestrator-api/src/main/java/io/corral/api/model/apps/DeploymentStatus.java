package io.corral.api.model.apps;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The observed state of a deployment.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DeploymentStatus(
        Long observedGeneration,
        Integer replicas,
        Integer updatedReplicas,
        Integer readyReplicas,
        Integer availableReplicas,
        Integer unavailableReplicas,
        List<DeploymentCondition> conditions,
        Integer collisionCount) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public DeploymentStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.observedGeneration = observedGeneration;
        b.replicas = replicas;
        b.updatedReplicas = updatedReplicas;
        b.readyReplicas = readyReplicas;
        b.availableReplicas = availableReplicas;
        b.unavailableReplicas = unavailableReplicas;
        b.conditions = conditions;
        b.collisionCount = collisionCount;
        return b;
    }

    /** Builds {@link DeploymentStatus}; not thread-safe. */
    public static final class Builder {
        private Long observedGeneration;
        private Integer replicas;
        private Integer updatedReplicas;
        private Integer readyReplicas;
        private Integer availableReplicas;
        private Integer unavailableReplicas;
        private List<DeploymentCondition> conditions;
        private Integer collisionCount;

        private Builder() {
        }

        public Builder observedGeneration(Long observedGeneration) {
            this.observedGeneration = observedGeneration;
            return this;
        }

        public Builder replicas(Integer replicas) {
            this.replicas = replicas;
            return this;
        }

        public Builder updatedReplicas(Integer updatedReplicas) {
            this.updatedReplicas = updatedReplicas;
            return this;
        }

        public Builder readyReplicas(Integer readyReplicas) {
            this.readyReplicas = readyReplicas;
            return this;
        }

        public Builder availableReplicas(Integer availableReplicas) {
            this.availableReplicas = availableReplicas;
            return this;
        }

        public Builder unavailableReplicas(Integer unavailableReplicas) {
            this.unavailableReplicas = unavailableReplicas;
            return this;
        }

        public Builder conditions(List<DeploymentCondition> conditions) {
            this.conditions = conditions;
            return this;
        }

        public Builder collisionCount(Integer collisionCount) {
            this.collisionCount = collisionCount;
            return this;
        }

        public DeploymentStatus build() {
            return new DeploymentStatus(observedGeneration, replicas, updatedReplicas, readyReplicas, availableReplicas, unavailableReplicas, conditions, collisionCount);
        }
    }
}
