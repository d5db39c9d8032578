package io.corral.runtime.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apiguardian.api.API;

/**
 * Per-container exponential restart back-off, as kubelet's: after a container exits at time
 * {@code t}, it may be restarted once {@code t + delay} has passed; each restart doubles the delay
 * (from {@code initial}, 10s by default) up to {@code max} (300s by default). An entry is
 * forgotten (the delay starts again from {@code initial}) once a container ran without exiting for
 * longer than twice {@code max}, or on {@link #reset(String)}.
 *
 * <p>Keys are per pod and container ({@link #key(PodDescription, ContainerDescription)}). Time comes
 * from the injected {@link Clock}. Thread-safe: one instance is shared by all pods of a node.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Backoff {
    /** Kubelet's initial restart delay. */
    public static final Duration DEFAULT_INITIAL = Duration.ofSeconds(10);
    /** Kubelet's maximum restart delay. */
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(300);

    private record Entry(Duration delay, Instant lastUpdate) {
    }

    private final Duration initial;
    private final Duration max;
    private final Clock clock;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param initial the first delay; positive
     * @param max     the largest delay; &gt;= {@code initial}
     * @param clock   the time source
     */
    public Backoff(Duration initial, Duration max, Clock clock) {
        Checks.notNull(initial, "initial");
        Checks.notNull(max, "max");
        this.clock = Checks.notNull(clock, "clock");
        if (initial.isZero() || initial.isNegative()) {
            throw ContainerRuntimeException.invalidArgument("initial", "must be positive, was " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw ContainerRuntimeException.invalidArgument("max", "must not be less than initial " + initial + ", was " + max);
        }
        this.initial = initial;
        this.max = max;
    }

    /** A back-off with kubelet's defaults (10s, doubling, up to 300s) on the given clock. */
    public static Backoff withDefaults(Clock clock) {
        return new Backoff(DEFAULT_INITIAL, DEFAULT_MAX, clock);
    }

    /** The key of a container of a pod; changes when the container's spec changes. */
    public static String key(PodDescription pod, ContainerDescription container) {
        return pod.uid() + "/" + container.name() + "/" + Long.toHexString(container.hash());
    }

    /**
     * Whether the container that last exited at {@code eventTime} must still wait before being
     * restarted: true if there is an entry and less than its delay has passed since {@code eventTime}.
     */
    public boolean isInBackOffSince(String key, Instant eventTime) {
        Entry entry = entries.get(key);
        if (entry == null || expired(entry, eventTime)) {
            return false;
        }
        return Duration.between(eventTime, clock.instant()).compareTo(entry.delay()) < 0;
    }

    /**
     * Records a restart of the container that exited at {@code eventTime}: the first one (or the
     * first after the entry expired) sets the delay to {@code initial}, later ones double it up to
     * {@code max}.
     */
    public void next(String key, Instant eventTime) {
        entries.compute(key, (k, entry) -> {
            if (entry == null || expired(entry, eventTime)) {
                return new Entry(initial, eventTime);
            }
            Duration doubled = entry.delay().multipliedBy(2);
            return new Entry(doubled.compareTo(max) > 0 ? max : doubled, eventTime);
        });
    }

    /** The current delay of the key; zero if it has none. */
    public Duration delay(String key) {
        Entry entry = entries.get(key);
        return entry == null ? Duration.ZERO : entry.delay();
    }

    /** When the container that exited at {@code eventTime} may be restarted; {@code eventTime} if not in back-off. */
    public Instant retryAt(String key, Instant eventTime) {
        return isInBackOffSince(key, eventTime) ? eventTime.plus(delay(key)) : eventTime;
    }

    /** Forgets the key. */
    public void reset(String key) {
        entries.remove(key);
    }

    /** Forgets every entry not updated for more than twice {@code max}; call now and then. */
    public void gc() {
        Instant now = clock.instant();
        entries.values().removeIf(entry -> expired(entry, now));
    }

    /** The clock this back-off reads. */
    public Clock clock() {
        return clock;
    }

    private boolean expired(Entry entry, Instant eventTime) {
        return Duration.between(entry.lastUpdate(), eventTime).compareTo(max.multipliedBy(2)) > 0;
    }
}
