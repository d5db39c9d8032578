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
 * Confidential data. {@code data} is base64 on the wire and raw bytes here (the arrays are copies taken at construction; do not modify them); {@code stringData} is a write-only convenience merged into {@code data}. Wire form: {@code apiVersion: v1}, {@code kind: Secret}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; {@code apiVersion}, {@code kind} and {@code metadata} are never null
 * (they default to this kind's and to {@link ObjectMeta#EMPTY}); other fields may be null;
 * collections are never null and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Secret(
        String apiVersion,
        String kind,
        ObjectMeta metadata,
        String type,
        Map<String, byte[]> data,
        Map<String, String> stringData,
        Boolean immutable) implements KubernetesObject<Secret> {
    /** The {@code apiVersion} of this kind. */
    public static final String API_VERSION = "v1";
    /** The {@code kind} of this kind. */
    public static final String KIND = "Secret";

    /** Defaults {@code apiVersion}, {@code kind} and {@code metadata}; normalises absent collections to empty ones and copies the given ones. */
    public Secret {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
        if (data == null) {
            data = Map.of();
        } else {
            Map<String, byte[]> copy = new LinkedHashMap<>();
            data.forEach((k, v) -> copy.put(k, v == null ? new byte[0] : v.clone()));
            data = Collections.unmodifiableMap(copy);
        }
        stringData = stringData == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(stringData));
    }

    @Override
    public Secret withMetadata(ObjectMeta metadata) {
        return new Secret(apiVersion, kind, metadata, type, data, stringData, immutable);
    }

    /** Compares byte values by content, unlike the record default. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other
                && Objects.equals(apiVersion, other.apiVersion)
                && Objects.equals(kind, other.kind)
                && Objects.equals(metadata, other.metadata)
                && Objects.equals(type, other.type)
                && Objects.equals(stringData, other.stringData)
                && Objects.equals(immutable, other.immutable)
                && sameBytes(data, other.data);
    }

    @Override
    public int hashCode() {
        int bytesHash = 0;
        for (Map.Entry<String, byte[]> e : data.entrySet()) {
            bytesHash += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
        }
        return 31 * Objects.hash(apiVersion, kind, metadata, type, stringData, immutable) + bytesHash;
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
        return "Secret[metadata=" + metadata + ", data keys=" + data.keySet() + "]";
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
        b.type = type;
        b.data = data;
        b.stringData = stringData;
        b.immutable = immutable;
        return b;
    }

    /** Builds {@link Secret}; not thread-safe. */
    public static final class Builder {
        private String apiVersion;
        private String kind;
        private ObjectMeta metadata;
        private String type;
        private Map<String, byte[]> data;
        private Map<String, String> stringData;
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

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder data(Map<String, byte[]> data) {
            this.data = data;
            return this;
        }

        public Builder stringData(Map<String, String> stringData) {
            this.stringData = stringData;
            return this;
        }

        public Builder immutable(Boolean immutable) {
            this.immutable = immutable;
            return this;
        }

        public Secret build() {
            return new Secret(apiVersion, kind, metadata, type, data, stringData, immutable);
        }
    }
}
