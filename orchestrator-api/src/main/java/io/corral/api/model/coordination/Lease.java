package io.corral.api.model.coordination;

import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import org.apiguardian.api.API;

/**
 * A lease, for leader election and heartbeats. Wire form: {@code apiVersion: coordination.k8s.io/v1}, {@code kind: Lease}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; {@code apiVersion}, {@code kind} and {@code metadata} are never null
 * (they default to this kind's and to {@link ObjectMeta#EMPTY}); other fields may be null;
 * collections are never null and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Lease(
        String apiVersion,
        String kind,
        ObjectMeta metadata,
        LeaseSpec spec) implements KubernetesObject<Lease> {
    /** The {@code apiVersion} of this kind. */
    public static final String API_VERSION = "coordination.k8s.io/v1";
    /** The {@code kind} of this kind. */
    public static final String KIND = "Lease";

    /** Defaults {@code apiVersion}, {@code kind} and {@code metadata}; normalises absent collections to empty ones and copies the given ones. */
    public Lease {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    @Override
    public Lease withMetadata(ObjectMeta metadata) {
        return new Lease(apiVersion, kind, metadata, spec);
    }

    /** A copy with the given spec. */
    public Lease withSpec(LeaseSpec spec) {
        return new Lease(apiVersion, kind, metadata, spec);
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
        return b;
    }

    /** Builds {@link Lease}; not thread-safe. */
    public static final class Builder {
        private String apiVersion;
        private String kind;
        private ObjectMeta metadata;
        private LeaseSpec spec;

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

        public Builder spec(LeaseSpec spec) {
            this.spec = spec;
            return this;
        }

        public Lease build() {
            return new Lease(apiVersion, kind, metadata, spec);
        }
    }
}
