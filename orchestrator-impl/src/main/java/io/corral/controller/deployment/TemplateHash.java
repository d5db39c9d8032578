package io.corral.controller.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.core.PodTemplateSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;


/**
 * The {@code pod-template-hash} of a pod template: FNV-1a (32 bits) of its canonical JSON (object keys
 * sorted) and the collision count, written in the alphabet of Kubernetes' safe encoding (no vowels, no
 * look-alike digits), so it can end a name. Stable across JVMs and field orders.
 */
@org.apiguardian.api.API(status = org.apiguardian.api.API.Status.EXPERIMENTAL, since = "0.1")
public final class TemplateHash {
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TemplateHash() {
    }

    /** The hash of {@code template} with {@code collisionCount} (null counts as none). */
    public static String of(ObjectCodec codec, PodTemplateSpec template, Integer collisionCount) {
        StringBuilder canonical = new StringBuilder();
        try {
            canonical(MAPPER.readTree(codec.toJson(template)), canonical);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (collisionCount != null) {
            canonical.append('#').append(collisionCount);
        }
        int h = 0x811c9dc5;
        for (byte b : canonical.toString().getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return encode(Integer.toUnsignedString(h));
    }

    static String encode(String digits) {
        StringBuilder out = new StringBuilder(digits.length());
        for (char c : digits.toCharArray()) {
            out.append(ALPHABET.charAt(c % ALPHABET.length()));
        }
        return out.toString();
    }

    private static void canonical(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            out.append('{');
            for (String n : names) {
                JsonNode v = node.get(n);
                if (v.isNull()) {
                    continue;
                }
                out.append(MAPPER.valueToTree(n).toString()).append(':');
                canonical(v, out);
                out.append(',');
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                canonical(it.next(), out);
                out.append(',');
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

}
