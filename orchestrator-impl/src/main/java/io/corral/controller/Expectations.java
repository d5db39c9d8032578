package io.corral.controller;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.HashMap;
import org.apiguardian.api.API;

/**
 * What a controller is still waiting to see in its informer cache after its own writes, per
 * controller key (client-go's {@code UIDTrackingControllerExpectations}): a number of creates,
 * and the keys of objects it deleted. While a key has expectations pending, its controller does not
 * create or delete for it again, so a cache that lags behind the writes cannot cause double work.
 * Expectations older than {@link #TTL} are considered met, so a lost event cannot stall a key forever.
 * Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Expectations {
    /** After this long, pending expectations are given up on. */
    public static final Duration TTL = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, Pending> pending = new HashMap<>();

    public Expectations(Clock clock) {
        this.clock = clock;
    }

    private static final class Pending {
        int adds;
        final Set<String> deletes = new HashSet<>();
        Instant since;
    }

    /** Records that {@code adds} creates and the deletion of {@code deleteKeys} are in flight for {@code key}. */
    public synchronized void expect(String key, int adds, Set<String> deleteKeys) {
        Pending next = new Pending();
        next.adds = adds;
        next.deletes.addAll(deleteKeys);
        next.since = clock.instant();
        pending.put(key, next);
    }

    /** One create of {@code key} was observed (or failed, so will never be observed). */
    public synchronized void creationObserved(String key) {
        pending.computeIfPresent(key, (k, p) -> {
            p.adds = Math.max(0, p.adds - 1);
            return p;
        });
    }

    /** The deletion of {@code objectKey} for {@code key} was observed (or failed). */
    public synchronized void deletionObserved(String key, String objectKey) {
        pending.computeIfPresent(key, (k, p) -> {
            p.deletes.remove(objectKey);
            return p;
        });
    }

    /** True when nothing is pending for {@code key}, or the expectations expired. */
    public synchronized boolean satisfied(String key) {
        Pending p = pending.get(key);
        if (p == null) {
            return true;
        }
        return p.adds <= 0 && p.deletes.isEmpty()
                || Duration.between(p.since, clock.instant()).compareTo(TTL) > 0;
    }

    /** Forgets {@code key} (its object is gone). */
    public synchronized void forget(String key) {
        pending.remove(key);
    }
}
