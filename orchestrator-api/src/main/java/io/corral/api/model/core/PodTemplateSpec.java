package io.corral.api.model.core;

import io.corral.api.model.meta.ObjectMeta;
import org.apiguardian.api.API;

/**
 * The pod a controller creates: its metadata and spec.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PodTemplateSpec(ObjectMeta metadata, PodSpec spec) {
    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.metadata = metadata;
        b.spec = spec;
        return b;
    }

    /** Builds {@link PodTemplateSpec}; not thread-safe. */
    public static final class Builder {
        private ObjectMeta metadata;
        private PodSpec spec;

        private Builder() {
        }

        public Builder metadata(ObjectMeta metadata) {
            this.metadata = metadata;
            return this;
        }

        public Builder spec(PodSpec spec) {
            this.spec = spec;
            return this;
        }

        public PodTemplateSpec build() {
            return new PodTemplateSpec(metadata, spec);
        }
    }
}
