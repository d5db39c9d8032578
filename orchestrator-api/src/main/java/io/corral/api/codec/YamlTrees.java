package io.corral.api.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.status.ApiException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.DumperOptions;

/**
 * Parses YAML streams into JSON trees with SnakeYAML's composer, which resolves anchors and
 * aliases (Jackson's YAML parser does not) and enforces the {@link LoaderOptions} limits.
 * Timestamps stay strings (the model parses them), and the expanded tree is bounded by a node
 * budget, so a few aliases cannot multiply into a huge tree. Not thread-safe: one per parse.
 */
final class YamlTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Yaml yaml;
    private long budget;

    YamlTrees(CodecLimits limits) {
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit(limits.maxDocumentBytes());
        loader.setMaxAliasesForCollections(limits.maxYamlAliases());
        loader.setNestingDepthLimit(limits.maxNestingDepth());
        loader.setAllowRecursiveKeys(false);
        loader.setAllowDuplicateKeys(false);
        this.yaml = new Yaml(new SafeConstructor(loader), new Representer(new DumperOptions()), new DumperOptions(),
                loader, new NoTimestamps());
        // Every node of the expanded tree costs one; a document cannot legitimately expand to
        // more nodes than it has characters.
        this.budget = limits.maxDocumentBytes();
    }

    List<JsonNode> parseAll(String text) {
        List<JsonNode> docs = new ArrayList<>();
        for (Object doc : yaml.loadAll(text)) {
            if (doc != null) {
                docs.add(toNode(doc));
            }
        }
        return docs;
    }

    private JsonNode toNode(Object value) {
        if (--budget < 0) {
            throw ApiException.badRequest("YAML expands to too many nodes: too many aliases");
        }
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode o = NODES.objectNode();
            map.forEach((k, v) -> o.set(String.valueOf(k), toNode(v)));
            return o;
        }
        if (value instanceof List<?> list) {
            ArrayNode a = NODES.arrayNode(list.size());
            list.forEach(v -> a.add(toNode(v)));
            return a;
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof BigInteger bi) {
            return NODES.numberNode(bi);
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? NODES.textNode(d.toString()) : NODES.numberNode(new BigDecimal(d.toString()));
        }
        if (value instanceof byte[] bytes) {
            return NODES.binaryNode(bytes);
        }
        if (value instanceof java.util.Set<?> set) {
            return toNode(new ArrayList<>(set));
        }
        return NODES.textNode(value.toString());
    }

    /** The YAML 1.1 resolvers minus timestamps, which the model reads from strings. */
    private static final class NoTimestamps extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO", 10);
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
            addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
        }
    }
}
