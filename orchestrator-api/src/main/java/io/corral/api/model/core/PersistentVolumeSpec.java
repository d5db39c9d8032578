package io.corral.api.model.core;

import io.corral.api.quantity.Quantity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The desired state of a persistent volume.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PersistentVolumeSpec(
        Map<String, Quantity> capacity,
        List<String> accessModes,
        String persistentVolumeReclaimPolicy,
        String storageClassName,
        String volumeMode,
        HostPathVolumeSource hostPath,
        LocalVolumeSource local,
        VolumeNodeAffinity nodeAffinity,
        ObjectReference claimRef,
        List<String> mountOptions) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public PersistentVolumeSpec {
        capacity = capacity == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(capacity));
        accessModes = accessModes == null ? List.of() : List.copyOf(accessModes);
        mountOptions = mountOptions == null ? List.of() : List.copyOf(mountOptions);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.capacity = capacity;
        b.accessModes = accessModes;
        b.persistentVolumeReclaimPolicy = persistentVolumeReclaimPolicy;
        b.storageClassName = storageClassName;
        b.volumeMode = volumeMode;
        b.hostPath = hostPath;
        b.local = local;
        b.nodeAffinity = nodeAffinity;
        b.claimRef = claimRef;
        b.mountOptions = mountOptions;
        return b;
    }

    /** Builds {@link PersistentVolumeSpec}; not thread-safe. */
    public static final class Builder {
        private Map<String, Quantity> capacity;
        private List<String> accessModes;
        private String persistentVolumeReclaimPolicy;
        private String storageClassName;
        private String volumeMode;
        private HostPathVolumeSource hostPath;
        private LocalVolumeSource local;
        private VolumeNodeAffinity nodeAffinity;
        private ObjectReference claimRef;
        private List<String> mountOptions;

        private Builder() {
        }

        public Builder capacity(Map<String, Quantity> capacity) {
            this.capacity = capacity;
            return this;
        }

        public Builder accessModes(List<String> accessModes) {
            this.accessModes = accessModes;
            return this;
        }

        public Builder persistentVolumeReclaimPolicy(String persistentVolumeReclaimPolicy) {
            this.persistentVolumeReclaimPolicy = persistentVolumeReclaimPolicy;
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

        public Builder hostPath(HostPathVolumeSource hostPath) {
            this.hostPath = hostPath;
            return this;
        }

        public Builder local(LocalVolumeSource local) {
            this.local = local;
            return this;
        }

        public Builder nodeAffinity(VolumeNodeAffinity nodeAffinity) {
            this.nodeAffinity = nodeAffinity;
            return this;
        }

        public Builder claimRef(ObjectReference claimRef) {
            this.claimRef = claimRef;
            return this;
        }

        public Builder mountOptions(List<String> mountOptions) {
            this.mountOptions = mountOptions;
            return this;
        }

        public PersistentVolumeSpec build() {
            return new PersistentVolumeSpec(capacity, accessModes, persistentVolumeReclaimPolicy, storageClassName, volumeMode, hostPath, local, nodeAffinity, claimRef, mountOptions);
        }
    }
}
