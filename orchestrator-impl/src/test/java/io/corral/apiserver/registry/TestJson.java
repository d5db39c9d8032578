package io.corral.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON trees from compact test literals with single quotes. */
final class TestJson {
    private static final ObjectMapper M = new ObjectMapper();

    private TestJson() {
    }

    static JsonNode json(String s) {
        try {
            return M.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
