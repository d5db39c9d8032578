package io.corral.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/**
 * JSON Patch (RFC 6902) on Jackson trees: {@code add}, {@code remove}, {@code replace}, {@code move},
 * {@code copy} and {@code test}, with JSON Pointers (RFC 6901, {@code ~0}/{@code ~1} escapes,
 * {@code -} for the end of an array).
 *
 * <p>The patch is applied atomically: to a copy, which is returned only when every operation
 * succeeded. A malformed patch document is a {@code BadRequest} (400); an operation that cannot be
 * applied (missing path, index out of range, failed {@code test}) is {@code Invalid} (422), naming
 * the operation's index and path. Stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class JsonPatch {
    private JsonPatch() {
    }

    /**
     * Applies {@code patch} to a copy of {@code target}.
     *
     * @param patch  the patch document, a JSON array of operation objects
     * @param target the document to patch; not modified
     * @return the patched copy
     */
    public static JsonNode apply(JsonNode patch, JsonNode target) {
        if (patch == null || !patch.isArray()) {
            throw ApiException.badRequest("a JSON patch must be an array of operations");
        }
        // A holder lets operations replace the whole document (path "").
        JsonNode[] doc = {target.deepCopy()};
        for (int i = 0; i < patch.size(); i++) {
            JsonNode op = patch.get(i);
            if (!op.isObject()) {
                throw ApiException.badRequest("JSON patch operation " + i + " is not an object");
            }
            String name = text(op, "op", i);
            String path = text(op, "path", i);
            List<String> tokens = pointer(path, i);
            switch (name) {
                case "add" -> doc[0] = add(doc[0], tokens, value(op, i), i, path);
                case "remove" -> doc[0] = remove(doc[0], tokens, i, path);
                case "replace" -> {
                    if (tokens.isEmpty()) {
                        doc[0] = value(op, i).deepCopy();
                        continue;
                    }
                    doc[0] = remove(doc[0], tokens, i, path);
                    doc[0] = add(doc[0], tokens, value(op, i), i, path);
                }
                case "move" -> {
                    String from = text(op, "from", i);
                    List<String> fromTokens = pointer(from, i);
                    if (tokens.size() > fromTokens.size() && tokens.subList(0, fromTokens.size()).equals(fromTokens)) {
                        throw failed(i, path, "cannot move \"" + from + "\" into its own child");
                    }
                    JsonNode moved = get(doc[0], fromTokens, i, from);
                    doc[0] = remove(doc[0], fromTokens, i, from);
                    doc[0] = add(doc[0], tokens, moved, i, path);
                }
                case "copy" -> {
                    String from = text(op, "from", i);
                    JsonNode copied = get(doc[0], pointer(from, i), i, from).deepCopy();
                    doc[0] = add(doc[0], tokens, copied, i, path);
                }
                case "test" -> {
                    JsonNode actual = get(doc[0], tokens, i, path);
                    if (!actual.equals(value(op, i))) {
                        throw failed(i, path, "test failed: the value is " + abbreviate(actual));
                    }
                }
                default -> throw ApiException.badRequest("JSON patch operation " + i + ": unknown op \"" + name + "\"");
            }
        }
        return doc[0];
    }

    /** Parses a JSON Pointer into its unescaped reference tokens; {@code ""} is the whole document. */
    static List<String> pointer(String path, int op) {
        List<String> tokens = new ArrayList<>();
        if (path.isEmpty()) {
            return tokens;
        }
        if (path.charAt(0) != '/') {
            throw ApiException.badRequest("JSON patch operation " + op + ": path \"" + path + "\" must start with '/'");
        }
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            String raw = slash < 0 ? path.substring(start) : path.substring(start, slash);
            tokens.add(unescape(raw, path, op));
            if (slash < 0) {
                return tokens;
            }
            start = slash + 1;
        }
    }

    private static String unescape(String raw, String path, int op) {
        if (raw.indexOf('~') < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '~') {
                sb.append(c);
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
            if (next == '0') {
                sb.append('~');
            } else if (next == '1') {
                sb.append('/');
            } else {
                throw ApiException.badRequest("JSON patch operation " + op + ": invalid escape in path \"" + path + "\"");
            }
            i++;
        }
        return sb.toString();
    }

    private static JsonNode get(JsonNode doc, List<String> tokens, int op, String path) {
        JsonNode node = doc;
        for (String t : tokens) {
            node = child(node, t, op, path);
        }
        return node;
    }

    private static JsonNode child(JsonNode node, String token, int op, String path) {
        if (node.isObject()) {
            JsonNode c = node.get(token);
            if (c == null) {
                throw failed(op, path, "no field \"" + token + "\"");
            }
            return c;
        }
        if (node.isArray()) {
            int index = index(token, node.size() - 1, op, path);
            return node.get(index);
        }
        throw failed(op, path, "\"" + token + "\" is below a value that is neither an object nor an array");
    }

    private static JsonNode add(JsonNode doc, List<String> tokens, JsonNode value, int op, String path) {
        if (tokens.isEmpty()) {
            return value.deepCopy();
        }
        JsonNode parent = get(doc, tokens.subList(0, tokens.size() - 1), op, path);
        String last = tokens.get(tokens.size() - 1);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value.deepCopy());
        } else if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            if ("-".equals(last)) {
                array.add(value.deepCopy());
            } else {
                array.insert(index(last, array.size(), op, path), value.deepCopy());
            }
        } else {
            throw failed(op, path, "the parent is neither an object nor an array");
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, List<String> tokens, int op, String path) {
        if (tokens.isEmpty()) {
            throw failed(op, path, "cannot remove the whole document");
        }
        JsonNode parent = get(doc, tokens.subList(0, tokens.size() - 1), op, path);
        String last = tokens.get(tokens.size() - 1);
        if (parent.isObject()) {
            if (((ObjectNode) parent).remove(last) == null) {
                throw failed(op, path, "no field \"" + last + "\"");
            }
        } else if (parent.isArray()) {
            ((ArrayNode) parent).remove(index(last, parent.size() - 1, op, path));
        } else {
            throw failed(op, path, "the parent is neither an object nor an array");
        }
        return doc;
    }

    /** An array index token: decimal digits without leading zeros, at most {@code max}. */
    private static int index(String token, int max, int op, String path) {
        boolean digits = !token.isEmpty() && token.length() <= 9 && token.chars().allMatch(c -> c >= '0' && c <= '9')
                && (token.length() == 1 || token.charAt(0) != '0');
        if (!digits) {
            throw failed(op, path, "\"" + token + "\" is not an array index");
        }
        int i = Integer.parseInt(token);
        if (i > max) {
            throw failed(op, path, "index " + i + " is out of range");
        }
        return i;
    }

    private static String text(JsonNode op, String field, int i) {
        JsonNode n = op.get(field);
        if (n == null || !n.isTextual()) {
            throw ApiException.badRequest("JSON patch operation " + i + ": \"" + field + "\" must be a string");
        }
        return n.asText();
    }

    private static JsonNode value(JsonNode op, int i) {
        JsonNode n = op.get("value");
        if (n == null) {
            throw ApiException.badRequest("JSON patch operation " + i + ": \"value\" is required");
        }
        return n;
    }

    private static ApiException failed(int op, String path, String why) {
        return new ApiException(StatusReason.INVALID, "JSON patch operation " + op + " at \"" + path + "\": " + why);
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
