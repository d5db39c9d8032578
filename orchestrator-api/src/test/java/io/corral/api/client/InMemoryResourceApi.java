package io.corral.api.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.client.spi.ResourceApi;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.meta.HasStatus;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ListMeta;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.WatchEvent;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fake {@link ResourceApi}: an in-memory API server in a few hundred lines, with everything the
 * {@link CorralClientContract} asks for (resourceVersion conflicts, delete preconditions, paging, field
 * selectors, the status subresource, watches from a version). It proves the contract can be met in full
 * and shows the shape of an in-process implementation. Not a store: no validation, no defaulting, no
 * finalizers or grace periods, history kept for ever (so never 410), strategic merge patches applied as
 * JSON merge patches. Thread-safe.
 */
public final class InMemoryResourceApi implements ResourceApi {
    private final ObjectCodec codec = new ObjectCodec();
    private final ObjectMapper trees = new ObjectMapper();
    private final Object lock = new Object();
    /** Objects by {@code group/plural/namespace/name}; ordered, for paging. */
    private final NavigableMap<String, KubernetesObject<?>> objects = new TreeMap<>();
    private final List<Change> history = new ArrayList<>();
    private final List<FakeWatch<?>> watches = new CopyOnWriteArrayList<>();
    private long version;

    private record Change(long version, ResourceKind<?> kind, WatchEvent.Type type, KubernetesObject<?> object) {
    }

    private static String prefix(ResourceKind<?> kind) {
        return kind.group() + "/" + kind.plural() + "/";
    }

    private static String key(ResourceKind<?> kind, String namespace, String name) {
        return prefix(kind) + (namespace == null ? "" : namespace) + "/" + name;
    }

    @Override
    public <T extends KubernetesObject<T>> T get(ResourceKind<T> kind, String namespace, String name) {
        synchronized (lock) {
            return kind.type().cast(existing(kind, namespace, name));
        }
    }

    private KubernetesObject<?> existing(ResourceKind<?> kind, String namespace, String name) {
        KubernetesObject<?> o = objects.get(key(kind, namespace, name));
        if (o == null) {
            throw ApiException.notFound(kind.plural(), name);
        }
        return o;
    }

    @Override
    public <T extends KubernetesObject<T>> ObjectList<T> list(ResourceKind<T> kind, String namespace,
            ListOptions options) {
        synchronized (lock) {
            String from = options.continueToken() == null ? prefix(kind) : options.continueToken();
            List<T> items = new ArrayList<>();
            String next = null;
            for (Map.Entry<String, KubernetesObject<?>> e : objects.tailMap(from, options.continueToken() == null)
                    .entrySet()) {
                if (!e.getKey().startsWith(prefix(kind))) {
                    break;
                }
                T o = kind.type().cast(e.getValue());
                if (!matches(o, namespace, options)) {
                    continue;
                }
                if (options.limit() > 0 && items.size() == options.limit()) {
                    next = key(kind, items.get(items.size() - 1).metadata().namespace(),
                            items.get(items.size() - 1).metadata().name());
                    break;
                }
                items.add(o);
            }
            return new ObjectList<>(kind.apiVersion(), kind.listKind(),
                    new ListMeta(Long.toString(version), next, null), items);
        }
    }

    private static boolean matches(KubernetesObject<?> o, String namespace, ListOptions options) {
        String ns = o.metadata().namespace();
        return (namespace == null || namespace.equals(ns))
                && options.labelSelector().matches(o.metadata().labels())
                && options.fieldSelector().matches(Map.of("metadata.name", o.metadata().name(),
                        "metadata.namespace", ns == null ? "" : ns));
    }

