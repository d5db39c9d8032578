package io.corral.proxy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks endpoints of one service port: round robin, or sticky per client IP when affinity is on.
 * The endpoint list is replaced as a whole; thread-safe.
 */
final class LoadBalancer {
    private record Sticky(Endpoint endpoint, long lastUsedMillis) {
    }

    private final Clock clock;
    private volatile List<Endpoint> endpoints = List.of();
    private volatile boolean affinity;
    private volatile long affinityTimeoutMillis;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Sticky> sticky = new ConcurrentHashMap<>();

    LoadBalancer(Clock clock) {
        this.clock = clock;
    }

    void endpoints(List<Endpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
        sticky.values().removeIf(s -> !this.endpoints.contains(s.endpoint()));
    }

    List<Endpoint> endpoints() {
        return endpoints;
    }

    void affinity(boolean on, Duration timeout) {
        this.affinity = on;
        this.affinityTimeoutMillis = timeout.toMillis();
        if (!on) {
            sticky.clear();
        }
    }

    /**
     * The endpoint for a new connection from {@code clientIp}, skipping those in {@code exclude}
     * (endpoints that already failed for this connection); empty when none is left.
     */
    Optional<Endpoint> pick(String clientIp, List<Endpoint> exclude) {
        List<Endpoint> current = endpoints;
        long now = clock.millis();
        if (affinity && clientIp != null) {
            Sticky s = sticky.get(clientIp);
            if (s != null && now - s.lastUsedMillis() < affinityTimeoutMillis && current.contains(s.endpoint())
                    && !exclude.contains(s.endpoint())) {
                sticky.put(clientIp, new Sticky(s.endpoint(), now));
                return Optional.of(s.endpoint());
            }
        }
        int n = current.size();
        for (int i = 0; i < n; i++) {
            Endpoint e = current.get(Math.floorMod(next.getAndIncrement(), n));
            if (!exclude.contains(e)) {
                if (affinity && clientIp != null) {
                    sticky.put(clientIp, new Sticky(e, now));
                }
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Forgets affinities idle longer than the timeout. */
    void expire() {
        long now = clock.millis();
        sticky.values().removeIf(s -> now - s.lastUsedMillis() >= affinityTimeoutMillis);
    }
}
