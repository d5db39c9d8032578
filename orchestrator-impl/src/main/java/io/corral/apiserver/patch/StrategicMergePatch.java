package io.corral.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.status.ApiException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The common cases of Kubernetes' strategic merge patch, on Jackson trees, without the Go structs'
 * tags: which lists merge and by which key is a fixed table of the built-in kinds' fields.
 *
 * <ul>
 *   <li>Objects merge as in a JSON merge patch; {@code null} deletes a field.</li>
 *   <li>Lists of objects with a merge key merge element by element: {@code containers},
 *       {@code initContainers}, {@code volumes}, {@code env}, {@code imagePullSecrets} by {@code name};
 *       {@code ports} by {@code containerPort} (containers) or {@code port} (services);
 *       {@code volumeMounts} by {@code mountPath}; {@code conditions} by {@code type};
 *       {@code ownerReferences} by {@code uid}; {@code addresses} by {@code type}. Elements not in
 *       the target are appended in patch order.</li>
 *   <li>{@code finalizers} merge as a set of strings.</li>
 *   <li>Directives: {@code {"$patch": "delete", key: ...}} in a merged list removes that element;
 *       {@code "$patch": "replace"} in an object replaces it instead of merging, {@code "delete"}
 *       removes it; {@code "$deleteFromPrimitiveList/<field>": [...]} removes strings from a set-like
 *       list; {@code $setElementOrder/...} and {@code $retainKeys} are accepted and ignored.</li>
 *   <li>Every other list is replaced whole, as Kubernetes does for lists without a patch strategy.</li>
 * </ul>
 * Stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class StrategicMergePatch {
    private static final String PATCH = "$patch";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("volumes", "name"),
            Map.entry("env", "name"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"),
            Map.entry("conditions", "type"),
            Map.entry("ownerReferences", "uid"),
            Map.entry("addresses", "type"),
            Map.entry("hostAliases", "ip"),
            Map.entry("taints", "key"));
    private static final Set<String> SET_LISTS = Set.of("finalizers");

    private StrategicMergePatch() {
    }

    /**
     * Applies {@code patch} to a copy of {@code target}.
     *
     * @param patch  the patch, a JSON object
     * @param target the object to patch; not modified
     * @return the patched copy
     * @throws ApiException {@code BadRequest} for a patch that is not an object or has a bad directive
     */
    public static JsonNode apply(JsonNode patch, JsonNode target) {
        if (!patch.isObject()) {
            throw ApiException.badRequest("a strategic merge patch must be a JSON object");
        }
        JsonNode result = mergeObject((ObjectNode) patch,
                target != null && target.isObject() ? (ObjectNode) target.deepCopy() : JsonNodeFactory.instance.objectNode());
        return result == null ? JsonNodeFactory.instance.objectNode() : result;
    }

    /** Merges into {@code target} (owned, modified); null when the patch deletes the object. */
    private static ObjectNode mergeObject(ObjectNode patch, ObjectNode target) {
        JsonNode directive = patch.get(PATCH);
        if (directive != null) {
            String d = directive.asText();
            switch (d) {
                case "delete":
                    return null;
                case "replace": {
                    ObjectNode replaced = patch.deepCopy();
                    replaced.remove(PATCH);
                    return (ObjectNode) stripDirectives(replaced);
                }
                case "merge":
                    break;
                default:
                    throw ApiException.badRequest("strategic merge patch: unknown $patch directive \"" + d + "\"");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            JsonNode value = e.getValue();
            if (field.equals(PATCH) || field.startsWith("$setElementOrder/") || field.equals("$retainKeys")) {
                continue;
            }
            if (field.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                deleteFromPrimitiveList(target, field.substring(DELETE_FROM_PRIMITIVE_LIST.length()), value);
                continue;
            }
            if (field.startsWith("$")) {
                throw ApiException.badRequest("strategic merge patch: unknown directive \"" + field + "\"");
            }
            JsonNode current = target.get(field);
            if (value.isNull()) {
                target.remove(field);
            } else if (value.isObject()) {
                ObjectNode merged = mergeObject((ObjectNode) value,
                        current != null && current.isObject() ? (ObjectNode) current : JsonNodeFactory.instance.objectNode());
                if (merged == null) {
                    target.remove(field);
                } else {
                    target.set(field, merged);
                }
            } else if (value.isArray()) {
                target.set(field, mergeList(field, (ArrayNode) value, current != null && current.isArray() ? (ArrayNode) current : null));
            } else {
                target.set(field, value.deepCopy());
            }
        }
        return target;
    }

    private static ArrayNode mergeList(String field, ArrayNode patch, ArrayNode target) {
        if (SET_LISTS.contains(field)) {
            Set<JsonNode> union = new LinkedHashSet<>();
            if (target != null) {
                target.forEach(union::add);
            }
            patch.forEach(union::add);
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            union.forEach(n -> out.add(n.deepCopy()));
            return out;
        }
        String key = mergeKey(field, patch, target);
        if (key == null || !allObjects(patch)) {
            return (ArrayNode) stripDirectives(patch.deepCopy());
        }
        // A "replace" directive element replaces the whole list with the other elements.
        for (JsonNode element : patch) {
            if ("replace".equals(element.path(PATCH).asText(null))) {
                ArrayNode out = JsonNodeFactory.instance.arrayNode();
                for (JsonNode e : patch) {
                    if (!e.has(PATCH)) {
                        out.add(stripDirectives(e.deepCopy()));
                    }
                }
                return out;
            }
        }
        List<JsonNode> result = new ArrayList<>();
        if (target != null) {
            target.forEach(result::add);
        }
        for (JsonNode element : patch) {
            JsonNode keyValue = element.get(key);
            if (keyValue == null) {
                throw ApiException.badRequest("strategic merge patch: an element of \"" + field
                        + "\" has no merge key \"" + key + "\"");
            }
            int at = indexOf(result, key, keyValue);
            boolean delete = "delete".equals(element.path(PATCH).asText(null));
            if (delete) {
                if (at >= 0) {
                    result.remove(at);
                }
                continue;
            }
            if (at >= 0) {
                ObjectNode merged = mergeObject((ObjectNode) element, (ObjectNode) result.get(at).deepCopy());
                if (merged == null) {
                    result.remove(at);
                } else {
                    result.set(at, merged);
                }
            } else {
                ObjectNode added = mergeObject((ObjectNode) element, JsonNodeFactory.instance.objectNode());
                if (added != null) {
                    result.add(added);
                }
            }
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        result.forEach(out::add);
        return out;
    }

    private static String mergeKey(String field, ArrayNode patch, ArrayNode target) {
        if (field.equals("ports")) {
            // Container ports merge by containerPort, service ports by port.
            JsonNode sample = patch.size() > 0 ? patch.get(0) : null;
            if (sample == null && target != null && target.size() > 0) {
                sample = target.get(0);
            }
            return sample != null && sample.has("containerPort") ? "containerPort" : "port";
        }
        return MERGE_KEYS.get(field);
    }

    private static boolean allObjects(ArrayNode array) {
        for (JsonNode n : array) {
            if (!n.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(List<JsonNode> list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (value.equals(list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    private static void deleteFromPrimitiveList(ObjectNode target, String field, JsonNode values) {
        if (!values.isArray()) {
            throw ApiException.badRequest("strategic merge patch: " + DELETE_FROM_PRIMITIVE_LIST + field
                    + " must be a list");
        }
        JsonNode current = target.get(field);
        if (current == null || !current.isArray()) {
            return;
        }
        Set<JsonNode> drop = new LinkedHashSet<>();
        values.forEach(drop::add);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        current.forEach(n -> {
            if (!drop.contains(n)) {
                out.add(n);
            }
        });
        target.set(field, out);
    }

    private static JsonNode stripDirectives(JsonNode node) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                if (n.startsWith("$")) {
                    o.remove(n);
                } else {
                    stripDirectives(o.get(n));
                }
            }
        } else if (node.isArray()) {
            node.forEach(StrategicMergePatch::stripDirectives);
        }
        return node;
    }
}
