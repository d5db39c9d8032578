package io.corral.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** JSON side of the store: strips and restores the metadata fields the store owns; hashes specs. */
final class ObjectCodec {
    static final String UID = "uid";
    static final String CREATED = "creationTimestamp";
    static final String RESOURCE_VERSION = "resourceVersion";
    static final String GENERATION = "generation";

    private final ObjectMapper mapper;

    ObjectCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The metadata object of {@code object}, which must be a JSON object. */
    static ObjectNode metadata(ObjectNode object) {
        JsonNode meta = object.get("metadata");
        if (meta == null || meta.isNull()) {
            return object.putObject("metadata");
        }
        if (!meta.isObject()) {
            throw ApiException.badRequest("metadata: must be an object");
        }
        return (ObjectNode) meta;
    }

    /** The stored body: {@code object} without the fields the store owns. Does not modify the argument. */
    byte[] body(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        ObjectNode meta = metadata(copy);
        meta.remove(List.of(UID, CREATED, RESOURCE_VERSION, GENERATION));
        try {
            return mapper.writeValueAsBytes(copy);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The object of a stored state, with the store's fields and the given resourceVersion. */
    ObjectNode object(Version state, long resourceVersion) {
        ObjectNode object;
        try {
            object = (ObjectNode) mapper.readTree(state.body());
        } catch (IOException e) {
            throw new ApiException(StatusReason.INTERNAL_ERROR, "stored object is not JSON: " + e.getMessage());
        }
        ObjectNode meta = metadata(object);
        meta.put(UID, state.uid());
        meta.put(CREATED, state.created());
        meta.put(RESOURCE_VERSION, Long.toString(resourceVersion));
        meta.put(GENERATION, state.generation());
        return object;
    }

    /** A hash of everything but {@code metadata} and {@code status}, independent of field order. */
    long specHash(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        copy.remove(List.of("metadata", "status"));
        try {
            byte[] json = mapper.writeValueAsBytes(canonical(copy));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return ByteBuffer.wrap(digest).getLong();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode canonical(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode sorted = mapper.createObjectNode();
            for (String n : names) {
                sorted.set(n, canonical(node.get(n)));
            }
            return sorted;
        }
        if (node.isArray()) {
            ArrayNode array = mapper.createArrayNode();
            node.forEach(e -> array.add(canonical(e)));
            return array;
        }
        return node;
    }

    /** A bookmark: an object with only {@code metadata.resourceVersion}. */
    ObjectNode bookmark(long revision) {
        ObjectNode object = mapper.createObjectNode();
        object.putObject("metadata").put(RESOURCE_VERSION, Long.toString(revision));
        return object;
    }
}
