package io.corral.api.client.informer;

import io.corral.api.client.ResourceClient;
import io.corral.api.client.Watch;
import io.corral.api.client.WatchHandler;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.WatchEvent;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * A local, eventually consistent cache of the objects of one {@link ResourceClient} view (its kind,
 * namespace and selectors), kept up to date by listing and then watching, with handlers notified of
 * every change: client-go's {@code SharedIndexInformer}, built on nothing but
 * {@link ResourceClient#list()} and {@link ResourceClient#watch}, so it works over any client.
 *
 * <h2>Contract</h2>
 * <ol>
 *   <li><b>List, then watch.</b> {@link #start()} lists the objects, stores them, and watches from the
 *       list's resourceVersion. A watch that ends normally (server timeout) is re-opened from the last
 *       resourceVersion seen (events or bookmarks); at once, unless it ended within a second without an
 *       event, which is treated like a failure for the back-off. A watch that fails with {@code GONE} or
 *       {@code EXPIRED} (410: that version is no longer retained) leads to a new list, whose differences
 *       to the cache are reported in list order ({@code onAdd}, {@code onUpdate}), followed by the objects
 *       that vanished meanwhile ({@code onDelete(object, finalStateUnknown = true)}). An object received again unchanged (same
 *       resourceVersion, equal content; e.g. a watch that re-sends the current state) is not reported
 *       again. Other failures are retried with an
 *       exponential back-off (up to {@link Builder#maxBackoff}), first by re-watching, then by re-listing.</li>
 *   <li><b>Delivery.</b> Handlers are called on one delivery thread per informer, one call at a time,
 *       in the order the changes were applied to the cache; so for each object, in the order of its
 *       versions. All handlers see the same sequence, in registration order. A handler that throws is
 *       logged and does not affect the others. Handlers must be quick: a slow one delays every later
 *       notification (hand long work to a work queue).</li>
 *   <li><b>Cache first.</b> When a handler is called the cache already holds the state it is told
 *       about (or a newer one): the {@link #indexer()} may be ahead of the notifications, never behind.</li>
 *   <li><b>hasSynced.</b> {@link #hasSynced()} becomes true once the first list is stored and its
 *       {@code onAdd} notifications have been delivered; it stays true (re-lists do not reset it).
 *       Controllers wait for it before acting on the cache.</li>
 *   <li><b>Late handlers.</b> A handler added after start first gets {@code onAdd} for every object
 *       cached at that moment, then the changes after it; never a change twice.</li>
 *   <li><b>Resync.</b> With a resync period, every cached object is re-delivered as
 *       {@code onUpdate(o, o)} that often (no server call), so handlers can re-check their world.</li>
 *   <li><b>Lifecycle.</b> {@link #start()} once; {@link #close()} stops the watch and both threads (the
 *       reflector, which lists and watches, and the delivery thread) and is idempotent; it waits for a
 *       handler call in progress to return, unless called from a handler. The client is not closed.</li>
 * </ol>
 * The cache's {@link Indexer} has the index {@link Indexer#NAMESPACE_INDEX}, plus those given to
 * {@link Builder#addIndex}. Thread-safe.
 *
 * @param <T> the object type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SharedInformer<T extends KubernetesObject<T>> implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SharedInformer.class.getName());
    private static final long QUICK_WATCH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ResourceClient<T> source;
    private final Duration resyncPeriod;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Cache<T> cache;
    private final Object lock = new Object();
    private final List<ResourceEventHandler<T>> handlers = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Notification<T>> queue = new LinkedBlockingQueue<>();
    private final String name;

    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean synced;
    private volatile String lastSyncResourceVersion;
    private volatile Watch currentWatch;
    private volatile Thread reflector;
    private volatile Thread dispatcher;
    /** Watch events applied, for telling an empty, instantly ended watch; written by the watch's thread. */
    private volatile long eventsApplied;

    private SharedInformer(Builder<T> b) {
        this.source = b.source;
        this.resyncPeriod = b.resyncPeriod;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.cache = new Cache<>(b.indexers);
        this.name = b.source.kind().groupResource() + (b.source.namespace() == null ? "" : "/" + b.source.namespace());
    }

    /** An informer over {@code source} with no resync and the default back-off. */
    public static <T extends KubernetesObject<T>> SharedInformer<T> of(ResourceClient<T> source) {
        return builder(source).build();
    }

    /** A builder of an informer over {@code source} (its namespace and selectors included). */
    public static <T extends KubernetesObject<T>> Builder<T> builder(ResourceClient<T> source) {
        return new Builder<>(source);
    }

    /**
     * Adds a handler; before or after {@link #start()} (see the contract for late handlers).
     *
     * @return this informer
     */
    public SharedInformer<T> addEventHandler(ResourceEventHandler<T> handler) {
        Objects.requireNonNull(handler, "handler");
        synchronized (lock) {
            if (started) {
                queue.add(new Notification<>(Kind.REPLAY, null, null, false, List.of(handler), cache.list()));
            }
            handlers.add(handler);
        }
        return this;
    }

    /** Starts listing and watching on the informer's own threads; returns at once. {@code IllegalStateException} if started. */
    public void start() {
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("informer " + name + " is already started");
            }
            if (closed) {
                throw new IllegalStateException("informer " + name + " is closed");
            }
            started = true;
        }
        dispatcher = thread("corral-informer-deliver-" + name, this::deliverLoop);
        reflector = thread("corral-informer-reflect-" + name, this::reflectLoop);
        dispatcher.start();
        reflector.start();
    }

    /** Whether the first list has been stored and delivered to the handlers (see the contract). */
    public boolean hasSynced() {
        return synced;
    }

    /** The resourceVersion of the last list or event applied to the cache; null before the first list. */
    public String lastSyncResourceVersion() {
        return lastSyncResourceVersion;
    }

    /** The read-only view of the cache. */
    public Indexer<T> indexer() {
        return cache;
    }

    /** Whether {@link #start()} was called and {@link #close()} was not. */
    public boolean isRunning() {
        return started && !closed;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Watch w = currentWatch;
        if (w != null) {
            w.close();
        }
        for (Thread t : new Thread[] {reflector, dispatcher}) {
            if (t != null) {
                t.interrupt();
            }
        }
        for (Thread t : new Thread[] {reflector, dispatcher}) {
            if (t != null && t != Thread.currentThread()) {
                try {
                    t.join(TimeUnit.SECONDS.toMillis(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SharedInformer[" + name + (synced ? ", synced" : "") + ", " + cache.size() + " cached]";
    }

    // ---------------------------------------------------------------- reflector: list and watch

    private void reflectLoop() {
        Duration backoff = initialBackoff;
        boolean needList = true;
        while (!closed) {
            try {
                if (needList) {
                    ObjectList<T> list = source.list();
                    replace(list.items(), list.metadata().resourceVersion());
                    needList = false;
                }
                long begun = System.nanoTime();
                long eventsBefore = eventsApplied;
                ApiException cause = watchOnce(lastSyncResourceVersion);
                if (cause != null) {
                    throw cause;
                }
                if (eventsApplied == eventsBefore && System.nanoTime() - begun < QUICK_WATCH_NANOS) {
                    // A server that ends every watch at once must not make us spin: wait as after a failure.
                    if (!sleep(backoff)) {
                        return;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                } else {
                    backoff = initialBackoff;
                }
            } catch (ApiException e) {
                if (closed) {
                    return;
                }
                if (e.reason() == StatusReason.GONE || e.reason() == StatusReason.EXPIRED) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "informer " + name + ": " + e.getMessage() + "; re-listing");
                    needList = true;
                    continue;
                }
                Duration wait = backoff;
                LOG.log(System.Logger.Level.WARNING, () -> "informer " + name + ": " + e.getMessage()
                        + "; retrying in " + wait);
                if (!sleep(backoff)) {
                    return;
                }
                // A failed re-watch is retried once from the same version; a second failure re-lists.
                needList = needList || backoff.compareTo(initialBackoff) > 0;
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.ERROR, "informer " + name + " failed; re-listing", e);
                needList = true;
                if (!sleep(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        }
    }

    /** Watches until the watch ends; returns why (null for a normal end). */
    private ApiException watchOnce(String fromVersion) {
        CompletableFuture<ApiException> ended = new CompletableFuture<>();
        Watch w = source.watch(source.listOptions().withResourceVersion(fromVersion).withAllowWatchBookmarks(true),
                new WatchHandler<>() {
                    @Override
                    public void onEvent(WatchEvent<T> event) {
                        apply(event);
                    }

                    @Override
                    public void onClose(ApiException cause) {
                        ended.complete(cause);
                    }
                });
        currentWatch = w;
        if (closed) {
            w.close();
        }
        try {
            return ended.get();
        } catch (InterruptedException e) {
            w.close();
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return new ApiException(StatusReason.INTERNAL_ERROR, String.valueOf(e.getCause()));
        } finally {
            currentWatch = null;
        }
    }

    private void apply(WatchEvent<T> event) {
        T object = event.object();
        if (object == null) {
            return;
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            eventsApplied++;
            switch (event.type()) {
                case ADDED, MODIFIED -> {
                    T old = cache.put(object);
                    if (old == null) {
                        enqueue(Kind.ADD, null, object, false);
                    } else if (!sameVersion(old, object)) {
                        enqueue(Kind.UPDATE, old, object, false);
                    }
                }
                case DELETED -> {
                    T old = cache.remove(Indexer.keyOf(object));
                    if (old != null) {
                        enqueue(Kind.DELETE, null, object, false);
                    }
                }
                default -> {
                    // BOOKMARK: only the version moves on.
                }
            }
            String rv = object.metadata().resourceVersion();
            if (rv != null && !rv.isEmpty()) {
                lastSyncResourceVersion = rv;
            }
        }
    }

    private void replace(List<T> items, String resourceVersion) {
        synchronized (lock) {
            Set<String> seen = new HashSet<>();
            for (T object : items) {
                seen.add(Indexer.keyOf(object));
                T old = cache.put(object);
                if (old == null) {
                    enqueue(Kind.ADD, null, object, false);
                } else if (!sameVersion(old, object)) {
                    enqueue(Kind.UPDATE, old, object, false);
                }
            }
            for (String key : cache.keys()) {
                if (!seen.contains(key)) {
                    T old = cache.remove(key);
                    enqueue(Kind.DELETE, null, old, true);
                }
            }
            lastSyncResourceVersion = resourceVersion;
            if (!synced) {
                queue.add(new Notification<T>(Kind.SYNCED, null, null, false, List.of(), List.of()));
            }
        }
    }

    /** An object seen again at the version already cached (a re-list, or a watch re-sending it) is no change. */
    private static boolean sameVersion(KubernetesObject<?> old, KubernetesObject<?> object) {
        String rv = object.metadata().resourceVersion();
        return rv != null && rv.equals(old.metadata().resourceVersion()) && old.equals(object);
    }

    private void enqueue(Kind kind, T old, T object, boolean finalStateUnknown) {
        queue.add(new Notification<>(kind, old, object, finalStateUnknown, List.copyOf(handlers), List.of()));
    }

    // ---------------------------------------------------------------- delivery

    private void deliverLoop() {
        long nextResync = resyncPeriod == null ? Long.MAX_VALUE : System.nanoTime() + resyncPeriod.toNanos();
        while (!closed) {
            Notification<T> n;
            try {
                long wait = nextResync == Long.MAX_VALUE ? Long.MAX_VALUE : nextResync - System.nanoTime();
                n = wait == Long.MAX_VALUE ? queue.take() : queue.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (n == null) {
                nextResync = System.nanoTime() + resyncPeriod.toNanos();
                if (synced) {
                    synchronized (lock) {
                        for (T o : cache.list()) {
                            enqueue(Kind.UPDATE, o, o, false);
                        }
                    }
                }
                continue;
            }
            deliver(n);
        }
    }

    private void deliver(Notification<T> n) {
        if (n.kind == Kind.SYNCED) {
            synced = true;
            return;
        }
        for (ResourceEventHandler<T> h : n.handlers) {
            if (closed) {
                return;
            }
            try {
                switch (n.kind) {
                    case ADD -> h.onAdd(n.object);
                    case UPDATE -> h.onUpdate(n.old, n.object);
                    case DELETE -> h.onDelete(n.object, n.finalStateUnknown);
                    case REPLAY -> n.replay.forEach(h::onAdd);
                    default -> throw new IllegalStateException(n.kind.name());
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "informer " + name + ": handler " + h + " threw on " + n.kind, e);
            }
        }
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private static Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private enum Kind { ADD, UPDATE, DELETE, REPLAY, SYNCED }

    private record Notification<T extends KubernetesObject<T>>(Kind kind, T old, T object, boolean finalStateUnknown,
                                   List<ResourceEventHandler<T>> handlers, List<T> replay) {
    }

    /**
     * Options of an informer.
     *
     * @param <T> the object type
     */
    public static final class Builder<T extends KubernetesObject<T>> {
        private final ResourceClient<T> source;
        private Duration resyncPeriod;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private final Map<String, Function<T, Collection<String>>> indexers = new LinkedHashMap<>();

        private Builder(ResourceClient<T> source) {
            this.source = Objects.requireNonNull(source, "source");
            indexers.put(Indexer.NAMESPACE_INDEX, o -> {
                String ns = o.metadata().namespace();
                return List.of(ns == null ? "" : ns);
            });
        }

        /** Re-deliver every cached object as {@code onUpdate(o, o)} this often; null (the default) for never. */
        public Builder<T> resyncPeriod(Duration period) {
            if (period != null && (period.isNegative() || period.isZero())) {
                throw new IllegalArgumentException("resyncPeriod: must be positive, was " + period);
            }
            this.resyncPeriod = period;
            return this;
        }

        /** The first and the largest wait between retries after a failure (defaults 100 ms and 30 s). */
        public Builder<T> backoff(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff: need 0 < initial <= max, was " + initial + ", " + max);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** The largest wait between retries. */
        public Builder<T> maxBackoff(Duration max) {
            return backoff(initialBackoff.compareTo(max) > 0 ? max : initialBackoff, max);
        }

        /** An index of the cache: {@code values} maps an object to the index values it is found under. */
        public Builder<T> addIndex(String indexName, Function<T, Collection<String>> values) {
            Objects.requireNonNull(values, "values");
            if (indexName == null || indexName.isEmpty() || indexers.containsKey(indexName)) {
                throw new IllegalArgumentException("indexName: must be new and non-empty, was \"" + indexName + "\"");
            }
            indexers.put(indexName, values);
            return this;
        }

        /** The informer, not started. */
        public SharedInformer<T> build() {
            return new SharedInformer<>(this);
        }
    }
}
