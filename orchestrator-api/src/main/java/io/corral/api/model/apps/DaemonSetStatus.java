package io.corral.api.model.apps;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The observed state of a daemon set.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DaemonSetStatus(
        Integer currentNumberScheduled,
        Integer numberMisscheduled,
        Integer desiredNumberScheduled,
        Integer numberReady,
        Long observedGeneration,
        Integer updatedNumberScheduled,
        Integer numberAvailable,
        Integer numberUnavailable,
        Integer collisionCount,
        List<DaemonSetCondition> conditions) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public DaemonSetStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.currentNumberScheduled = currentNumberScheduled;
        b.numberMisscheduled = numberMisscheduled;
        b.desiredNumberScheduled = desiredNumberScheduled;
        b.numberReady = numberReady;
        b.observedGeneration = observedGeneration;
        b.updatedNumberScheduled = updatedNumberScheduled;
        b.numberAvailable = numberAvailable;
        b.numberUnavailable = numberUnavailable;
        b.collisionCount = collisionCount;
        b.conditions = conditions;
        return b;
    }

    /** Builds {@link DaemonSetStatus}; not thread-safe. */
    public static final class Builder {
        private Integer currentNumberScheduled;
        private Integer numberMisscheduled;
        private Integer desiredNumberScheduled;
        private Integer numberReady;
        private Long observedGeneration;
        private Integer updatedNumberScheduled;
        private Integer numberAvailable;
        private Integer numberUnavailable;
        private Integer collisionCount;
        private List<DaemonSetCondition> conditions;

        private Builder() {
        }

        public Builder currentNumberScheduled(Integer currentNumberScheduled) {
            this.currentNumberScheduled = currentNumberScheduled;
            return this;
        }

        public Builder numberMisscheduled(Integer numberMisscheduled) {
            this.numberMisscheduled = numberMisscheduled;
            return this;
        }

        public Builder desiredNumberScheduled(Integer desiredNumberScheduled) {
            this.desiredNumberScheduled = desiredNumberScheduled;
            return this;
        }

        public Builder numberReady(Integer numberReady) {
            this.numberReady = numberReady;
            return this;
        }

        public Builder observedGeneration(Long observedGeneration) {
            this.observedGeneration = observedGeneration;
            return this;
        }

        public Builder updatedNumberScheduled(Integer updatedNumberScheduled) {
            this.updatedNumberScheduled = updatedNumberScheduled;
            return this;
        }

        public Builder numberAvailable(Integer numberAvailable) {
            this.numberAvailable = numberAvailable;
            return this;
        }

        public Builder numberUnavailable(Integer numberUnavailable) {
            this.numberUnavailable = numberUnavailable;
            return this;
        }

        public Builder collisionCount(Integer collisionCount) {
            this.collisionCount = collisionCount;
            return this;
        }

        public Builder conditions(List<DaemonSetCondition> conditions) {
            this.conditions = conditions;
            return this;
        }

        public DaemonSetStatus build() {
            return new DaemonSetStatus(currentNumberScheduled, numberMisscheduled, desiredNumberScheduled, numberReady, observedGeneration, updatedNumberScheduled, numberAvailable, numberUnavailable, collisionCount, conditions);
        }
    }
}
