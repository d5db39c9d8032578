package io.corral.api.model.apps;

import io.corral.api.model.meta.HasStatus;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import org.apiguardian.api.API;

/**
 * Declarative updates for pods through replica sets. Wire form: {@code apiVersion: apps/v1}, {@code kind: Deployment}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; {@code apiVersion}, {@code kind} and {@code metadata} are never null
 * (they default to this kind's and to {@link ObjectMeta#EMPTY}); other fields may be null;
 * collections are never null and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Deployment(
        String apiVersion,
        String kind,
        ObjectMeta metadata,
        DeploymentSpec spec,
        DeploymentStatus status) implements KubernetesObject<Deployment>, HasStatus<Deployment, DeploymentStatus> {
    /** The {@code apiVersion} of this kind. */
    public static final String API_VERSION = "apps/v1";
    /** The {@code kind} of this kind. */
    public static final String KIND = "Deployment";

    /** Defaults {@code apiVersion}, {@code kind} and {@code metadata}; normalises absent collections to empty ones and copies the given ones. */
    public Deployment {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    @Override
    public Deployment withMetadata(ObjectMeta metadata) {
        return new Deployment(apiVersion, kind, metadata, spec, status);
    }

    /** A copy with the given spec. */
    public Deployment withSpec(DeploymentSpec spec) {
        return new Deployment(apiVersion, kind, metadata, spec, status);
    }

    @Override
    public Deployment withStatus(DeploymentStatus status) {
        return new Deployment(apiVersion, kind, metadata, spec, status);
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

    /** Builds {@link Deployment}; not thread-safe. */
    public static final class Builder {
        private String apiVersion;
        private String kind;
        private ObjectMeta metadata;
        private DeploymentSpec spec;
        private DeploymentStatus status;

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

        public Builder spec(DeploymentSpec spec) {
            this.spec = spec;
            return this;
        }

        public Builder status(DeploymentStatus status) {
            this.status = status;
            return this;
        }

        public Deployment build() {
            return new Deployment(apiVersion, kind, metadata, spec, status);
        }
    }
}
