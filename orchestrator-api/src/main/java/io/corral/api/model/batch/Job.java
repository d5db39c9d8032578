package io.corral.api.model.batch;

import io.corral.api.model.meta.HasStatus;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import org.apiguardian.api.API;

/**
 * Runs pods to completion. Wire form: {@code apiVersion: batch/v1}, {@code kind: Job}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; {@code apiVersion}, {@code kind} and {@code metadata} are never null
 * (they default to this kind's and to {@link ObjectMeta#EMPTY}); other fields may be null;
 * collections are never null and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Job(
        String apiVersion,
        String kind,
        ObjectMeta metadata,
        JobSpec spec,
        JobStatus status) implements KubernetesObject<Job>, HasStatus<Job, JobStatus> {
    /** The {@code apiVersion} of this kind. */
    public static final String API_VERSION = "batch/v1";
    /** The {@code kind} of this kind. */
    public static final String KIND = "Job";

    /** Defaults {@code apiVersion}, {@code kind} and {@code metadata}; normalises absent collections to empty ones and copies the given ones. */
    public Job {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    @Override
    public Job withMetadata(ObjectMeta metadata) {
        return new Job(apiVersion, kind, metadata, spec, status);
    }

    /** A copy with the given spec. */
    public Job withSpec(JobSpec spec) {
        return new Job(apiVersion, kind, metadata, spec, status);
    }

    @Override
    public Job withStatus(JobStatus status) {
        return new Job(apiVersion, kind, metadata, spec, status);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.apiVersion = apiVersion;
        b.kind = kind;
        b.metadata = metadata;
        b.spec = spec;
        b.status = status;
        return b;
    }

    /** Builds {@link Job}; not thread-safe. */
    public static final class Builder {
        private String apiVersion;
        private String kind;
        private ObjectMeta metadata;
        private JobSpec spec;
        private JobStatus status;

        private Builder() {
        }

        public Builder apiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        public Builder kind(String kind) {
            this.kind = kind;
            return this;
        }

        public Builder metadata(ObjectMeta metadata) {
            this.metadata = metadata;
            return this;
        }

        public Builder spec(JobSpec spec) {
            this.spec = spec;
            return this;
        }

        public Builder status(JobStatus status) {
            this.status = status;
            return this;
        }

        public Job build() {
            return new Job(apiVersion, kind, metadata, spec, status);
        }
    }
}
