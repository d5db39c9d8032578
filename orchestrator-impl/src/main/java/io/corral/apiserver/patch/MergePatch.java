package io.corral.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * JSON Merge Patch (RFC 7386): objects merge field by field, {@code null} deletes a field, anything
 * else (arrays included) replaces. Stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class MergePatch {
    private MergePatch() {
    }

    /**
     * Applies {@code patch} to a copy of {@code target}.
     *
     * @return the patched copy; {@code target} is not modified
     */
    public static JsonNode apply(JsonNode patch, JsonNode target) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? (ObjectNode) target.deepCopy() : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), apply(e.getValue(), result.get(e.getKey())));
            }
        }
        return result;
    }
}
