package io.corral.api.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.api.model.meta.WatchEvent;
import io.corral.api.status.ApiException;
import io.corral.api.status.Status;
import io.corral.api.status.StatusReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Reads and writes objects in Kubernetes' wire shape, as JSON and YAML.
 * <ul>
 *   <li>Writes {@code apiVersion}, {@code kind}, {@code metadata}, {@code spec}, {@code status};
 *       omits nulls and empty collections.</li>
 *   <li>Reads any registered kind by its {@code apiVersion} and {@code kind} ({@link #decode}),
 *       lists such as {@code PodList}, and {@code Status}; ignores unknown fields.</li>
 *   <li>Enforces {@link CodecLimits}: oversized input fails with {@code RequestEntityTooLarge} (413),
 *       too deep nesting, YAML alias bombs and malformed input with {@code BadRequest} (400),
 *       each naming the problem, and the field for a bad value.</li>
 * </ul>
 * Thread-safe once constructed; build one and share it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ObjectCodec {
    private final CodecLimits limits;
    private final ObjectMapper json;
    private final YAMLMapper yaml;

    /** A codec with {@link CodecLimits#DEFAULTS}. */
    public ObjectCodec() {
        this(CodecLimits.DEFAULTS);
    }

    public ObjectCodec(CodecLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxDocumentLength(limits.maxDocumentBytes())
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .build();
        this.json = configure(JsonMapper.builder(
                new com.fasterxml.jackson.core.JsonFactoryBuilder().streamReadConstraints(constraints).build()))
                .build();
        // Reading YAML goes through YamlTrees (SnakeYAML's composer); this factory only writes.
        YAMLFactory yamlFactory = YAMLFactory.builder()
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .build();
        this.yaml = configure(YAMLMapper.builder(yamlFactory)).build();
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
        return builder
                .addModule(new KubernetesModule())
                .propertyNamingStrategy(new WireNames())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .withConfigOverride(List.class, o -> o.setInclude(
                        JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS)))
                .withConfigOverride(Map.class, o -> o.setInclude(
                        JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS)));
    }

    /** The limits this codec enforces. */
    public CodecLimits limits() {
        return limits;
    }

    // ---------------------------------------------------------------- writing

    /** The object (a kind, list, watch event, {@link Status}, ...) as compact JSON. */
    public String toJson(Object value) {
        return new String(toJsonBytes(value), StandardCharsets.UTF_8);
    }

    /** The object as compact UTF-8 JSON. */
    public byte[] toJsonBytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new ApiException(StatusReason.INTERNAL_ERROR, "cannot encode " + typeName(value) + ": "
                    + e.getOriginalMessage(), null, e);
        }
    }

    /** The object as a YAML document (without a leading {@code ---}). */
    public String toYaml(Object value) {
        try {
            return yaml.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ApiException(StatusReason.INTERNAL_ERROR, "cannot encode " + typeName(value) + ": "
                    + e.getOriginalMessage(), null, e);
        }
    }

    /** The objects as a multi-document YAML stream, documents separated by {@code ---}. */
    public String toYamlDocuments(List<?> values) {
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            sb.append("---\n").append(toYaml(v));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- reading, typed

    /** Reads JSON into {@code type}, e.g. {@code read(bytes, Pod.class)}. */
    public <T> T read(byte[] jsonBytes, Class<T> type) {
        if (jsonBytes.length > limits.maxDocumentBytes()) {
            throw tooLarge(jsonBytes.length);
        }
        try {
            T value = json.readValue(jsonBytes, type);
            if (value == null) {
                throw ApiException.badRequest("empty JSON document");
            }
            return value;
        } catch (IOException e) {
            throw translate(e, type.getSimpleName());
        }
    }

    /**
     * Reads a request body for {@code kind}, as the API server does for a route: an absent
     * {@code apiVersion} or {@code kind} defaults to the route's, a different one is a {@code BadRequest}.
     */
    public <T extends KubernetesObject<T>> T read(byte[] jsonBytes, ResourceKind<T> kind) {
        T value = read(jsonBytes, kind.type());
        if (!kind.apiVersion().equals(value.apiVersion()) || !kind.kind().equals(value.kind())) {
            throw ApiException.badRequest("the body is " + value.apiVersion() + "/" + value.kind()
                    + ", but the request is for " + kind.apiVersion() + "/" + kind.kind());
        }
        return value;
    }

    /** Reads JSON text into {@code type}. */
    public <T> T read(String jsonText, Class<T> type) {
        return read(jsonText.getBytes(StandardCharsets.UTF_8), type);
    }

    /** Reads a single YAML document into {@code type}. */
    public <T> T readYaml(String yamlText, Class<T> type) {
        return bind(single(parseYaml(yamlText)), json.constructType(type));
    }

    /** Reads a JSON list of {@code itemType}, e.g. a {@code PodList}. */
    public <T> ObjectList<T> readList(byte[] jsonBytes, Class<T> itemType) {
        return bind(parseJson(jsonBytes), json.getTypeFactory().constructParametricType(ObjectList.class, itemType));
    }

    /**
     * Reads one JSON watch event; an {@code ERROR} event's object is a {@link Status}, others are {@code itemType}.
     */
    public WatchEvent<?> readWatchEvent(byte[] jsonBytes, Class<?> itemType) {
        JsonNode tree = parseJson(jsonBytes);
        String type = text(tree, "type");
        WatchEvent.Type eventType;
        try {
            eventType = WatchEvent.Type.valueOf(type == null ? "" : type);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("invalid watch event type \"" + type + "\"");
        }
        JsonNode object = tree.get("object");
        Object value = object == null || object.isNull() ? null
                : bind(object, json.constructType(eventType == WatchEvent.Type.ERROR ? Status.class : itemType));
        return new WatchEvent<>(eventType, value);
    }

    // ---------------------------------------------------------------- reading by apiVersion and kind

    /**
     * Reads JSON by its {@code apiVersion} and {@code kind}: a registered kind, a list of one
     * ({@code PodList}, as {@link ObjectList}) or a {@link Status}.
     */
    public Object decode(byte[] jsonBytes) {
        return decodeTree(parseJson(jsonBytes));
    }

    /** Reads JSON text by its {@code apiVersion} and {@code kind}. */
    public Object decode(String jsonText) {
        return decode(jsonText.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a single YAML document by its {@code apiVersion} and {@code kind}. */
    public Object decodeYaml(String yamlText) {
        return decodeTree(single(parseYaml(yamlText)));
    }

    /** Reads a single UTF-8 YAML document by its {@code apiVersion} and {@code kind}. */
    public Object decodeYaml(byte[] yamlBytes) {
        return decodeYaml(utf8(yamlBytes));
    }

    /** Reads every document of a UTF-8 YAML stream by {@code apiVersion} and {@code kind}. */
    public List<Object> decodeYamlDocuments(byte[] yamlBytes) {
        return decodeYamlDocuments(utf8(yamlBytes));
    }

    /** Reads a single UTF-8 YAML document into {@code type}. */
    public <T> T readYaml(byte[] yamlBytes, Class<T> type) {
        return readYaml(utf8(yamlBytes), type);
    }

    private String utf8(byte[] bytes) {
        if (bytes.length > limits.maxDocumentBytes()) {
            throw tooLarge(bytes.length);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads every document of a YAML stream by {@code apiVersion} and {@code kind}; empty documents are skipped. */
    public List<Object> decodeYamlDocuments(String yamlText) {
        List<Object> out = new ArrayList<>();
        for (JsonNode doc : parseYaml(yamlText)) {
            out.add(decodeTree(doc));
        }
        return List.copyOf(out);
    }

    /** Reads JSON that must be a single object of a registered kind. */
    public KubernetesObject<?> readObject(byte[] jsonBytes) {
        Object o = decode(jsonBytes);
        if (o instanceof KubernetesObject<?> k) {
            return k;
        }
        throw ApiException.badRequest("expected an object of a registered kind, got " + typeName(o));
    }

    private Object decodeTree(JsonNode tree) {
        if (!tree.isObject()) {
            throw ApiException.badRequest("expected a JSON object, got " + tree.getNodeType());
        }
        String apiVersion = text(tree, "apiVersion");
        String kind = text(tree, "kind");
        if (kind == null || kind.isEmpty()) {
            throw ApiException.badRequest("Object 'Kind' is missing");
        }
        if (apiVersion == null || apiVersion.isEmpty()) {
            throw ApiException.badRequest("Object 'apiVersion' is missing for kind \"" + kind + "\"");
        }
        if (Status.KIND.equals(kind) && Status.API_VERSION.equals(apiVersion)) {
            return bind(tree, json.constructType(Status.class));
        }
        Optional<ResourceKind<?>> item = ResourceKinds.byApiVersionAndKind(apiVersion, kind);
        if (item.isPresent()) {
            return bind(tree, json.constructType(item.get().type()));
        }
        Optional<ResourceKind<?>> list = ResourceKinds.byListKind(apiVersion, kind);
        if (list.isPresent()) {
            return bind(tree, json.getTypeFactory().constructParametricType(ObjectList.class, list.get().type()));
        }
        throw ApiException.badRequest("no kind \"" + kind + "\" is registered for version \"" + apiVersion + "\"");
    }

    // ---------------------------------------------------------------- parsing with limits

    private JsonNode parseJson(byte[] bytes) {
        if (bytes.length > limits.maxDocumentBytes()) {
            throw tooLarge(bytes.length);
        }
        try {
            JsonNode tree = json.readTree(bytes);
            if (tree == null || tree.isMissingNode()) {
                throw ApiException.badRequest("empty JSON document");
            }
            return tree;
        } catch (IOException e) {
            throw translate(e, "JSON");
        }
    }

    private List<JsonNode> parseYaml(String text) {
        if (text.length() > limits.maxDocumentBytes()) {
            throw tooLarge(text.length());
        }
        try {
            return new YamlTrees(limits).parseAll(text);
        } catch (RuntimeException e) {
            throw translate(e, "YAML");
        }
    }

    private static JsonNode single(List<JsonNode> docs) {
        if (docs.size() != 1) {
            throw ApiException.badRequest("expected exactly one YAML document, got " + docs.size());
        }
        return docs.get(0);
    }

    private <T> T bind(JsonNode tree, JavaType type) {
        try {
            return json.readerFor(type).readValue(tree);
        } catch (IOException e) {
            throw translate(e, type.getRawClass().getSimpleName());
        }
    }

    private ApiException tooLarge(long size) {
        return new ApiException(StatusReason.REQUEST_ENTITY_TOO_LARGE,
                "document of " + size + " bytes exceeds the limit of " + limits.maxDocumentBytes() + " bytes");
    }

    private ApiException translate(Exception e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return api;
            }
            String msg = String.valueOf(t.getMessage());
            if (t instanceof StreamConstraintsException) {
                StatusReason reason = msg.toLowerCase(java.util.Locale.ROOT).contains("nesting depth") ? StatusReason.BAD_REQUEST
                        : StatusReason.REQUEST_ENTITY_TOO_LARGE;
                return new ApiException(reason, what + " exceeds a limit: " + firstLine(msg), null, e);
            }
            if (msg.contains("exceeds the limit") && msg.contains("code points")) {
                return new ApiException(StatusReason.REQUEST_ENTITY_TOO_LARGE,
                        what + " document exceeds the limit of " + limits.maxDocumentBytes() + " characters", null, e);
            }
            if (msg.contains("Number of aliases")) {
                return new ApiException(StatusReason.BAD_REQUEST, what + " has too many aliases (more than "
                        + limits.maxYamlAliases() + "): " + firstLine(msg), null, e);
            }
            if (msg.contains("Nesting Depth exceeded")) {
                return new ApiException(StatusReason.BAD_REQUEST, what + " nesting depth exceeds the limit of "
                        + limits.maxNestingDepth(), null, e);
            }
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return new ApiException(StatusReason.BAD_REQUEST, "invalid " + what + " at " + path(m) + ": "
                    + firstLine(rootMessage(m)), null, e);
        }
        String msg = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        return new ApiException(StatusReason.BAD_REQUEST, "malformed " + what + ": " + firstLine(msg), null, e);
    }

    private static String rootMessage(JsonMappingException m) {
        Throwable t = m;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof JsonProcessingException p) {
            return p.getOriginalMessage();
        }
        return t == m ? m.getOriginalMessage() : t.getMessage();
    }

    /** The Kubernetes-style path of a mapping error: {@code spec.containers[0].ports[1].containerPort}. */
    private static String path(JsonMappingException m) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String text(JsonNode tree, String field) {
        JsonNode n = tree.get(field);
        return n == null || !n.isTextual() ? null : n.asText();
    }

    private static String typeName(Object o) {
        return o == null ? "null" : o.getClass().getSimpleName();
    }
}
