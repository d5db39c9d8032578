package io.corral.controller;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * A rate-limited work queue of object keys, client-go's {@code RateLimitingQueue}:
 * <ol>
 *   <li>A key waiting in the queue is there once, however often it is added (de-duplication).</li>
 *   <li>A key is handed to one worker at a time: a key added while a worker holds it is queued again
 *       when that worker calls {@link #done}.</li>
 *   <li>{@link #addRateLimited} re-adds a key after a per-key exponential back-off
 *       ({@code base * 2^failures}, capped), which {@link #forget} resets.</li>
 *   <li>{@link #shutDown()} wakes every waiting worker; {@link #get} then returns null.</li>
 * </ol>
 * Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class WorkQueue {
    /** client-go's default per-item back-off: 5 ms doubling up to 1000 s. */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(5);
    /** The largest per-key back-off by default. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1000);

    private final Object lock = new Object();
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final Set<String> dirty = new HashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final ScheduledExecutorService timers;
    private final long baseNanos;
    private final long maxNanos;
    private boolean shuttingDown;

    /**
     * @param timers    runs delayed adds (not owned)
     * @param baseDelay the first back-off
     * @param maxDelay  the largest back-off
     */
    public WorkQueue(ScheduledExecutorService timers, Duration baseDelay, Duration maxDelay) {
        this.timers = Objects.requireNonNull(timers, "timers");
        if (baseDelay.isNegative() || baseDelay.isZero() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 < baseDelay <= maxDelay, was " + baseDelay + ", " + maxDelay);
        }
        this.baseNanos = baseDelay.toNanos();
        this.maxNanos = maxDelay.toNanos();
    }

    /** Registers the gauge {@code corral.controller.queue.depth} tagged {@code controller}. */
    public Gauge bindTo(MeterRegistry registry, String controller) {
        return Gauge.builder("corral.controller.queue.depth", this, WorkQueue::depth)
                .tag("controller", controller).description("keys waiting in the controller's work queue")
                .register(registry);
    }

    /** Adds a key now; no-op when it is already waiting. */
    public void add(String key) {
        Objects.requireNonNull(key, "key");
        synchronized (lock) {
            if (shuttingDown || !dirty.add(key)) {
                return;
            }
            if (!processing.contains(key)) {
                queue.addLast(key);
                lock.notify();
            }
        }
    }

    /** Adds a key after {@code delay}. */
    public void addAfter(String key, Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            add(key);
            return;
        }
        synchronized (lock) {
            if (shuttingDown) {
                return;
            }
        }
        timers.schedule(() -> add(key), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Adds a key after its back-off, and counts one more failure for it. */
    public void addRateLimited(String key) {
        addAfter(key, Duration.ofNanos(nextBackoff(key)));
    }

    /** The back-off the next {@link #addRateLimited} of {@code key} would wait, counting it as a failure. */
    long nextBackoff(String key) {
        int n;
        synchronized (lock) {
            n = failures.merge(key, 1, Integer::sum) - 1;
        }
        if (n >= 62) {
            return maxNanos;
        }
        double d = baseNanos * Math.pow(2, n);
        return d >= maxNanos ? maxNanos : (long) d;
    }

    /** How many times {@code key} failed since it was last forgotten. */
    public int failures(String key) {
        synchronized (lock) {
            return failures.getOrDefault(key, 0);
        }
    }

    /** Resets the back-off of {@code key} (after a success). */
    public void forget(String key) {
        synchronized (lock) {
            failures.remove(key);
        }
    }

    /**
     * The next key to work on, waiting for one; null once the queue shuts down. The caller owns the key
     * until it calls {@link #done}.
     */
    public String get() throws InterruptedException {
        synchronized (lock) {
            while (queue.isEmpty() && !shuttingDown) {
                lock.wait();
            }
            if (shuttingDown) {
                return null;
            }
            String key = queue.removeFirst();
            processing.add(key);
            dirty.remove(key);
            return key;
        }
    }

    /** Ends the work on {@code key}; re-queues it when it was added meanwhile. */
    public void done(String key) {
        synchronized (lock) {
            processing.remove(key);
            if (dirty.contains(key)) {
                queue.addLast(key);
                lock.notify();
            }
        }
    }

    /** Keys waiting (not those being worked on). */
    public int depth() {
        synchronized (lock) {
            return queue.size();
        }
    }

    /** Stops handing out keys and wakes the workers. */
    public void shutDown() {
        synchronized (lock) {
            shuttingDown = true;
            lock.notifyAll();
        }
    }
}
