package io.corral.api.model.apps;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The observed state of a stateful set.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record StatefulSetStatus(
        Long observedGeneration,
        Integer replicas,
        Integer readyReplicas,
        Integer currentReplicas,
        Integer updatedReplicas,
        Integer availableReplicas,
        String currentRevision,
        String updateRevision,
        Integer collisionCount,
        List<StatefulSetCondition> conditions) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public StatefulSetStatus {
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
        b.readyReplicas = readyReplicas;
        b.currentReplicas = currentReplicas;
        b.updatedReplicas = updatedReplicas;
        b.availableReplicas = availableReplicas;
        b.currentRevision = currentRevision;
        b.updateRevision = updateRevision;
        b.collisionCount = collisionCount;
        b.conditions = conditions;
        return b;
    }

    /** Builds {@link StatefulSetStatus}; not thread-safe. */
    public static final class Builder {
        private Long observedGeneration;
        private Integer replicas;
        private Integer readyReplicas;
        private Integer currentReplicas;
        private Integer updatedReplicas;
        private Integer availableReplicas;
        private String currentRevision;
        private String updateRevision;
        private Integer collisionCount;
        private List<StatefulSetCondition> conditions;

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

        public Builder readyReplicas(Integer readyReplicas) {
            this.readyReplicas = readyReplicas;
            return this;
        }

        public Builder currentReplicas(Integer currentReplicas) {
            this.currentReplicas = currentReplicas;
            return this;
        }

        public Builder updatedReplicas(Integer updatedReplicas) {
            this.updatedReplicas = updatedReplicas;
            return this;
        }

        public Builder availableReplicas(Integer availableReplicas) {
            this.availableReplicas = availableReplicas;
            return this;
        }

        public Builder currentRevision(String currentRevision) {
            this.currentRevision = currentRevision;
            return this;
        }

        public Builder updateRevision(String updateRevision) {
            this.updateRevision = updateRevision;
            return this;
        }

        public Builder collisionCount(Integer collisionCount) {
            this.collisionCount = collisionCount;
            return this;
        }

        public Builder conditions(List<StatefulSetCondition> conditions) {
            this.conditions = conditions;
            return this;
        }

        public StatefulSetStatus build() {
            return new StatefulSetStatus(observedGeneration, replicas, readyReplicas, currentReplicas, updatedReplicas, availableReplicas, currentRevision, updateRevision, collisionCount, conditions);
        }
    }
}
