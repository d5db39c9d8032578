package io.corral.api.model.batch;

import java.time.Instant;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The observed state of a job.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record JobStatus(
        List<JobCondition> conditions,
        Instant startTime,
        Instant completionTime,
        Integer active,
        Integer succeeded,
        Integer failed,
        Integer ready) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public JobStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.conditions = conditions;
        b.startTime = startTime;
        b.completionTime = completionTime;
        b.active = active;
        b.succeeded = succeeded;
        b.failed = failed;
        b.ready = ready;
        return b;
    }

    /** Builds {@link JobStatus}; not thread-safe. */
    public static final class Builder {
        private List<JobCondition> conditions;
        private Instant startTime;
        private Instant completionTime;
        private Integer active;
        private Integer succeeded;
        private Integer failed;
        private Integer ready;

        private Builder() {
        }

        public Builder conditions(List<JobCondition> conditions) {
            this.conditions = conditions;
            return this;
        }

        public Builder startTime(Instant startTime) {
            this.startTime = startTime;
            return this;
        }

        public Builder completionTime(Instant completionTime) {
            this.completionTime = completionTime;
            return this;
        }

        public Builder active(Integer active) {
            this.active = active;
            return this;
        }

        public Builder succeeded(Integer succeeded) {
            this.succeeded = succeeded;
            return this;
        }

        public Builder failed(Integer failed) {
            this.failed = failed;
            return this;
        }

        public Builder ready(Integer ready) {
            this.ready = ready;
            return this;
        }

        public JobStatus build() {
            return new JobStatus(conditions, startTime, completionTime, active, succeeded, failed, ready);
        }
    }
}
