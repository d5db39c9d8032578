package io.corral.api.model.networking;

import io.corral.api.model.meta.HasStatus;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import org.apiguardian.api.API;

/**
 * HTTP routing into services. Wire form: {@code apiVersion: networking.k8s.io/v1}, {@code kind: Ingress}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; {@code apiVersion}, {@code kind} and {@code metadata} are never null
 * (they default to this kind's and to {@link ObjectMeta#EMPTY}); other fields may be null;
 * collections are never null and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Ingress(
        String apiVersion,
        String kind,
        ObjectMeta metadata,
        IngressSpec spec,
        IngressStatus status) implements KubernetesObject<Ingress>, HasStatus<Ingress, IngressStatus> {
    /** The {@code apiVersion} of this kind. */
    public static final String API_VERSION = "networking.k8s.io/v1";
    /** The {@code kind} of this kind. */
    public static final String KIND = "Ingress";

    /** Defaults {@code apiVersion}, {@code kind} and {@code metadata}; normalises absent collections to empty ones and copies the given ones. */
    public Ingress {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    @Override
    public Ingress withMetadata(ObjectMeta metadata) {
        return new Ingress(apiVersion, kind, metadata, spec, status);
    }

    /** A copy with the given spec. */
    public Ingress withSpec(IngressSpec spec) {
        return new Ingress(apiVersion, kind, metadata, spec, status);
    }

    @Override
    public Ingress withStatus(IngressStatus status) {
        return new Ingress(apiVersion, kind, metadata, spec, status);
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

    /** Builds {@link Ingress}; not thread-safe. */
    public static final class Builder {
        private String apiVersion;
        private String kind;
        private ObjectMeta metadata;
        private IngressSpec spec;
        private IngressStatus status;

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

        public Builder spec(IngressSpec spec) {
            this.spec = spec;
            return this;
        }

        public Builder status(IngressStatus status) {
            this.status = status;
            return this;
        }

        public Ingress build() {
            return new Ingress(apiVersion, kind, metadata, spec, status);
        }
    }
}
