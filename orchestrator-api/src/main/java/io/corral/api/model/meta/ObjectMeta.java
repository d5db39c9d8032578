package io.corral.api.model.meta;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Metadata every persisted object has (meta/v1 {@code ObjectMeta}). Timestamps are RFC 3339 on the wire.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ObjectMeta(
        String name,
        String generateName,
        String namespace,
        String uid,
        String resourceVersion,
        Long generation,
        Instant creationTimestamp,
        Instant deletionTimestamp,
        Long deletionGracePeriodSeconds,
        Map<String, String> labels,
        Map<String, String> annotations,
        List<OwnerReference> ownerReferences,
        List<String> finalizers) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public ObjectMeta {
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        annotations = annotations == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        ownerReferences = ownerReferences == null ? List.of() : List.copyOf(ownerReferences);
        finalizers = finalizers == null ? List.of() : List.copyOf(finalizers);
    }

    /** Metadata with every field unset. */
    public static final ObjectMeta EMPTY = new ObjectMeta(null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** Metadata with just a name, for cluster-scoped objects. */
    public static ObjectMeta named(String name) {
        return builder().name(name).build();
    }

    /** Metadata with a namespace and a name. */
    public static ObjectMeta of(String namespace, String name) {
        return builder().namespace(namespace).name(name).build();
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.generateName = generateName;
        b.namespace = namespace;
        b.uid = uid;
        b.resourceVersion = resourceVersion;
        b.generation = generation;
        b.creationTimestamp = creationTimestamp;
        b.deletionTimestamp = deletionTimestamp;
        b.deletionGracePeriodSeconds = deletionGracePeriodSeconds;
        b.labels = labels;
        b.annotations = annotations;
        b.ownerReferences = ownerReferences;
        b.finalizers = finalizers;
        return b;
    }

    /** Builds {@link ObjectMeta}; not thread-safe. */
    public static final class Builder {
        private String name;
        private String generateName;
        private String namespace;
        private String uid;
        private String resourceVersion;
        private Long generation;
        private Instant creationTimestamp;
        private Instant deletionTimestamp;
        private Long deletionGracePeriodSeconds;
        private Map<String, String> labels;
        private Map<String, String> annotations;
        private List<OwnerReference> ownerReferences;
        private List<String> finalizers;

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder generateName(String generateName) {
            this.generateName = generateName;
            return this;
        }

        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Builder uid(String uid) {
            this.uid = uid;
            return this;
        }

        public Builder resourceVersion(String resourceVersion) {
            this.resourceVersion = resourceVersion;
            return this;
        }

        public Builder generation(Long generation) {
            this.generation = generation;
            return this;
        }

        public Builder creationTimestamp(Instant creationTimestamp) {
            this.creationTimestamp = creationTimestamp;
            return this;
        }

        public Builder deletionTimestamp(Instant deletionTimestamp) {
            this.deletionTimestamp = deletionTimestamp;
            return this;
        }

        public Builder deletionGracePeriodSeconds(Long deletionGracePeriodSeconds) {
            this.deletionGracePeriodSeconds = deletionGracePeriodSeconds;
            return this;
        }

        public Builder labels(Map<String, String> labels) {
            this.labels = labels;
            return this;
        }

        public Builder annotations(Map<String, String> annotations) {
            this.annotations = annotations;
            return this;
        }

        public Builder ownerReferences(List<OwnerReference> ownerReferences) {
            this.ownerReferences = ownerReferences;
            return this;
        }

        public Builder finalizers(List<String> finalizers) {
            this.finalizers = finalizers;
            return this;
        }

        public ObjectMeta build() {
            return new ObjectMeta(name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, labels, annotations, ownerReferences, finalizers);
        }
    }
}
