package io.corral.api.model.core;

import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Non-confidential configuration: text {@code data} and base64 {@code binaryData}. Wire form: {@code apiVersion: v1}, {@code kind: ConfigMap}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; {@code apiVersion}, {@code kind} and {@code metadata} are never null
 * (they default to this kind's and to {@link ObjectMeta#EMPTY}); other fields may be null;
 * collections are never null and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ConfigMap(
        String apiVersion,
        String kind,
        ObjectMeta metadata,
        Map<String, String> data,
        Map<String, byte[]> binaryData,
        Boolean immutable) implements KubernetesObject<ConfigMap> {
    /** The {@code apiVersion} of this kind. */
    public static final String API_VERSION = "v1";
    /** The {@code kind} of this kind. */
    public static final String KIND = "ConfigMap";

    /** Defaults {@code apiVersion}, {@code kind} and {@code metadata}; normalises absent collections to empty ones and copies the given ones. */
    public ConfigMap {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
        data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
        if (binaryData == null) {
            binaryData = Map.of();
        } else {
            Map<String, byte[]> copy = new LinkedHashMap<>();
            binaryData.forEach((k, v) -> copy.put(k, v == null ? new byte[0] : v.clone()));
            binaryData = Collections.unmodifiableMap(copy);
        }
    }

    @Override
    public ConfigMap withMetadata(ObjectMeta metadata) {
        return new ConfigMap(apiVersion, kind, metadata, data, binaryData, immutable);
    }

    /** Compares byte values by content, unlike the record default. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigMap other
                && Objects.equals(apiVersion, other.apiVersion)
                && Objects.equals(kind, other.kind)
                && Objects.equals(metadata, other.metadata)
                && Objects.equals(data, other.data)
                && Objects.equals(immutable, other.immutable)
                && sameBytes(binaryData, other.binaryData);
    }

    @Override
    public int hashCode() {
        int bytesHash = 0;
        for (Map.Entry<String, byte[]> e : binaryData.entrySet()) {
            bytesHash += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return 31 * Objects.hash(apiVersion, kind, metadata, data, immutable) + bytesHash;
    }

    /** Equal key sets with equal byte contents. */
    private static boolean sameBytes(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Prints keys of binary data only, never its values. */
    @Override
    public String toString() {
        return "ConfigMap[metadata=" + metadata + ", binaryData keys=" + binaryData.keySet() + "]";
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
        b.data = data;
        b.binaryData = binaryData;
        b.immutable = immutable;
        return b;
    }

    /** Builds {@link ConfigMap}; not thread-safe. */
    public static final class Builder {
        private String apiVersion;
        private String kind;
        private ObjectMeta metadata;
        private Map<String, String> data;
        private Map<String, byte[]> binaryData;
        private Boolean immutable;

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

        public Builder data(Map<String, String> data) {
            this.data = data;
            return this;
        }

        public Builder binaryData(Map<String, byte[]> binaryData) {
            this.binaryData = binaryData;
            return this;
        }

        public Builder immutable(Boolean immutable) {
            this.immutable = immutable;
            return this;
        }

        public ConfigMap build() {
            return new ConfigMap(apiVersion, kind, metadata, data, binaryData, immutable);
        }
    }
}