    @Override
    public <T extends KubernetesObject<T>> T create(ResourceKind<T> kind, String namespace, T object) {
        synchronized (lock) {
            ObjectMeta m = object.metadata();
            String name = m.name();
            if ((name == null || name.isEmpty()) && m.generateName() != null) {
                name = m.generateName() + UUID.randomUUID().toString().substring(0, 5);
            }
            if (name == null || name.isEmpty()) {
                throw new ApiException(StatusReason.INVALID, "metadata.name: Required value");
            }
            String key = key(kind, namespace, name);
            if (objects.containsKey(key)) {
                throw ApiException.alreadyExists(kind.plural(), name);
            }
            T stored = object.withMetadata(m.toBuilder().name(name).namespace(namespace)
                    .uid(UUID.randomUUID().toString()).resourceVersion(Long.toString(++version))
                    .creationTimestamp(Instant.now().truncatedTo(ChronoUnit.SECONDS)).build());
            objects.put(key, stored);
            record(kind, WatchEvent.Type.ADDED, stored);
            return stored;
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T extends KubernetesObject<T>> T update(ResourceKind<T> kind, String namespace, T object,
            boolean status) {
        synchronized (lock) {
            T current = kind.type().cast(existing(kind, namespace, object.metadata().name()));
            String rv = object.metadata().resourceVersion();
            if (rv != null && !rv.isEmpty() && !rv.equals(current.metadata().resourceVersion())) {
                throw ApiException.conflict(kind.plural(), object.metadata().name(),
                        "the object has been modified; please apply your changes to the latest version and try again");
            }
            T next;
            if (kind.hasStatus() && status) {
                next = (T) ((HasStatus) current).withStatus(((HasStatus) object).status());
            } else if (kind.hasStatus()) {
                next = (T) ((HasStatus) object).withStatus(((HasStatus) current).status());
            } else {
                next = object;
            }
            ObjectMeta base = status ? current.metadata() : next.metadata();
            next = next.withMetadata(base.toBuilder().namespace(namespace).uid(current.metadata().uid())
                    .creationTimestamp(current.metadata().creationTimestamp())
                    .resourceVersion(Long.toString(++version)).build());
            objects.put(key(kind, namespace, object.metadata().name()), next);
            record(kind, WatchEvent.Type.MODIFIED, next);
            return next;
        }
    }

    @Override
    public <T extends KubernetesObject<T>> T patch(ResourceKind<T> kind, String namespace, String name,
            PatchType type, String body, boolean status) {
        synchronized (lock) {
            T current = kind.type().cast(existing(kind, namespace, name));
            try {
                JsonNode target = trees.readTree(codec.toJson(current));
                JsonNode patch = trees.readTree(body);
                JsonNode result = type == PatchType.JSON_PATCH ? jsonPatch(target, patch) : mergePatch(target, patch);
                T patched = codec.read(trees.writeValueAsBytes(result), kind.type());
                return update(kind, namespace, patched, status);
            } catch (IOException e) {
                throw ApiException.badRequest("patch body: " + e.getMessage());
            }
        }
    }

    private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : new ObjectMapper().createObjectNode();
        patch.properties().forEach(e -> {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
            }
        });
        return out;
    }

    private static JsonNode jsonPatch(JsonNode target, JsonNode ops) {
        JsonNode doc = target.deepCopy();
        for (JsonNode op : ops) {
            String path = op.path("path").asText();
            int slash = path.lastIndexOf('/');
            JsonNode parent = doc.at(path.substring(0, slash));
            String last = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
            String kind = op.path("op").asText();
            if (parent instanceof ObjectNode o) {
                switch (kind) {
                    case "add", "replace" -> o.set(last, op.get("value"));
                    case "remove" -> o.remove(last);
                    default -> throw ApiException.badRequest("unsupported JSON patch op " + kind);
                }
            } else if (parent instanceof ArrayNode a) {
                int i = "-".equals(last) ? a.size() : Integer.parseInt(last);
                switch (kind) {
                    case "add" -> a.insert(i, op.get("value"));
                    case "replace" -> a.set(i, op.get("value"));
                    case "remove" -> a.remove(i);
                    default -> throw ApiException.badRequest("unsupported JSON patch op " + kind);
                }
            } else {
                throw new ApiException(StatusReason.INVALID, "JSON patch path not found: " + path);
            }
        }
        return doc;
    }

