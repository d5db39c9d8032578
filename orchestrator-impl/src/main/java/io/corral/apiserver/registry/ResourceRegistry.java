package io.corral.apiserver.registry;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.labels.FieldSelector;
import io.corral.api.labels.Selector;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusCause;
import io.corral.api.status.StatusDetails;
import io.corral.api.status.StatusReason;
import io.corral.api.validation.InvalidObjectException;
import io.corral.apiserver.patch.JsonPatch;
import io.corral.apiserver.patch.MergePatch;
import io.corral.api.client.PatchType;
import io.corral.apiserver.patch.StrategicMergePatch;
import io.corral.store.ClusterStore;
import io.corral.store.ListOptions;
import io.corral.store.ListResult;
import io.corral.store.ObjectKey;
import io.corral.store.Preconditions;
import io.corral.store.ResourceType;
import io.corral.store.Watch;
import io.corral.store.WatchHandler;
import io.corral.store.WatchOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each API verb does to the store, for every kind of {@link ResourceKinds}: the REST storage
 * shared by the HTTP handlers and in-process clients. Objects are Jackson trees in wire form.
 *
 * <p>Rules, as in Kubernetes:
 * <ol>
 *   <li>Every write normalises the object through the kind's model type (unknown fields are dropped),
 *       applies {@link Defaults} and validates it; a bad object is {@code Invalid} (422) with a cause
 *       per field.</li>
 *   <li>A namespaced create needs its namespace to exist ({@code NotFound}) and not be terminating
 *       ({@code Forbidden}). The request's namespace wins; a different one in the body is
 *       {@code BadRequest}.</li>
 *   <li>For kinds with a status subresource, writes of the main resource keep the stored
 *       {@code status}, and status writes change nothing but {@code status}.</li>
 *   <li>An update or patch with {@code metadata.resourceVersion} succeeds only on that version
 *       ({@code Conflict} otherwise); without it, it applies to the latest version.</li>
 *   <li>Deleting an object with finalizers, or a pod bound to a node with a grace period above 0,
 *       only marks it ({@code deletionTimestamp}, {@code deletionGracePeriodSeconds}); the finalizers'
 *       owners (or the node agent, by deleting again with grace period 0) finish it. An update that
 *       removes the last finalizer of a marked object deletes it. {@code Orphan} and
 *       {@code Foreground} propagation add the {@code orphan}/{@code foregroundDeletion} finalizers
 *       for the garbage collector.</li>
 *   <li>Deleting a namespace marks it {@code Terminating}, then deletes its contents and finally the
 *       namespace in the background.</li>
 * </ol>
 * Thread-safe; every method blocks on the store.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ResourceRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceRegistry.class);
    private static final int UPDATE_ATTEMPTS = 16;
    private static final java.time.Duration CATCH_UP = java.time.Duration.ofSeconds(3);
    private static final String ORPHAN_FINALIZER = "orphan";
    private static final String FOREGROUND_FINALIZER = "foregroundDeletion";
    /** Namespaces Kubernetes always has. */
    public static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public");

    private final ClusterStore store;
    private final ObjectCodec codec;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Executor background;
    private final List<RegistryHook> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param store      the cluster store (not owned)
     * @param codec      the wire codec; its limits also bound patch and options documents
     * @param clock      the time for deletion timestamps
     * @param background where namespace clean-up runs; it may block for seconds
     */
    public ResourceRegistry(ClusterStore store, ObjectCodec codec, Clock clock, Executor background) {
        this.store = Objects.requireNonNull(store, "store");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.background = Objects.requireNonNull(background, "background");
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxDocumentLength(codec.limits().maxDocumentBytes())
                .maxNestingDepth(codec.limits().maxNestingDepth())
                .maxStringLength(codec.limits().maxStringLength())
                .build();
        this.mapper = JsonMapper.builder(new JsonFactoryBuilder().streamReadConstraints(constraints).build()).build();
    }

    /**
     * Adds a step to the write path of the kinds it applies to (see {@link RegistryHook}); add hooks
     * before the server takes requests. Thread-safe.
     */
    public void addHook(RegistryHook hook) {
        hooks.add(Objects.requireNonNull(hook, "hook"));
    }

    /** The plain Jackson mapper for trees (bounded like the codec); shared, do not reconfigure. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /** The store type of a kind. */
    public static ResourceType type(ResourceKind<?> kind) {
        return new ResourceType(kind.group(), kind.plural());
    }

    // ---------------------------------------------------------------- parsing

    /**
     * Parses a JSON document into a tree, within the codec's limits.
     *
     * @throws ApiException {@code BadRequest} for malformed or too deeply nested input,
     *                      {@code RequestEntityTooLarge} for an oversized one
     */
    public JsonNode parseJson(byte[] body) {
        if (body.length > codec.limits().maxDocumentBytes()) {
            throw new ApiException(StatusReason.REQUEST_ENTITY_TOO_LARGE, "the request body of " + body.length
                    + " bytes exceeds the limit of " + codec.limits().maxDocumentBytes() + " bytes");
        }
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw ApiException.badRequest("the request body is empty");
            }
            return tree;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new ApiException(StatusReason.BAD_REQUEST, "the request body exceeds a limit: "
                    + firstLine(e.getOriginalMessage()), null, e);
        } catch (IOException e) {
            throw new ApiException(StatusReason.BAD_REQUEST, "malformed JSON: " + firstLine(e.getMessage()), null, e);
        }
    }

    /** Parses a JSON body into an object of {@code kind} in normalised wire form. */
    public ObjectNode parseObject(ResourceKind<?> kind, byte[] json) {
        JsonNode tree = parseJson(json);
        if (!tree.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object, got " + tree.getNodeType());
        }
        return normalize(kind, (ObjectNode) tree);
    }

    /** Parses a YAML body (one document, within the codec's alias and nesting limits) into an object of {@code kind}. */
    public ObjectNode parseYamlObject(ResourceKind<?> kind, String yaml) {
        Object decoded = codec.decodeYaml(yaml);
        if (!(decoded instanceof KubernetesObject<?> object) || !object.getClass().equals(kind.type())) {
            throw ApiException.badRequest("the YAML document is not a " + kind.apiVersion() + " " + kind.kind());
        }
        return toTree(object);
    }

    /**
     * The object in normalised wire form: {@code apiVersion}/{@code kind} checked (filled in when
     * absent), decoded through the kind's model type. Does not modify the argument.
     */
    public ObjectNode normalize(ResourceKind<?> kind, ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        String apiVersion = copy.path("apiVersion").asText("");
        String k = copy.path("kind").asText("");
        if (!apiVersion.isEmpty() && !apiVersion.equals(kind.apiVersion())) {
            throw ApiException.badRequest("the API version in the data (" + apiVersion
                    + ") does not match the expected API version (" + kind.apiVersion() + ")");
        }
        if (!k.isEmpty() && !k.equals(kind.kind())) {
            throw ApiException.badRequest("the kind in the data (" + k + ") does not match the expected kind ("
                    + kind.kind() + ")");
        }
        copy.put("apiVersion", kind.apiVersion());
        copy.put("kind", kind.kind());
        return toTree(decode(kind, copy));
    }

    private KubernetesObject<?> decode(ResourceKind<?> kind, ObjectNode tree) {
        try {
            return codec.read(mapper.writeValueAsBytes(tree), kind.type());
        } catch (IOException e) {
            throw new ApiException(StatusReason.INTERNAL_ERROR, "cannot encode object: " + e.getMessage(), null, e);
        }
    }

    private ObjectNode toTree(Object object) {
        try {
            return (ObjectNode) mapper.readTree(codec.toJsonBytes(object));
        } catch (IOException e) {
            throw new ApiException(StatusReason.INTERNAL_ERROR, "cannot encode object: " + e.getMessage(), null, e);
        }
    }

    // ---------------------------------------------------------------- reads

    /** Reads one object. */
    public ObjectNode get(ResourceKind<?> kind, String namespace, String name) {
        return store.get(key(kind, namespace, name));
    }

    /**
     * Lists objects as a {@code <Kind>List} in wire form, with {@code metadata.resourceVersion} and,
     * for a partial page, {@code metadata.continue}.
     *
     * @param namespace the namespace, or null for all (and for cluster-scoped kinds)
     */
    public ObjectNode list(ResourceKind<?> kind, String namespace, ListRequest request) {
        Predicate<ObjectNode> predicate = predicate(kind, request);
        String rv = emptyToNull(request.resourceVersion());
        String match = emptyToNull(request.resourceVersionMatch());
        if (match != null && !match.equals("NotOlderThan") && !match.equals("Exact")) {
            throw field("resourceVersionMatch", match, "supported values: NotOlderThan, Exact");
        }
        if (match != null && rv == null) {
            throw field("resourceVersionMatch", match, "resourceVersionMatch is forbidden unless resourceVersion is provided");
        }
        String token = emptyToNull(request.continueToken());
        if (token != null && rv != null && !rv.equals("0")) {
            throw field("resourceVersion", rv, "specifying resource version is not allowed when using continue");
        }
        long wanted = rv == null ? 0 : revision(rv);
        if (wanted > 0 && !caughtUp(wanted)) {
            throw new ApiException(StatusReason.TIMEOUT, "Too large resource version: " + wanted + ", current: "
                    + store.currentRevision(), new StatusDetails(null, null, null, null,
                    List.of(new StatusCause("ResourceVersionTooLarge", "Too large resource version", null)), 1));
        }
        if (request.limit() < 0) {
            throw field("limit", request.limit(), "must be >= 0");
        }
        ListResult result = store.list(type(kind), kind.namespaced() ? emptyToNull(namespace) : null,
                new ListOptions(predicate, request.limit(), token));
        if ("Exact".equals(match) && wanted != Long.parseLong(result.resourceVersion())) {
            throw new ApiException(StatusReason.EXPIRED, "The resourceVersion for the provided list is too old: "
                    + "only the latest state (" + result.resourceVersion() + ") can be listed exactly, not " + rv);
        }
        ObjectNode list = mapper.createObjectNode();
        list.put("kind", kind.listKind());
        list.put("apiVersion", kind.apiVersion());
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", result.resourceVersion());
        if (result.continueToken() != null) {
            meta.put("continue", result.continueToken());
        }
        ArrayNode items = list.putArray("items");
        result.items().forEach(items::add);
        return list;
    }

    /** Waits up to {@link #CATCH_UP} for this member to have seen {@code revision}, as Kubernetes waits for its cache. */
    private boolean caughtUp(long revision) {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (store.currentRevision() < revision) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /**
     * Watches objects of a kind; see {@link ClusterStore#watch}. The request's selectors filter,
     * its resourceVersion says where to start, and {@code allowWatchBookmarks} asks for bookmarks.
     */
    public Watch watch(ResourceKind<?> kind, String namespace, ListRequest request, WatchHandler handler) {
        Predicate<ObjectNode> predicate = predicate(kind, request);
        String rv = emptyToNull(request.resourceVersion());
        if (rv != null) {
            revision(rv);
        }
        return store.watch(type(kind), kind.namespaced() ? emptyToNull(namespace) : null,
                new WatchOptions(rv, predicate, request.allowWatchBookmarks()), handler);
    }

    /** The filter of a list or watch request; null when it selects everything. */
    public static Predicate<ObjectNode> predicate(ResourceKind<?> kind, ListRequest request) {
        String labels = emptyToNull(request.labelSelector());
        String fields = emptyToNull(request.fieldSelector());
        Selector labelSelector = labels == null ? null : Selector.parse(labels);
        FieldSelector fieldSelector = fields == null ? null : FieldSelector.parse(fields, FieldSelectors.supported(kind));
        if ((labelSelector == null || labelSelector.isEmpty()) && (fieldSelector == null || fieldSelector.isEmpty())) {
            return null;
        }
        return object -> (labelSelector == null || labelSelector.matches(labels(object)))
                && (fieldSelector == null || fieldSelector.matches(FieldSelectors.fields(kind, object)));
    }

    private static Map<String, String> labels(ObjectNode object) {
        JsonNode labels = object.path("metadata").path("labels");
        if (!labels.isObject() || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> map = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    // ---------------------------------------------------------------- create

    /**
     * Creates an object.
     *
     * @param namespace the request's namespace (required for namespaced kinds, ignored otherwise)
     * @param object    the object in wire form; not modified
     * @param dryRun    when true, everything but the write: returns the object as it would be stored
     *                  (without the store's uid and resourceVersion)
     */
    public ObjectNode create(ResourceKind<?> kind, String namespace, ObjectNode object, boolean dryRun) {
        ObjectNode obj = normalize(kind, object);
        ObjectNode meta = metadata(obj);
        String ns = kind.namespaced() ? emptyToNull(namespace) : null;
        if (kind.namespaced() && ns == null) {
            throw ApiException.badRequest("a namespace is required to create a " + kind.kind());
        }
        checkNamespace(meta, ns);
        if (!meta.path("resourceVersion").asText("").isEmpty()) {
            throw ApiException.badRequest("resourceVersion should not be set on objects to be created");
        }
        if (ns == null) {
            meta.remove("namespace");
        } else {
            meta.put("namespace", ns);
        }
        meta.remove(List.of("deletionTimestamp", "deletionGracePeriodSeconds", "uid", "creationTimestamp", "generation"));
        if (kind.hasStatus() && kind != ResourceKinds.NODE) {
            obj.remove("status");
        }
        Defaults.apply(kind, obj);
        initialStatus(kind, obj);
        validate(kind, obj);
        if (ns != null) {
            requireActiveNamespace(ns);
        }
        if (dryRun) {
            return obj;
        }
        List<RegistryHook> applied = new java.util.ArrayList<>();
        try {
            for (RegistryHook hook : hooks) {
                if (hook.appliesTo(kind)) {
                    obj = toTree(hook.beforeCreate(decode(kind, obj)));
                    applied.add(hook);
                }
            }
            return store.create(type(kind), ns, obj);
        } catch (RuntimeException e) {
            if (!applied.isEmpty()) {
                KubernetesObject<?> prepared = decode(kind, obj);
                applied.forEach(h -> h.createFailed(prepared));
            }
            throw e;
        }
    }

    private static void initialStatus(ResourceKind<?> kind, ObjectNode obj) {
        if (kind == ResourceKinds.POD || kind == ResourceKinds.PERSISTENT_VOLUME
                || kind == ResourceKinds.PERSISTENT_VOLUME_CLAIM) {
            ObjectNode status = obj.with("status");
            status.putIfAbsent("phase", status.textNode("Pending"));
        }
    }

    private void requireActiveNamespace(String ns) {
        ObjectNode namespace = store.find(ObjectKey.clusterScoped(type(ResourceKinds.NAMESPACE), ns))
                .orElseThrow(() -> ApiException.notFound("namespaces", ns));
        if (terminating(namespace)) {
            throw new ApiException(StatusReason.FORBIDDEN, "unable to create new content in namespace " + ns
                    + " because it is being terminated", new StatusDetails(ns, "", "namespaces", null,
                    List.of(new StatusCause("NamespaceTerminating", "namespace " + ns + " is being terminated",
                            "metadata.namespace")), 0));
        }
    }

    private static boolean terminating(ObjectNode namespace) {
        return namespace.path("metadata").hasNonNull("deletionTimestamp")
                || "Terminating".equals(namespace.path("status").path("phase").asText());
    }

    /** Creates the namespaces Kubernetes always has ({@link #SYSTEM_NAMESPACES}) where missing. */
    public void ensureSystemNamespaces() {
        for (String name : SYSTEM_NAMESPACES) {
            ObjectKey key = ObjectKey.clusterScoped(type(ResourceKinds.NAMESPACE), name);
            if (store.find(key).isPresent()) {
                continue;
            }
            ObjectNode ns = mapper.createObjectNode();
            ns.putObject("metadata").put("name", name);
            try {
                create(ResourceKinds.NAMESPACE, null, ns, false);
                LOG.info("created namespace {}", name);
            } catch (ApiException e) {
                if (e.reason() != StatusReason.ALREADY_EXISTS) {
                    throw e;
                }
            }
        }
    }

    // ---------------------------------------------------------------- update and patch

    /**
     * Replaces an object (or, with {@code status}, its status).
     *
     * @param object the new object in wire form; its {@code metadata.resourceVersion}, when set, must
     *               be the stored one
     */
    public ObjectNode update(ResourceKind<?> kind, String namespace, String name, ObjectNode object,
                             boolean status, boolean dryRun) {
        ObjectNode candidate = normalize(kind, object);
        ObjectKey key = key(kind, namespace, name);
        String expected = emptyToNull(metadata(candidate).path("resourceVersion").asText(null));
        for (int attempt = 1; ; attempt++) {
            ObjectNode old = store.get(key);
            checkVersion(kind, name, old, expected);
            try {
                return write(kind, key, old, candidate, status, dryRun);
            } catch (ApiException e) {
                if (e.reason() != StatusReason.CONFLICT || expected != null || attempt >= UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** Patches an object (or, with {@code status}, its status) with a patch document of {@code type}. */
    public ObjectNode patch(ResourceKind<?> kind, String namespace, String name, PatchType type, byte[] patch,
                            boolean status, boolean dryRun) {
        JsonNode document = parseJson(patch);
        ObjectKey key = key(kind, namespace, name);
        for (int attempt = 1; ; attempt++) {
            ObjectNode old = store.get(key);
            JsonNode patched = switch (type) {
                case JSON_PATCH -> JsonPatch.apply(document, old);
                case MERGE_PATCH -> {
                    if (!document.isObject()) {
                        throw ApiException.badRequest("a merge patch must be a JSON object");
                    }
                    yield MergePatch.apply(document, old);
                }
                case STRATEGIC_MERGE_PATCH -> StrategicMergePatch.apply(document, old);
            };
            if (!patched.isObject()) {
                throw new ApiException(StatusReason.INVALID, "the patched document is not an object");
            }
            ObjectNode candidate = normalize(kind, (ObjectNode) patched);
            String expected = emptyToNull(metadata(candidate).path("resourceVersion").asText(null));
            String current = old.path("metadata").path("resourceVersion").asText();
            // A resourceVersion the patch itself sets is a precondition; one left from the old object is not.
            boolean precondition = expected != null && !expected.equals(current);
            checkVersion(kind, name, old, expected);
            try {
                return write(kind, key, old, candidate, status, dryRun);
            } catch (ApiException e) {
                if (e.reason() != StatusReason.CONFLICT || precondition || attempt >= UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static void checkVersion(ResourceKind<?> kind, String name, ObjectNode old, String expected) {
        if (expected != null && !expected.equals(old.path("metadata").path("resourceVersion").asText())) {
            throw ApiException.conflict(kind.groupResource(), name,
                    "the object has been modified; please apply your changes to the latest version and try again");
        }
    }

    /** Builds the new state from {@code old} and {@code candidate} and writes it conditioned on old's version. */
    private ObjectNode write(ResourceKind<?> kind, ObjectKey key, ObjectNode old, ObjectNode candidate,
                             boolean statusOnly, boolean dryRun) {
        ObjectNode next;
        ObjectNode oldMeta = metadata(old);
        if (statusOnly) {
            next = old.deepCopy();
            JsonNode status = candidate.get("status");
            if (status == null || status.isNull()) {
                next.remove("status");
            } else {
                next.set("status", status.deepCopy());
            }
        } else {
            next = candidate.deepCopy();
            ObjectNode meta = metadata(next);
            String bodyName = emptyToNull(meta.path("name").asText(null));
            if (bodyName != null && !bodyName.equals(key.name())) {
                throw ApiException.badRequest("the name of the object (" + bodyName
                        + ") does not match the name on the URL (" + key.name() + ")");
            }
            checkNamespace(meta, key.namespace());
            meta.put("name", key.name());
            if (key.namespace() != null) {
                meta.put("namespace", key.namespace());
            }
            for (String f : List.of("deletionTimestamp", "deletionGracePeriodSeconds", "generateName")) {
                if (oldMeta.has(f)) {
                    meta.set(f, oldMeta.get(f).deepCopy());
                } else if (!f.equals("generateName")) {
                    meta.remove(f);
                }
            }
            if (kind.hasStatus()) {
                if (old.has("status")) {
                    next.set("status", old.get("status").deepCopy());
                } else {
                    next.remove("status");
                }
            }
            Defaults.apply(kind, next);
        }
        if (statusOnly || dryRun || hooks.isEmpty()) {
            return writeChecked(kind, key, old, next, dryRun);
        }
        List<RegistryHook> applied = new java.util.ArrayList<>();
        KubernetesObject<?> oldTyped = decode(kind, old);
        try {
            for (RegistryHook hook : hooks) {
                if (hook.appliesTo(kind)) {
                    next = toTree(hook.beforeUpdate(oldTyped, decode(kind, next)));
                    applied.add(hook);
                }
            }
            return writeChecked(kind, key, old, next, false);
        } catch (RuntimeException e) {
            if (!applied.isEmpty()) {
                KubernetesObject<?> prepared = decode(kind, next);
                applied.forEach(h -> h.updateFailed(oldTyped, prepared));
            }
            throw e;
        }
    }

    private ObjectNode writeChecked(ResourceKind<?> kind, ObjectKey key, ObjectNode old, ObjectNode next, boolean dryRun) {
        ObjectNode oldMeta = metadata(old);
        ObjectNode nextMeta = metadata(next);
        nextMeta.put("uid", oldMeta.path("uid").asText());
        nextMeta.put("resourceVersion", oldMeta.path("resourceVersion").asText());
        nextMeta.set("creationTimestamp", oldMeta.get("creationTimestamp"));
        if (oldMeta.has("generation")) {
            nextMeta.set("generation", oldMeta.get("generation"));
        }
        validate(kind, next);
        if (next.equals(old)) {
            return old;
        }
        if (dryRun) {
            return next;
        }
        ObjectNode stored = store.update(key, next);
        if (shouldDeleteAfterUpdate(kind, stored)) {
            try {
                return afterDelete(kind, store.delete(key, new Preconditions(nextMeta.path("uid").asText(),
                        stored.path("metadata").path("resourceVersion").asText())));
            } catch (ApiException e) {
                if (e.reason() != StatusReason.NOT_FOUND && e.reason() != StatusReason.CONFLICT) {
                    throw e;
                }
            }
        }
        return stored;
    }

    private static boolean shouldDeleteAfterUpdate(ResourceKind<?> kind, ObjectNode object) {
        JsonNode meta = object.path("metadata");
        if (!meta.hasNonNull("deletionTimestamp") || meta.path("finalizers").size() > 0) {
            return false;
        }
        return kind != ResourceKinds.POD || meta.path("deletionGracePeriodSeconds").asLong(0) == 0;
    }

    // ---------------------------------------------------------------- delete

    /**
     * The outcome of a delete.
     *
     * @param object  the object's last state: as removed, or as marked for deletion
     * @param deleted true when the object is gone, false when it is only marked
     */
    public record DeleteResult(ObjectNode object, boolean deleted) {
    }

    /** Deletes (or marks for deletion) one object; see the class rules. */
    public DeleteResult delete(ResourceKind<?> kind, String namespace, String name, DeleteOptions options) {
        ObjectKey key = key(kind, namespace, name);
        for (int attempt = 1; ; attempt++) {
            ObjectNode old = store.get(key);
            checkPreconditions(kind, name, old, options.preconditions());
            try {
                if (kind == ResourceKinds.NAMESPACE) {
                    return deleteNamespace(key, old, options);
                }
                return deleteOnce(kind, key, old, options);
            } catch (ApiException e) {
                if (e.reason() != StatusReason.CONFLICT || attempt >= UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private DeleteResult deleteOnce(ResourceKind<?> kind, ObjectKey key, ObjectNode old, DeleteOptions options) {
        ObjectNode oldMeta = metadata(old);
        long grace = gracePeriod(kind, old, options);
        Set<String> finalizers = new LinkedHashSet<>();
        oldMeta.path("finalizers").forEach(f -> finalizers.add(f.asText()));
        boolean marked = oldMeta.hasNonNull("deletionTimestamp");
        if (!marked) {
            if (options.policy().equals(DeleteOptions.ORPHAN)) {
                finalizers.add(ORPHAN_FINALIZER);
            } else if (options.policy().equals(DeleteOptions.FOREGROUND)) {
                finalizers.add(FOREGROUND_FINALIZER);
            }
        }
        String rv = oldMeta.path("resourceVersion").asText();
        if (finalizers.isEmpty() && grace == 0) {
            if (options.dryRun()) {
                return new DeleteResult(old, true);
            }
            return new DeleteResult(afterDelete(kind, store.delete(key, new Preconditions(oldMeta.path("uid").asText(), rv))), true);
        }
        long oldGrace = oldMeta.path("deletionGracePeriodSeconds").asLong(Long.MAX_VALUE);
        if (marked && grace >= oldGrace) {
            return new DeleteResult(old, false);
        }
        ObjectNode next = old.deepCopy();
        ObjectNode meta = metadata(next);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        meta.put("deletionTimestamp", now.plusSeconds(grace).toString());
        meta.put("deletionGracePeriodSeconds", grace);
        ArrayNode f = meta.putArray("finalizers");
        finalizers.forEach(f::add);
        if (finalizers.isEmpty()) {
            meta.remove("finalizers");
        }
        if (options.dryRun()) {
            return new DeleteResult(next, false);
        }
        return new DeleteResult(store.update(key, next), false);
    }

    private ObjectNode afterDelete(ResourceKind<?> kind, ObjectNode deleted) {
        for (RegistryHook hook : hooks) {
            if (hook.appliesTo(kind)) {
                try {
                    hook.afterDelete(decode(kind, deleted));
                } catch (RuntimeException e) {
                    LOG.warn("hook {} failed after deleting {}", hook, deleted.path("metadata").path("name").asText(), e);
                }
            }
        }
        return deleted;
    }

    /** Pods bound to a node get a grace period (the request's, else the pod's, else 30 s); everything else 0. */
    private static long gracePeriod(ResourceKind<?> kind, ObjectNode object, DeleteOptions options) {
        if (kind != ResourceKinds.POD) {
            return 0;
        }
        String phase = object.path("status").path("phase").asText("");
        if (object.path("spec").path("nodeName").asText("").isEmpty() || phase.equals("Succeeded")
                || phase.equals("Failed")) {
            return 0;
        }
        if (options.gracePeriodSeconds() != null) {
            return options.gracePeriodSeconds();
        }
        return object.path("spec").path("terminationGracePeriodSeconds").asLong(30);
    }

    private static void checkPreconditions(ResourceKind<?> kind, String name, ObjectNode old, Preconditions p) {
        JsonNode meta = old.path("metadata");
        if (p.uid() != null && !p.uid().equals(meta.path("uid").asText())) {
            throw ApiException.conflict(kind.groupResource(), name, "Precondition failed: UID in precondition: "
                    + p.uid() + ", UID in object meta: " + meta.path("uid").asText());
        }
        if (p.resourceVersion() != null && !p.resourceVersion().equals(meta.path("resourceVersion").asText())) {
            throw ApiException.conflict(kind.groupResource(), name, "Precondition failed: ResourceVersion in precondition: "
                    + p.resourceVersion() + ", ResourceVersion in object meta: " + meta.path("resourceVersion").asText());
        }
    }

    /**
     * Deletes the objects of a collection that match the request's selectors, each with
     * {@code options}; returns a {@code <Kind>List} of their last states.
     */
    public ObjectNode deleteCollection(ResourceKind<?> kind, String namespace, ListRequest request,
                                       DeleteOptions options) {
        ListRequest all = new ListRequest(request.labelSelector(), request.fieldSelector(), null, null, 0, null,
                false, null);
        ObjectNode list = list(kind, namespace, all);
        ArrayNode deleted = mapper.createArrayNode();
        for (JsonNode item : list.path("items")) {
            JsonNode meta = item.path("metadata");
            try {
                deleted.add(delete(kind, meta.path("namespace").asText(null), meta.path("name").asText(),
                        new DeleteOptions(options.gracePeriodSeconds(), options.propagationPolicy(),
                                Preconditions.NONE, options.dryRun())).object());
            } catch (ApiException e) {
                if (e.reason() != StatusReason.NOT_FOUND) {
                    throw e;
                }
            }
        }
        list.set("items", deleted);
        return list;
    }

    private DeleteResult deleteNamespace(ObjectKey key, ObjectNode old, DeleteOptions options) {
        if (terminating(old)) {
            return new DeleteResult(old, false);
        }
        ObjectNode next = old.deepCopy();
        metadata(next).put("deletionTimestamp", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        metadata(next).put("deletionGracePeriodSeconds", 0);
        next.with("status").put("phase", "Terminating");
        if (options.dryRun()) {
            return new DeleteResult(next, false);
        }
        ObjectNode stored = store.update(key, next);
        String ns = key.name();
        background.execute(() -> purgeNamespace(ns));
        return new DeleteResult(stored, false);
    }

    /**
     * Deletes everything in a terminating namespace, then the namespace. Objects with finalizers are
     * marked and waited for (a bounded number of rounds; the namespace stays Terminating after that).
     * Pods are deleted at once, without their grace period.
     */
    void purgeNamespace(String ns) {
        try {
            for (int round = 1; round <= 100; round++) {
                int remaining = 0;
                for (ResourceKind<?> kind : ResourceKinds.all()) {
                    if (!kind.namespaced()) {
                        continue;
                    }
                    for (ObjectNode item : store.list(type(kind), ns, ListOptions.all()).items()) {
                        try {
                            if (!delete(kind, ns, item.path("metadata").path("name").asText(), DeleteOptions.NOW).deleted()) {
                                remaining++;
                            }
                        } catch (ApiException e) {
                            if (e.reason() != StatusReason.NOT_FOUND) {
                                throw e;
                            }
                        }
                    }
                }
                if (remaining == 0) {
                    store.delete(ObjectKey.clusterScoped(type(ResourceKinds.NAMESPACE), ns), Preconditions.NONE);
                    LOG.debug("namespace {} deleted", ns);
                    return;
                }
                Thread.sleep(Math.min(1000, 50L * round));
            }
            LOG.warn("namespace {} still has objects with finalizers; it stays Terminating", ns);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("deleting the contents of namespace {} failed; it stays Terminating", ns, e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void validate(ResourceKind<?> kind, ObjectNode object) {
        KubernetesObject<?> typed = decode(kind, object);
        InvalidObjectException.throwIfAny(kind.kind(), typed.metadata().name(), Validation.validate(typed));
    }

    private static void checkNamespace(ObjectNode meta, String ns) {
        String given = emptyToNull(meta.path("namespace").asText(null));
        if (given != null && ns != null && !given.equals(ns)) {
            throw new ApiException(StatusReason.BAD_REQUEST, "the namespace of the provided object (" + given
                    + ") does not match the namespace sent on the request (" + ns + ")",
                    new StatusDetails(null, null, null, null, List.of(new StatusCause("FieldValueInvalid",
                            "does not match the namespace of the request", "metadata.namespace")), 0));
        }
    }

    static ObjectKey key(ResourceKind<?> kind, String namespace, String name) {
        return new ObjectKey(type(kind), kind.namespaced() ? emptyToNull(namespace) : null, name);
    }

    private static ObjectNode metadata(ObjectNode object) {
        JsonNode meta = object.get("metadata");
        if (meta instanceof ObjectNode o) {
            return o;
        }
        return object.putObject("metadata");
    }

    private static long revision(String rv) {
        try {
            long v = Long.parseLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw field("resourceVersion", rv, "must be a non-negative integer");
        }
    }

    private static ApiException field(String field, Object value, String why) {
        String msg = field + ": Invalid value: \"" + value + "\": " + why;
        return new ApiException(StatusReason.BAD_REQUEST, msg, new StatusDetails(null, null, null, null,
                List.of(new StatusCause("FieldValueInvalid", msg, field)), 0));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** UTF-8 text of a body, for YAML. */
    public static String utf8(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
