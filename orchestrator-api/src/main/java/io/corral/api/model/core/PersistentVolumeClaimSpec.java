package io.corral.api.model.core;

import io.corral.api.labels.LabelSelector;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The desired state of a claim.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PersistentVolumeClaimSpec(
        List<String> accessModes,
        LabelSelector selector,
        ResourceRequirements resources,
        String volumeName,
        String storageClassName,
        String volumeMode) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public PersistentVolumeClaimSpec {
        accessModes = accessModes == null ? List.of() : List.copyOf(accessModes);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.accessModes = accessModes;
        b.selector = selector;
        b.resources = resources;
        b.volumeName = volumeName;
        b.storageClassName = storageClassName;
        b.volumeMode = volumeMode;
        return b;
    }

    /** Builds {@link PersistentVolumeClaimSpec}; not thread-safe. */
    public static final class Builder {
        private List<String> accessModes;
        private LabelSelector selector;
        private ResourceRequirements resources;
        private String volumeName;
        private String storageClassName;
        private String volumeMode;

        private Builder() {
        }

        public Builder accessModes(List<String> accessModes) {
            this.accessModes = accessModes;
            return this;
        }

        public Builder selector(LabelSelector selector) {
            this.selector = selector;
            return this;
        }

        public Builder resources(ResourceRequirements resources) {
            this.resources = resources;
            return this;
        }

        public Builder volumeName(String volumeName) {
            this.volumeName = volumeName;
            return this;
        }

        public Builder storageClassName(String storageClassName) {
            this.storageClassName = storageClassName;
            return this;
        }

        public Builder volumeMode(String volumeMode) {
            this.volumeMode = volumeMode;
            return this;
        }

        public PersistentVolumeClaimSpec build() {
            return new PersistentVolumeClaimSpec(accessModes, selector, resources, volumeName, storageClassName, volumeMode);
        }
    }
}
