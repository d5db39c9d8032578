package io.corral.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ClusterStore} on Hazelcast: a replicated state machine held as the single value of one
 * map entry, so one partition orders every write (see {@code docs/decisions/0001-store-revisions.md}).
 *
 * <p>Each member creates its own instance on its own {@link HazelcastInstance}; the instance must
 * satisfy {@link StoreConfig#verify}. The store does not own the Hazelcast instance, the
 * {@link ObjectMapper} or the {@link MeterRegistry}.
 *
 * <p>Metrics: Timer {@code corral.store.operation} (tags {@code op}, {@code resource},
 * {@code outcome}: {@code success} or the failure's reason), gauge {@code corral.store.watches}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class HazelcastStore implements ClusterStore {
    /** How long an operation waits for a quorum that may still be forming before it is refused. */
    static final Duration QUORUM_WAIT = Duration.ofSeconds(3);

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastStore.class);
    static final String STATE_KEY = "state";
    private static final int LIST_BATCH = 500;
    private static final int GENERATE_NAME_ATTEMPTS = 8;
    private static final ResourceType SYNC = ResourceType.core("-");
    private static final char[] NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789".toCharArray();

    private final HazelcastInstance hazelcast;
    private final StoreConfig config;
    private final MeterRegistry registry;
    private final IMap<String, StoreState> map;
    private final ObjectCodec codec;
    private final WatchHub watches;
    private final Gauge watchGauge;
    /**
     * The highest commit index a confirmed {@link Commit} returned to this member. A Commit's result
     * may include a concurrent Commit's higher revision; that one's backup was sent earlier on the
     * same ordered channel, so it is confirmed too.
     */
    private final AtomicLong confirmedCommit = new AtomicLong();

    private HazelcastStore(HazelcastInstance hazelcast, StoreConfig config, ObjectMapper mapper, MeterRegistry registry) {
        this.hazelcast = hazelcast;
        this.config = config;
        this.registry = registry;
        this.map = hazelcast.getMap(config.mapName());
        this.codec = new ObjectCodec(mapper);
        this.watches = new WatchHub(this, codec, config, hazelcast.getName(),
                () -> hazelcast.getLifecycleService().isRunning());
        this.watchGauge = Gauge.builder("corral.store.watches", watches, WatchHub::size)
                .description("open watch streams of this member's store")
                .tag("member", hazelcast.getName())
                .register(registry);
    }

    /**
     * Creates the store on a running member, after checking it meets the store's requirements.
     *
     * @param hazelcast the member (not owned: closing the store leaves it running)
     * @param config    the store's configuration (the one applied to the member's Config)
     * @param mapper    Jackson mapper for the stored JSON (not owned)
     * @param registry  where to record metrics (not owned)
     * @throws IllegalStateException when the member does not meet {@link StoreConfig#verify}
     */
    public static HazelcastStore create(HazelcastInstance hazelcast, StoreConfig config, ObjectMapper mapper,
                                        MeterRegistry registry) {
        Objects.requireNonNull(hazelcast, "hazelcast");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(registry, "registry");
        config.verify(hazelcast);
        HazelcastStore store = new HazelcastStore(hazelcast, config, mapper, registry);
        store.watches.start();
        return store;
    }

    // ---- writes ----

    @Override
    public ObjectNode create(ResourceType type, String namespace, ObjectNode object) {
        return timed("create", type, () -> {
            Objects.requireNonNull(object, "object");
            ObjectNode copy = object.deepCopy();
            ObjectNode meta = ObjectCodec.metadata(copy);
            String ns = emptyToNull(namespace);
            String given = emptyToNull(meta.path("namespace").asText(null));
            if (given != null && !given.equals(ns)) {
                throw fieldError("metadata.namespace", "the namespace of the object (" + given
                        + ") does not match the namespace on the request (" + (ns == null ? "" : ns) + ")");
            }
            if (ns == null) {
                meta.remove("namespace");
            } else {
                meta.put("namespace", ns);
            }
            String name = emptyToNull(meta.path("name").asText(null));
            String generateName = emptyToNull(meta.path("generateName").asText(null));
            if (name == null && generateName == null) {
                throw fieldError("metadata.name", "name or generateName is required");
            }
            String uid = UUID.randomUUID().toString();
            String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            long specHash = codec.specHash(copy);
            for (int attempt = 1; ; attempt++) {
                String actual = name != null ? name : generateName + randomSuffix();
                meta.put("name", actual);
                ObjectKey key = new ObjectKey(type, ns, actual);
                Propose p = new Propose(requestId(), Propose.CREATE, storageKey(key), 0, null, uid, created,
                        specHash, codec.body(copy), config.historySize());
                WriteResult r = write(p);
                if (r.code() == WriteResult.OK) {
                    return codec.object(r.state(), r.revision());
                }
                if (r.code() == WriteResult.ALREADY_EXISTS && (name != null || attempt >= GENERATE_NAME_ATTEMPTS)) {
                    throw ApiException.alreadyExists(type.toString(), actual);
                }
            }
        });
    }

    @Override
    public ObjectNode update(ObjectKey key, ObjectNode object) {
        return timed("update", key.type(), () -> {
            WriteResult r = doUpdate(key, object);
            return switch (r.code()) {
                case WriteResult.OK -> codec.object(r.state(), r.revision());
                case WriteResult.NOT_FOUND -> throw ApiException.notFound(key.type().toString(), key.name());
                default -> throw conflict(key);
            };
        });
    }

    private static ApiException conflict(ObjectKey key) {
        return ApiException.conflict(key.type().toString(), key.name(),
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    private WriteResult doUpdate(ObjectKey key, ObjectNode object) {
        Objects.requireNonNull(object, "object");
        ObjectNode copy = object.deepCopy();
        ObjectNode meta = ObjectCodec.metadata(copy);
        String name = emptyToNull(meta.path("name").asText(null));
        if (name != null && !name.equals(key.name())) {
            throw fieldError("metadata.name", "the name of the object (" + name
                    + ") does not match the name on the request (" + key.name() + ")");
        }
        String given = emptyToNull(meta.path("namespace").asText(null));
        if (given != null && !given.equals(key.namespace())) {
            throw fieldError("metadata.namespace", "the namespace of the object (" + given
                    + ") does not match the namespace on the request (" + key.namespace() + ")");
        }
        meta.put("name", key.name());
        if (key.namespace() == null) {
            meta.remove("namespace");
        } else {
            meta.put("namespace", key.namespace());
        }
        long expected = parseVersion(emptyToNull(meta.path(ObjectCodec.RESOURCE_VERSION).asText(null)),
                "metadata.resourceVersion");
        String expectedUid = emptyToNull(meta.path(ObjectCodec.UID).asText(null));
        Propose p = new Propose(requestId(), Propose.UPDATE, storageKey(key), expected, expectedUid, null, null,
                codec.specHash(copy), codec.body(copy), config.historySize());
        return write(p);
    }

    @Override
    public ObjectNode guaranteedUpdate(ObjectKey key, UnaryOperator<ObjectNode> mutation) {
        Objects.requireNonNull(mutation, "mutation");
        return timed("guaranteedUpdate", key.type(), () -> {
            long deadline = System.nanoTime() + config.writeTimeout().toNanos();
            ObjectNode current = doFind(key).orElseThrow(() -> ApiException.notFound(key.type().toString(), key.name()));
            for (int attempt = 1; ; attempt++) {
                ObjectNode changed = mutation.apply(current.deepCopy());
                if (changed == null || changed.equals(current)) {
                    return current;
                }
                ObjectCodec.metadata(changed).put(ObjectCodec.RESOURCE_VERSION,
                        current.path("metadata").path(ObjectCodec.RESOURCE_VERSION).asText());
                WriteResult r = doUpdate(key, changed);
                if (r.code() == WriteResult.OK) {
                    return codec.object(r.state(), r.revision());
                }
                if (r.code() == WriteResult.NOT_FOUND) {
                    throw ApiException.notFound(key.type().toString(), key.name());
                }
                if (System.nanoTime() > deadline) {
                    throw conflict(key);
                }
                LOG.debug("guaranteedUpdate of {} conflicted, attempt {}", key, attempt);
                // The conflicting state may be uncommitted; it only serves as the base of the next
                // conditional write, which fails again if that state is lost.
                current = codec.object(r.state(), r.state().revision());
                if (attempt % 8 == 0) {
                    sleep(ThreadLocalRandom.current().nextLong(1, 10));
                }
            }
        });
    }

    @Override
    public ObjectNode delete(ObjectKey key, Preconditions preconditions) {
        Preconditions pre = preconditions == null ? Preconditions.NONE : preconditions;
        return timed("delete", key.type(), () -> {
            long expected = parseVersion(emptyToNull(pre.resourceVersion()), "preconditions.resourceVersion");
            Propose p = new Propose(requestId(), Propose.DELETE, storageKey(key), expected, emptyToNull(pre.uid()),
                    null, null, 0, null, config.historySize());
            WriteResult r = write(p);
            return switch (r.code()) {
                case WriteResult.OK -> codec.object(r.state(), r.revision());
                case WriteResult.NOT_FOUND -> throw ApiException.notFound(key.type().toString(), key.name());
                default -> throw ApiException.conflict(key.type().toString(), key.name(),
                        "Precondition failed: the object's uid or resourceVersion does not match");
            };
        });
    }

    /**
     * Runs a proposal until its outcome is known, then commits it. Indeterminate outcomes are
     * retried with the same request id, which the state machine de-duplicates.
     */
    private WriteResult write(Propose p) {
        long deadline = System.nanoTime() + config.writeTimeout().toNanos();
        WriteResult r = invoke(p, deadline, "write");
        if (r.code() == WriteResult.OK) {
            // A confirmed commit of a later revision (by a concurrent writer here) covers this one.
            if (r.revision() > confirmedCommit.get()) {
                long committed = invoke(new Commit(r.revision()), deadline, "commit");
                confirmedCommit.accumulateAndGet(committed, Math::max);
            }
            watches.wake();
        }
        return r;
    }

    private <R> R invoke(EntryProcessor<String, StoreState, R> processor, long deadline, String what) {
        long backoff = 20;
        // Split-brain protection is judged from membership, which a member that just started (or
        // just saw a member leave) has not settled yet: give the quorum a short while to appear
        // before refusing. A member that really is on a minority side is refused after it.
        long quorumDeadline = Math.min(deadline, System.nanoTime() + QUORUM_WAIT.toNanos());
        for (int attempt = 1; ; attempt++) {
            try {
                return map.executeOnKey(STATE_KEY, processor);
            } catch (RuntimeException e) {
                Throwable root = classify(e);
                if (root == null) {
                    throw new ApiException(StatusReason.INTERNAL_ERROR, "store " + what + " failed: " + e, null, e);
                }
                if (root instanceof SplitBrainProtectionException && System.nanoTime() < quorumDeadline) {
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, 500);
                    continue;
                }
                if (root instanceof SplitBrainProtectionException) {
                    throw new ApiException(StatusReason.SERVICE_UNAVAILABLE,
                            "store " + what + " refused: this member is not in a quorum of the cluster", null, e);
                }
                if (root instanceof HazelcastInstanceNotActiveException) {
                    throw new ApiException(StatusReason.SERVICE_UNAVAILABLE,
                            "store " + what + " failed: this member is shut down", null, e);
                }
                if (System.nanoTime() > deadline) {
                    throw new ApiException(StatusReason.TIMEOUT, "store " + what
                            + " outcome unknown after " + attempt + " attempts: " + root, null, e);
                }
                LOG.info("store {} attempt {} failed ({}), retrying", what, attempt, root.toString());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 500);
            }
        }
    }

    /** The Hazelcast failure worth reacting to, or null when it is not one of the known kinds. */
    private static Throwable classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SplitBrainProtectionException || t instanceof HazelcastInstanceNotActiveException
                    || t instanceof IndeterminateOperationStateException || t instanceof RetryableException
                    || t instanceof OperationTimeoutException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    // ---- reads ----

    @Override
    public ObjectNode get(ObjectKey key) {
        return timed("get", key.type(), () -> doFind(key).orElseThrow(
                () -> ApiException.notFound(key.type().toString(), key.name())));
    }

    @Override
    public Optional<ObjectNode> find(ObjectKey key) {
        return timed("get", key.type(), () -> doFind(key));
    }

    private Optional<ObjectNode> doFind(ObjectKey key) {
        ReadResult r = read(new StoreProcessors.Read(storageKey(key)), "read");
        return r.state() == null ? Optional.empty() : Optional.of(codec.object(r.state(), r.state().revision()));
    }

    <R> R read(EntryProcessor<String, StoreState, R> processor, String what) {
        return invoke(processor, System.nanoTime() + config.writeTimeout().toNanos(), what);
    }

    @Override
    public ListResult list(ResourceType type, String namespace, ListOptions options) {
        ListOptions o = options == null ? ListOptions.all() : options;
        return timed("list", type, () -> {
            String prefix = prefix(type, namespace);
            long at = 0;
            String after = null;
            if (o.continueToken() != null && !o.continueToken().isEmpty()) {
                ContinueToken token = ContinueToken.decode(o.continueToken());
                if (!token.key().startsWith(prefix)) {
                    throw fieldError("continue", "the continue token does not belong to this list");
                }
                at = token.revision();
                after = token.key();
            }
            for (int restart = 0; ; restart++) {
                try {
                    return listFrom(prefix, at, after, o);
                } catch (ApiException e) {
                    // a fresh list may race with compaction between its batches: start again
                    if (e.reason() != StatusReason.EXPIRED || at != 0 || restart >= 3) {
                        throw e;
                    }
                }
            }
        });
    }

    private ListResult listFrom(String prefix, long at, String after, ListOptions o) {
        Predicate<ObjectNode> predicate = o.predicate();
        List<ObjectNode> items = new ArrayList<>();
        int batch = o.limit() > 0 ? Math.max(o.limit() + 1, 50) : LIST_BATCH;
        while (true) {
            ListPage page = read(new StoreProcessors.ListRange(prefix, after, at, Math.min(batch, LIST_BATCH)), "list");
            if (page.code() == ListPage.EXPIRED) {
                throw new ApiException(StatusReason.EXPIRED, "The provided continue parameter is too old "
                        + "to display a consistent list result. You can start a new list without the continue parameter.");
            }
            at = page.revision();
            List<String> keys = page.keys();
            for (int i = 0; i < keys.size(); i++) {
                ObjectNode object = codec.object(page.states().get(i), page.states().get(i).revision());
                if (predicate == null || predicate.test(object)) {
                    items.add(object);
                    if (o.limit() > 0 && items.size() == o.limit()) {
                        boolean more = i < keys.size() - 1 || page.continueAfter() != null;
                        String token = more ? new ContinueToken(at, keys.get(i)).encode() : null;
                        return new ListResult(items, Long.toString(at), token);
                    }
                }
            }
            if (page.continueAfter() == null) {
                return new ListResult(items, Long.toString(at), null);
            }
            after = page.continueAfter();
        }
    }

    @Override
    public Watch watch(ResourceType type, String namespace, WatchOptions options, WatchHandler handler) {
        Objects.requireNonNull(handler, "handler");
        WatchOptions o = options == null ? WatchOptions.fromNow() : options;
        return timed("watch", type, () -> {
            String rv = emptyToNull(o.resourceVersion());
            String prefix = prefix(type, namespace);
            if (rv == null || "0".equals(rv)) {
                ListResult initial = list(type, namespace, ListOptions.matching(o.predicate()));
                return watches.register(prefix, Long.parseLong(initial.resourceVersion()), initial.items(), o, handler);
            }
            long from = parseVersion(rv, "resourceVersion");
            return watches.register(prefix, from, List.of(), o, handler);
        });
    }

    @Override
    public long currentRevision() {
        return read(new StoreProcessors.History(Long.MAX_VALUE, 0), "revision").committed();
    }

    @Override
    public void close() {
        watches.close();
        registry.remove(watchGauge);
    }

    @Override
    public long sync() {
        return timed("sync", SYNC, this::commitApplied);
    }

    /** Confirms on the backups every revision applied so far, then commits it (see {@link Commit}). */
    long commitApplied() {
        long deadline = System.nanoTime() + config.writeTimeout().toNanos();
        Long applied = invoke(new Commit(0), deadline, "barrier");
        if (applied != null && applied > 0) {
            long committed = invoke(new Commit(applied), deadline, "commit");
            confirmedCommit.accumulateAndGet(committed, Math::max);
            return committed;
        }
        return 0;
    }

    // ---- helpers ----

    private <T> T timed(String op, ResourceType type, Supplier<T> body) {
        long start = System.nanoTime();
        String outcome = "success";
        try {
            return body.get();
        } catch (ApiException e) {
            outcome = e.reason().wireName();
            throw e;
        } catch (RuntimeException e) {
            outcome = "error";
            throw e;
        } finally {
            Timer.builder("corral.store.operation")
                    .tag("op", op).tag("resource", type.toString()).tag("outcome", outcome)
                    .register(registry).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    static String storageKey(ObjectKey key) {
        return key.type().group() + "/" + key.type().resource() + "/"
                + (key.namespace() == null ? "" : key.namespace()) + "/" + key.name();
    }

    static String prefix(ResourceType type, String namespace) {
        String ns = emptyToNull(namespace);
        return type.group() + "/" + type.resource() + "/" + (ns == null ? "" : ns + "/");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static long parseVersion(String value, String field) {
        if (value == null) {
            return 0;
        }
        try {
            long v = Long.parseLong(value);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw fieldError(field, "invalid resource version \"" + value + "\": must be a non-negative decimal number");
        }
    }

    private static ApiException fieldError(String field, String message) {
        return new ApiException(StatusReason.BAD_REQUEST, field + ": " + message,
                new io.corral.api.status.StatusDetails(null, null, null, null,
                        List.of(new io.corral.api.status.StatusCause("FieldValueInvalid", message, field)), 0));
    }

    private static String requestId() {
        return UUID.randomUUID().toString();
    }

    private static String randomSuffix() {
        char[] s = new char[5];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < s.length; i++) {
            s[i] = NAME_CHARS[random.nextInt(NAME_CHARS.length)];
        }
        return new String(s);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(StatusReason.SERVICE_UNAVAILABLE, "interrupted");
        }
    }

    /** A continue token: the list's revision and the last key returned, base64url of JSON-free text. */
    record ContinueToken(long revision, String key) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((revision + "|" + key).getBytes(StandardCharsets.UTF_8));
        }

        static ContinueToken decode(String token) {
            try {
                String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int bar = s.indexOf('|');
                return new ContinueToken(Long.parseLong(s.substring(0, bar)), s.substring(bar + 1));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw fieldError("continue", "malformed continue token");
            }
        }
    }
}