    @Override
    public <T extends KubernetesObject<T>> T delete(ResourceKind<T> kind, String namespace, String name,
            DeleteOptions options) {
        synchronized (lock) {
            T current = kind.type().cast(existing(kind, namespace, name));
            DeleteOptions.Preconditions pre = options.preconditions();
            if (pre != null && ((pre.uid() != null && !pre.uid().equals(current.metadata().uid()))
                    || (pre.resourceVersion() != null
                    && !pre.resourceVersion().equals(current.metadata().resourceVersion())))) {
                throw ApiException.conflict(kind.plural(), name, "the precondition does not hold");
            }
            objects.remove(key(kind, namespace, name));
            T gone = current.withMetadata(current.metadata().toBuilder()
                    .resourceVersion(Long.toString(++version)).build());
            record(kind, WatchEvent.Type.DELETED, gone);
            return gone;
        }
    }

    @Override
    public <T extends KubernetesObject<T>> void deleteCollection(ResourceKind<T> kind, String namespace,
            ListOptions options, DeleteOptions deleteOptions) {
        synchronized (lock) {
            for (T o : list(kind, namespace, options.withPage(0, null)).items()) {
                delete(kind, o.metadata().namespace(), o.metadata().name(), deleteOptions);
            }
        }
    }

    @Override
    public <T extends KubernetesObject<T>> Watch watch(ResourceKind<T> kind, String namespace, ListOptions options,
            WatchHandler<T> handler) {
        synchronized (lock) {
            FakeWatch<T> w = new FakeWatch<>(kind, namespace, options, handler);
            String from = options.resourceVersion();
            if (from == null || from.isEmpty() || "0".equals(from)) {
                for (T o : list(kind, namespace, options.withPage(0, null)).items()) {
                    w.offer(WatchEvent.Type.ADDED, o);
                }
            } else {
                long after = Long.parseLong(from);
                for (Change c : history) {
                    if (c.version > after && c.kind.equals(kind)) {
                        w.offer(c.type, kind.type().cast(c.object));
                    }
                }
            }
            watches.add(w);
            return w;
        }
    }

    private void record(ResourceKind<?> kind, WatchEvent.Type type, KubernetesObject<?> object) {
        history.add(new Change(version, kind, type, object));
        for (FakeWatch<?> w : watches) {
            w.offerIfKind(kind, type, object);
        }
    }

    @Override
    public void close() {
        watches.forEach(FakeWatch::close);
    }

    /** Delivers on a thread of its own, one event at a time, in the order offered. */
    private final class FakeWatch<T extends KubernetesObject<T>> implements Watch {
        private final ResourceKind<T> kind;
        private final String namespace;
        private final ListOptions options;
        private final WatchHandler<T> handler;
        private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fake-watch");
            t.setDaemon(true);
            return t;
        });
        private final AtomicBoolean open = new AtomicBoolean(true);

        FakeWatch(ResourceKind<T> kind, String namespace, ListOptions options, WatchHandler<T> handler) {
            this.kind = kind;
            this.namespace = namespace;
            this.options = options;
            this.handler = handler;
        }

        void offerIfKind(ResourceKind<?> k, WatchEvent.Type type, KubernetesObject<?> object) {
            if (k.equals(kind)) {
                offer(type, kind.type().cast(object));
            }
        }

        void offer(WatchEvent.Type type, T object) {
            if (!matches(object, namespace, options) || !open.get()) {
                return;
            }
            delivery.execute(() -> {
                if (open.get()) {
                    handler.onEvent(new WatchEvent<>(type, object));
                }
            });
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                watches.remove(this);
                delivery.execute(() -> handler.onClose(null));
                delivery.shutdown();
            }
        }

        @Override
        public boolean isOpen() {
            return open.get();
        }
    }

    @Override
    public String toString() {
        return "InMemoryResourceApi[" + objects.size() + " objects at version " + version + "]";
    }

}
