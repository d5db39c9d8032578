package io.corral.leader;

import io.corral.api.client.ResourceClient;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.coordination.LeaseSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elects one leader among the candidates sharing a {@link Lease}, as client-go's
 * {@code leaderelection.LeaderElector} does.
 *
 * <ul>
 *   <li><b>Acquire.</b> Every {@code retryPeriod} a candidate reads the lease. It takes it when
 *       there is none (creating it), when it has no holder (released), or when it has not changed for
 *       {@code leaseDurationSeconds} as <em>observed locally</em>: expiry is judged by when this
 *       candidate last saw the lease's content change, on its own clock, never by comparing the
 *       {@code renewTime} written by another machine with the local time.</li>
 *   <li><b>Renew.</b> The leader rewrites {@code renewTime} every {@code retryPeriod}. Every write
 *       is an optimistic-concurrency update on the resourceVersion read, so of two candidates racing
 *       for an expired lease exactly one wins; the other gets {@code CONFLICT}, i.e. lost the race.
 *       A leader that finds another holder stops leading at once; one whose renewals keep failing
 *       stops when the renew deadline has passed since the start of its last successful renewal.</li>
 *   <li><b>Fencing.</b> {@code leaseTransitions} is incremented by every change of holder; the
 *       leader's {@link LeaderContext#fencingToken()} is its value for the term.</li>
 *   <li><b>Release.</b> {@link #close()} ends the term first ({@code onStoppedLeading}), then clears
 *       {@code holderIdentity} (with a one-second duration, as client-go), so a successor need not
 *       wait for expiry.</li>
 * </ul>
 *
 * <p>Metrics on the given registry, tagged {@code lease} ({@code namespace/name}) and {@code identity}:
 * counter {@value #TRANSITIONS_METRIC} (changes of holder this candidate observed) and gauge
 * {@value #IS_LEADER_METRIC} (1 while leading, else 0).
 *
 * <p>Thread-safe. {@link #start()} runs the election on a thread of its own; {@link #close()} is idempotent.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class LeaderElector implements AutoCloseable {
    /** Counter of observed changes of holder. */
    public static final String TRANSITIONS_METRIC = "corral.leader.transitions";
    /** Gauge: 1 while this elector leads, else 0. */
    public static final String IS_LEADER_METRIC = "corral.leader.is_leader";

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElector.class);

    private final ResourceClient<Lease> leases;
    private final LeaderElectionConfig config;
    private final LeaderCallbacks callbacks;
    private final Counter transitions;
    private final Object lock = new Object();

    // guarded by lock
    private LeaseSpec observedSpec;
    private Instant observedTime;
    private volatile String observedHolder;
    private volatile LeaderContext term;
    private ScheduledExecutorService loop;
    private boolean closed;

    private volatile boolean leading;

    /**
     * An elector (not started).
     *
     * @param leases    the client of {@link Lease}s; the lease's namespace comes from the configuration
     * @param config    the settings
     * @param callbacks what to tell the host
     * @param registry  where to report metrics
     */
    public LeaderElector(ResourceClient<Lease> leases, LeaderElectionConfig config, LeaderCallbacks callbacks,
                         MeterRegistry registry) {
        this.leases = Objects.requireNonNull(leases, "leases").inNamespace(config.leaseNamespace());
        this.config = Objects.requireNonNull(config, "config");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        Tags tags = Tags.of("lease", config.lease(), "identity", config.identity());
        this.transitions = Counter.builder(TRANSITIONS_METRIC).tags(tags)
                .description("Changes of the lease's holder observed by this candidate").register(registry);
        Gauge.builder(IS_LEADER_METRIC, this, e -> e.leading ? 1 : 0).tags(tags)
                .description("1 while this candidate holds the lease").register(registry);
    }

    /** The settings. */
    public LeaderElectionConfig config() {
        return config;
    }

    /** Starts trying to acquire (and then renewing) every {@code retryPeriod} on a thread of its own. */
    public void start() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the elector of " + config.lease() + " is closed");
            }
            if (loop != null) {
                return;
            }
            loop = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "corral-leader-" + config.leaseName());
                t.setDaemon(true);
                return t;
            });
            loop.scheduleWithFixedDelay(this::safeTick, 0, config.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Whether this elector leads now (and its term is still safe to act on). */
    public boolean isLeader() {
        LeaderContext t = currentTerm();
        return t != null && t.isStillLeader();
    }

    /** The current term, or empty when not leading. */
    public Optional<LeaderContext> context() {
        return Optional.ofNullable(currentTerm());
    }

    /** The holder last observed (possibly this elector), or null when none was seen yet or the lease is released. */
    public String observedLeader() {
        return observedHolder;
    }

    private LeaderContext currentTerm() {
        return term;
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("leader election on {} failed a round: {}", config.lease(), e.toString());
        }
    }

    /** What one attempt to acquire or renew found. */
    enum Attempt { HELD, HELD_BY_OTHER, FAILED }

    /**
     * One round: acquire when not leading, renew when leading, and end the term when the lease was
     * lost or not renewed in time. Called by the loop every {@code retryPeriod}; tests call it
     * directly on a virtual clock.
     *
     * @return whether this elector leads after the round
     */
    boolean tick() {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            Instant start = config.clock().instant();
            Attempt attempt = tryAcquireOrRenew(start);
            if (term == null) {
                if (attempt == Attempt.HELD) {
                    startTerm(start);
                }
            } else if (attempt == Attempt.HELD) {
                term.renewed(start);
                if (!term.isStillLeader()) {
                    // the renewal came too late: this term was already given up; the next round starts a new one
                    endTerm();
                }
            } else if (attempt == Attempt.HELD_BY_OTHER) {
                LOG.warn("{} lost lease {} to {}", config.identity(), config.lease(), observedHolder);
                endTerm();
            } else if (!term.isStillLeader()) {
                LOG.warn("{} could not renew lease {} within {}; stepping down", config.identity(), config.lease(),
                        config.renewDeadline());
                endTerm();
            }
            return term != null;
        }
    }

    private Attempt tryAcquireOrRenew(Instant now) {
        Optional<Lease> found;
        try {
            found = leases.get(config.leaseName());
        } catch (RuntimeException e) {
            // ApiException, or the store's own failure (e.g. a member shutting down): a failed round
            LOG.debug("cannot read lease {}: {}", config.lease(), e.getMessage());
            return Attempt.FAILED;
        }
        int durationSeconds = (int) Math.max(1, config.leaseDuration().toSeconds());
        if (found.isEmpty()) {
            LeaseSpec spec = new LeaseSpec(config.identity(), durationSeconds, now, now, 0);
            try {
                Lease created = leases.create(Lease.builder()
                        .metadata(ObjectMeta.of(config.leaseNamespace(), config.leaseName())).spec(spec).build());
                observe(created.spec(), now);
                return Attempt.HELD;
            } catch (RuntimeException e) {
                LOG.debug("cannot create lease {}: {}", config.lease(), e.getMessage());
                return Attempt.FAILED;
            }
        }
        Lease current = found.get();
        LeaseSpec old = current.spec() == null ? new LeaseSpec(null, null, null, null, null) : current.spec();
        if (!old.equals(observedSpec)) {
            observe(old, now);
        }
        String holder = old.holderIdentity();
        boolean mine = config.identity().equals(holder);
        boolean free = holder == null || holder.isEmpty();
        if (!mine && !free) {
            Duration held = Duration.ofSeconds(old.leaseDurationSeconds() == null ? durationSeconds : old.leaseDurationSeconds());
            if (observedTime.plus(held).isAfter(now)) {
                return Attempt.HELD_BY_OTHER;
            }
        }
        if (!mine && term != null) {
            // our term ended on the server (expired and taken, or released by someone): never re-acquire silently
            return Attempt.HELD_BY_OTHER;
        }
        int previousTransitions = old.leaseTransitions() == null ? 0 : old.leaseTransitions();
        LeaseSpec next = mine
                ? new LeaseSpec(holder, durationSeconds, old.acquireTime() == null ? now : old.acquireTime(), now,
                previousTransitions)
                : new LeaseSpec(config.identity(), durationSeconds, now, now, previousTransitions + 1);
        try {
            Lease updated = leases.update(current.withSpec(next));
            observe(updated.spec(), now);
            return Attempt.HELD;
        } catch (RuntimeException e) {
            if (e instanceof ApiException api && api.reason() == StatusReason.CONFLICT) {
                LOG.debug("{} lost the race for lease {}", config.identity(), config.lease());
            } else {
                LOG.debug("cannot update lease {}: {}", config.lease(), e.getMessage());
            }
            return Attempt.FAILED;
        }
    }

    private void observe(LeaseSpec spec, Instant now) {
        observedSpec = spec;
        observedTime = now;
        String holder = spec == null || spec.holderIdentity() == null || spec.holderIdentity().isEmpty()
                ? null : spec.holderIdentity();
        if (holder != null && !holder.equals(observedHolder)) {
            transitions.increment();
            observedHolder = holder;
            LOG.info("lease {} is held by {}", config.lease(), holder);
            call("onNewLeader", () -> callbacks.onNewLeader(holder));
        } else if (holder == null) {
            observedHolder = null;
        }
    }

    private void startTerm(Instant start) {
        long token = observedSpec.leaseTransitions() == null ? 0 : observedSpec.leaseTransitions();
        term = new LeaderContext(config.identity(), config.lease(), token, start, config.renewDeadline(),
                () -> config.clock().instant());
        leading = true;
        LOG.info("{} became leader of {} (fencing token {})", config.identity(), config.lease(), token);
        LeaderContext context = term;
        call("onStartedLeading", () -> callbacks.onStartedLeading(context));
    }

    private void endTerm() {
        term.end();
        term = null;
        leading = false;
        call("onStoppedLeading", callbacks::onStoppedLeading);
    }

    private void call(String name, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("{} callback of lease {} failed", name, config.lease(), e);
        }
    }

    /**
     * Stops the election: ends the term if leading ({@code onStoppedLeading}) and then releases the
     * lease (best effort: a failed release only means successors wait for expiry). Idempotent.
     */
    @Override
    public void close() {
        ScheduledExecutorService l;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            l = loop;
            loop = null;
        }
        if (l != null) {
            l.shutdownNow();
            try {
                l.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            if (term != null) {
                endTerm();
                release();
            }
        }
    }

    private void release() {
        try {
            Optional<Lease> current = leases.get(config.leaseName());
            if (current.isEmpty() || current.get().spec() == null
                    || !config.identity().equals(current.get().spec().holderIdentity())) {
                return;
            }
            LeaseSpec old = current.get().spec();
            Instant now = config.clock().instant();
            leases.update(current.get().withSpec(new LeaseSpec(null, 1, now, now, old.leaseTransitions())));
            LOG.info("{} released lease {}", config.identity(), config.lease());
        } catch (RuntimeException e) {
            LOG.info("{} could not release lease {} ({}); successors wait for it to expire", config.identity(),
                    config.lease(), e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "LeaderElector[" + config.lease() + ", " + config.identity() + (leading ? ", leading]" : "]");
    }
}
