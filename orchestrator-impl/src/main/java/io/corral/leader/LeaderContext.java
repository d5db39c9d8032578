package io.corral.leader;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * One term of leadership, handed to {@link LeaderCallbacks#onStartedLeading}. Thread-safe; cheap to query.
 *
 * <p>{@link #fencingToken()} is the lease's {@code leaseTransitions} when this term began: it grows
 * with every change of holder, so a write stamped with it can be told apart from one of an older
 * term. {@link #isStillLeader()} turns false for good when the term ends, and also when the lease
 * has not been renewed within the renew deadline (counted from the start of the last successful
 * renewal, on the elector's clock), which is earlier than any other candidate may take the lease
 * over (the lease duration, counted from when it observed the last renewal).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LeaderContext {
    private final String identity;
    private final String lease;
    private final long fencingToken;
    private final Instant acquiredAt;
    private final Duration renewDeadline;
    private final Supplier<Instant> now;
    private volatile Instant lastRenewed;
    private volatile boolean ended;

    LeaderContext(String identity, String lease, long fencingToken, Instant acquiredAt, Duration renewDeadline,
                  Supplier<Instant> now) {
        this.identity = identity;
        this.lease = lease;
        this.fencingToken = fencingToken;
        this.acquiredAt = acquiredAt;
        this.lastRenewed = acquiredAt;
        this.renewDeadline = renewDeadline;
        this.now = now;
    }

    /** The identity holding the lease in this term. */
    public String identity() {
        return identity;
    }

    /** The lease, as {@code namespace/name}. */
    public String lease() {
        return lease;
    }

    /** The lease's {@code leaseTransitions} when this term began; larger in every later term. */
    public long fencingToken() {
        return fencingToken;
    }

    /** When this term began, on the elector's clock. */
    public Instant acquiredAt() {
        return acquiredAt;
    }

    /**
     * Whether it is still safe to act as leader: the term has not ended and the last successful
     * renewal started less than the renew deadline ago. Once false, never true again for this term.
     */
    public boolean isStillLeader() {
        if (ended) {
            return false;
        }
        if (!now.get().isBefore(lastRenewed.plus(renewDeadline))) {
            ended = true;
            return false;
        }
        return true;
    }

    void renewed(Instant attemptStart) {
        lastRenewed = attemptStart;
    }

    void end() {
        ended = true;
    }

    @Override
    public String toString() {
        return "LeaderContext[" + lease + " held by " + identity + ", token " + fencingToken + (ended ? ", ended]" : "]");
    }
}
