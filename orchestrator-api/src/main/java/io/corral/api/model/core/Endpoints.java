package io.corral.api.model.core;

import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The addresses that implement a service. Wire form: {@code apiVersion: v1}, {@code kind: Endpoints}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; {@code apiVersion}, {@code kind} and {@code metadata} are never null
 * (they default to this kind's and to {@link ObjectMeta#EMPTY}); other fields may be null;
 * collections are never null and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Endpoints(
        String apiVersion,
        String kind,
        ObjectMeta metadata,
        List<EndpointSubset> subsets) implements KubernetesObject<Endpoints> {
    /** The {@code apiVersion} of this kind. */
    public static final String API_VERSION = "v1";
    /** The {@code kind} of this kind. */
    public static final String KIND = "Endpoints";

    /** Defaults {@code apiVersion}, {@code kind} and {@code metadata}; normalises absent collections to empty ones and copies the given ones. */
    public Endpoints {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
        subsets = subsets == null ? List.of() : List.copyOf(subsets);
    }

    @Override
    public Endpoints withMetadata(ObjectMeta metadata) {
        return new Endpoints(apiVersion, kind, metadata, subsets);
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
        b.subsets = subsets;
        return b;
    }

    /** Builds {@link Endpoints}; not thread-safe. */
    public static final class Builder {
        private String apiVersion;
        private String kind;
        private ObjectMeta metadata;
        private List<EndpointSubset> subsets;

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

        public Builder subsets(List<EndpointSubset> subsets) {
            this.subsets = subsets;
            return this;
        }

        public Endpoints build() {
            return new Endpoints(apiVersion, kind, metadata, subsets);
        }
    }
}
