package io.corral.leader;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock whose instants advance with {@link System#nanoTime()} from the system time at
 * creation: durations measured on it are immune to wall-clock steps, while the instants written to
 * leases stay close to real time (client-go likewise judges expiry on Go's monotonic clock).
 */
final class MonotonicClock extends Clock {
    private final Instant base;
    private final long baseNanos;

    private MonotonicClock(Instant base, long baseNanos) {
        this.base = base;
        this.baseNanos = baseNanos;
    }

    static MonotonicClock system() {
        return new MonotonicClock(Instant.now(), System.nanoTime());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("a monotonic clock is UTC only");
    }

    @Override
    public Instant instant() {
        return base.plusNanos(System.nanoTime() - baseNanos);
    }
}
