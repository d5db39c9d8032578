package io.corral.runtime.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;

/**
 * A clock that runs with a base clock plus an offset tests can move forward, so time-based rules
 * (restart back-off) can be checked against a real runtime without waiting. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class AdjustableClock extends Clock {
    private final Clock base;
    private final AtomicReference<Duration> offset;

    /** A clock running with the system UTC clock. */
    public AdjustableClock() {
        this(Clock.systemUTC());
    }

    public AdjustableClock(Clock base) {
        this(base, new AtomicReference<>(Duration.ZERO));
    }

    private AdjustableClock(Clock base, AtomicReference<Duration> offset) {
        this.base = Objects.requireNonNull(base, "base");
        this.offset = offset;
    }

    /** Moves this clock forward (or back, with a negative duration). */
    public void advance(Duration by) {
        offset.updateAndGet(current -> current.plus(by));
    }

    /** How far this clock is ahead of its base. */
    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return base.getZone();
    }

    /** The same clock, sharing the offset, in another zone. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new AdjustableClock(base.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }
}
