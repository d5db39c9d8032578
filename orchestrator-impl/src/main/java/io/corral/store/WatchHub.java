package io.corral.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This member's side of the watch feed: one poller thread tails the committed history and fans
 * each entry out to the member's watches, each with its own bounded buffer and sequential delivery
 * on a shared executor. Also heals a stalled commit index (a writer that died between its proposal
 * and its commit) by a barrier.
 */
final class WatchHub {
    private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);
    private static final int MAX_BATCH = 1_000;
    private static final long IDLE_WAIT_MILLIS = 500;
    private static final long HEAL_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final HazelcastStore store;
    private final ObjectCodec codec;
    private final StoreConfig config;
    private final String member;
    private final BooleanSupplier memberRunning;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeup = lock.newCondition();
    private final CopyOnWriteArrayList<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery;
    private final Thread poller;
    /** Highest revision fanned out; guarded by lock. */
    private long position;
    private boolean woken;
    private volatile boolean closed;
    private long stalledCommitted = -1;
    private long stalledSince;
    private long lastBookmark = System.nanoTime();
    /** Entries fetched per poll: at most half a watch buffer, so a poll alone never overflows one. */
    private final int batch;

    WatchHub(HazelcastStore store, ObjectCodec codec, StoreConfig config, String member, BooleanSupplier memberRunning) {
        this.store = store;
        this.memberRunning = memberRunning;
        this.codec = codec;
        this.config = config;
        this.member = member;
        this.batch = Math.max(1, Math.min(MAX_BATCH, config.watchBufferSize() / 2));
        AtomicInteger n = new AtomicInteger();
        this.delivery = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "corral-store-watch-" + member + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.poller = new Thread(this::run, "corral-store-poller-" + member);
        this.poller.setDaemon(true);
    }

    void start() {
        poller.start();
    }

    int size() {
        return watchers.size();
    }

    void wake() {
        lock.lock();
        try {
            woken = true;
            wakeup.signalAll();
        } finally {
            lock.unlock();
        }
    }

    Watch register(String prefix, long from, List<ObjectNode> initial, WatchOptions options, WatchHandler handler) {
        Watcher w = new Watcher(prefix, options.predicate(), options.bookmarks(), handler);
        for (ObjectNode item : initial) {
            w.enqueue(new WatchEvent(WatchEventType.ADDED, item), true);
        }
        lock.lock();
        try {
            if (closed) {
                throw new ApiException(StatusReason.SERVICE_UNAVAILABLE, "the store is closed");
            }
            boolean alone = watchers.isEmpty();
            if (alone && from > position) {
                position = from;
            }
            // Catch up from the start version to where the shared feed is (also detects 410 now).
            // A first watch may run the feed forward itself: nobody else is waiting for it.
            long limit = alone ? Long.MAX_VALUE : position;
            long after = from;
            while (true) {
                HistoryPage page = store.read(new StoreProcessors.History(after, batch), "watch");
                if (page.expired()) {
                    throw expired(from, page.compacted());
                }
                for (LogEntry e : page.entries()) {
                    if (e.revision() > limit) {
                        break;
                    }
                    w.offer(e, new Parsed(e, codec), true);
                    after = e.revision();
                }
                if (page.entries().size() < batch || after >= limit) {
                    break;
                }
            }
            if (alone) {
                position = Math.max(position, after);
            }
            w.cursor = Math.max(w.cursor, Math.max(from, position));
            watchers.add(w);
            woken = true;
            wakeup.signalAll();
        } finally {
            lock.unlock();
        }
        w.schedule();
        return w;
    }

    private static ApiException expired(long from, long compacted) {
        return new ApiException(StatusReason.EXPIRED, "too old resource version: " + from + " (" + compacted + ")");
    }

    private void run() {
        while (!closed) {
            try {
                pollOnce();
            } catch (ApiException e) {
                if (closed) {
                    return;
                }
                if (!memberRunning.getAsBoolean()) {
                    LOG.info("store watch feed of {} stops: member is shut down", member);
                    closeAll(new ApiException(StatusReason.SERVICE_UNAVAILABLE, "the store member is shut down"));
                    return;
                }
                LOG.warn("store watch feed of {}: {}", member, e.getMessage());
                pause(100);
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("store watch feed of {} failed", member, e);
                pause(100);
            }
        }
    }

    private void pollOnce() {
        long after;
        lock.lock();
        try {
            if (watchers.isEmpty()) {
                if (!woken) {
                    wakeup.await(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                }
                woken = false;
                if (watchers.isEmpty()) {
                    after = -1;
                } else {
                    return;
                }
            } else {
                after = position;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return;
        } finally {
            lock.unlock();
        }
        HistoryPage page = store.read(new StoreProcessors.History(after < 0 ? Long.MAX_VALUE : after, batch), "watch");
        healCommitIndex(page);
        if (after < 0) {
            return;
        }
        lock.lock();
        try {
            if (page.expired()) {
                ApiException error = expired(after, page.compacted());
                for (Watcher w : watchers) {
                    if (w.cursor < page.compacted()) {
                        w.fail(error);
                    }
                }
                position = Math.max(position, page.compacted());
                return;
            }
            for (LogEntry e : page.entries()) {
                if (e.revision() <= position) {
                    continue;
                }
                Parsed parsed = new Parsed(e, codec);
                for (Watcher w : watchers) {
                    w.offer(e, parsed, false);
                }
                position = e.revision();
            }
            bookmarks();
            if (page.entries().size() < batch) {
                if (!woken) {
                    wakeup.await(config.pollInterval().toNanos(), TimeUnit.NANOSECONDS);
                }
                woken = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    private void bookmarks() {
        long now = System.nanoTime();
        if (now - lastBookmark < config.bookmarkInterval().toNanos()) {
            return;
        }
        lastBookmark = now;
        for (Watcher w : watchers) {
            if (w.bookmarks) {
                w.enqueue(new WatchEvent(WatchEventType.BOOKMARK, codec.bookmark(Math.max(position, w.cursor))), false);
            }
        }
    }

    /** A revision applied but not committed for a while: its writer died; confirm and commit it. */
    private void healCommitIndex(HistoryPage page) {
        if (page.revision() <= page.committed()) {
            stalledCommitted = -1;
            return;
        }
        long now = System.nanoTime();
        if (stalledCommitted != page.committed()) {
            stalledCommitted = page.committed();
            stalledSince = now;
            return;
        }
        if (now - stalledSince > HEAL_AFTER_NANOS) {
            LOG.info("store commit index stalled at {} below revision {}; committing after a barrier",
                    page.committed(), page.revision());
            store.commitApplied();
            stalledCommitted = -1;
        }
    }

    private void closeAll(ApiException error) {
        for (Watcher w : watchers) {
            w.fail(error);
        }
    }

    void close() {
        closed = true;
        poller.interrupt();
        closeAll(null);
        delivery.shutdown();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An entry's objects, parsed at most once however many watches test them. */
    private static final class Parsed {
        private final LogEntry entry;
        private final ObjectCodec codec;
        private ObjectNode current;
        private ObjectNode previous;

        Parsed(LogEntry entry, ObjectCodec codec) {
            this.entry = entry;
            this.codec = codec;
        }

        ObjectNode current() {
            if (current == null) {
                current = codec.object(entry.state(), entry.revision());
            }
            return current;
        }

        ObjectNode previous() {
            if (previous == null && entry.previous() != null) {
                previous = codec.object(entry.previous(), entry.previous().revision());
            }
            return previous;
        }
    }

    private final class Watcher implements Watch {
        private final String prefix;
        private final Predicate<ObjectNode> predicate;
        private final boolean bookmarks;
        private final WatchHandler handler;
        private final ArrayDeque<WatchEvent> queue = new ArrayDeque<>();
        /** Highest revision offered; guarded by the hub's lock. */
        long cursor;
        private int initialEvents;
        private boolean draining;
        private boolean open = true;
        private boolean closeDelivered;
        private ApiException closeError;

        Watcher(String prefix, Predicate<ObjectNode> predicate, boolean bookmarks, WatchHandler handler) {
            this.prefix = prefix;
            this.predicate = predicate;
            this.bookmarks = bookmarks;
            this.handler = handler;
        }

        void offer(LogEntry e, Parsed parsed, boolean initial) {
            if (e.revision() <= cursor) {
                return;
            }
            cursor = e.revision();
            if (!e.key().startsWith(prefix)) {
                return;
            }
            WatchEvent event = convert(e, parsed);
            if (event != null) {
                enqueue(event, initial);
            }
        }

        private WatchEvent convert(LogEntry e, Parsed p) {
            if (predicate == null) {
                return new WatchEvent(e.type(), p.current().deepCopy());
            }
            return switch (e.type()) {
                case ADDED -> predicate.test(p.current()) ? new WatchEvent(WatchEventType.ADDED, p.current().deepCopy()) : null;
                case DELETED -> predicate.test(p.current()) ? new WatchEvent(WatchEventType.DELETED, p.current().deepCopy()) : null;
                case MODIFIED -> {
                    boolean now = predicate.test(p.current());
                    boolean before = p.previous() != null && predicate.test(p.previous());
                    if (now) {
                        yield new WatchEvent(before ? WatchEventType.MODIFIED : WatchEventType.ADDED, p.current().deepCopy());
                    }
                    yield before ? new WatchEvent(WatchEventType.DELETED, p.current().deepCopy()) : null;
                }
                case BOOKMARK -> null;
            };
        }

        void enqueue(WatchEvent event, boolean initial) {
            boolean overflow;
            synchronized (this) {
                if (!open) {
                    return;
                }
                queue.addLast(event);
                if (initial) {
                    initialEvents++;
                }
                overflow = queue.size() > config.watchBufferSize() + initialEvents;
            }
            if (overflow) {
                fail(new ApiException(StatusReason.GONE,
                        "watch closed: the client did not keep up (buffer of " + config.watchBufferSize()
                                + " events full); list again and watch from the list's resourceVersion"));
            } else if (!initial) {
                schedule();
            }
        }

        void schedule() {
            synchronized (this) {
                if (draining || closeDelivered) {
                    return;
                }
                draining = true;
            }
            try {
                delivery.execute(this::drain);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                synchronized (this) {
                    draining = false;
                }
            }
        }

        private void drain() {
            while (true) {
                WatchEvent next;
                ApiException error = null;
                boolean deliverClose = false;
                synchronized (this) {
                    next = open ? queue.pollFirst() : null;
                    if (next == null) {
                        if (!open && !closeDelivered) {
                            closeDelivered = true;
                            deliverClose = true;
                            error = closeError;
                        } else {
                            draining = false;
                            return;
                        }
                    }
                }
                if (deliverClose) {
                    try {
                        handler.onClose(error);
                    } catch (RuntimeException e) {
                        LOG.warn("watch close handler failed", e);
                    }
                    synchronized (this) {
                        draining = false;
                    }
                    return;
                }
                try {
                    handler.onEvent(next);
                } catch (RuntimeException e) {
                    LOG.warn("watch handler failed; closing the watch", e);
                    fail(new ApiException(StatusReason.INTERNAL_ERROR, "watch handler failed: " + e));
                }
            }
        }

        void fail(ApiException error) {
            synchronized (this) {
                if (!open) {
                    return;
                }
                open = false;
                closeError = error;
                queue.clear();
            }
            watchers.remove(this);
            schedule();
        }

        @Override
        public void close() {
            fail(null);
        }

        @Override
        public synchronized boolean isOpen() {
            return open;
        }
    }
}
