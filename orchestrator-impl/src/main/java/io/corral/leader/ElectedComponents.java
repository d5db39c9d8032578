package io.corral.leader;

import io.corral.api.client.ResourceClient;
import io.corral.api.model.coordination.Lease;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Components that run only while this candidate holds a lease: kube-controller-manager's pattern
 * (every member campaigns, only the leader acts). A {@link LeaderElector} campaigns for the lease;
 * when it leads, the components are started in the order they were added, each given the term;
 * when the term ends (lease lost, not renewed within the renew deadline, or {@link #close()}),
 * they are stopped in reverse order. A candidate that leads again later starts them again, so a
 * component must support start, stop, start... and must not carry state over from an older term.
 *
 * <p>Starts and stops run on a thread of this object, one at a time, in the order the election
 * decided them, so the elector's callbacks return at once and can keep renewing. A component that
 * fails to start is logged and left out of that term (the others run); a component should also
 * check {@link LeaderContext#isStillLeader()} before its writes, which closes the window between
 * the end of a term and its stop.
 *
 * <p>Metrics on the given registry: the elector's ({@value LeaderElector#IS_LEADER_METRIC},
 * {@value LeaderElector#TRANSITIONS_METRIC}) and gauge {@value #RUNNING_METRIC} (1 while the
 * component runs on this candidate, else 0), tagged {@code lease}, {@code identity} and {@code component}.
 *
 * <p>Thread-safe; {@link #close()} is idempotent, stops the components and releases the lease.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ElectedComponents implements AutoCloseable {
    /** Gauge: 1 while the component runs on this candidate (as leader), else 0. */
    public static final String RUNNING_METRIC = "corral.leader.component.running";

    private static final Logger LOG = LoggerFactory.getLogger(ElectedComponents.class);
    private static final long STOP_WAIT_SECONDS = 30;

    /** Something that runs only while leading. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public interface Component {
        /**
         * Starts acting for {@code term}; called on the components' thread, never while running.
         *
         * @throws Exception when it cannot start: logged, and the component does not run this term
         */
        void start(LeaderContext term) throws Exception;

        /** Stops acting; called once after every successful {@link #start}, on the components' thread. */
        void stop() throws Exception;
    }

    private record Entry(String name, Component component, boolean[] running) {
    }

    private final LeaderElector elector;
    private final List<Entry> components;
    private final ExecutorService worker;
    private final AtomicLong terms = new AtomicLong();
    private final Object lifecycle = new Object();
    private volatile LeaderContext term;
    private volatile boolean closing;
    private boolean started;
    private boolean closed;

    private ElectedComponents(Builder b) {
        this.components = List.copyOf(b.components);
        MeterRegistry registry = b.registry != null ? b.registry : new SimpleMeterRegistry();
        String threadName = "corral-elected-" + b.config.leaseName();
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        for (Entry e : components) {
            Gauge.builder(RUNNING_METRIC, e.running(), r -> {
                        synchronized (r) {
                            return r[0] ? 1 : 0;
                        }
                    })
                    .tags("lease", b.config.lease(), "identity", b.config.identity(), "component", e.name())
                    .description("1 while the component runs on this candidate as leader").register(registry);
        }
        this.elector = new LeaderElector(b.leases, b.config, new LeaderCallbacks() {
            @Override
            public void onStartedLeading(LeaderContext context) {
                term = context;
                worker.execute(() -> startAll(context));
            }

            @Override
            public void onStoppedLeading() {
                term = null;
                Future<?> stopping = worker.submit(ElectedComponents.this::stopAll);
                if (closing) {
                    // close() releases the lease right after this returns: the components stop first, so
                    // that a successor never starts while they still run here
                    awaitStop(stopping);
                }
            }
        }, registry);
    }

    /**
     * A builder campaigning on the lease of {@code config} through {@code leases}.
     *
     * @param leases the client of leases (not closed by this object)
     * @param config the election's settings: lease, identity, timings
     */
    public static Builder builder(ResourceClient<Lease> leases, LeaderElectionConfig config) {
        return new Builder(leases, config);
    }

    /** Starts campaigning; returns at once. Idempotent. */
    public ElectedComponents start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the elected components of " + elector.config().lease() + " are closed");
            }
            if (started) {
                return this;
            }
            started = true;
        }
        elector.start();
        return this;
    }

    /** Whether this candidate leads now (its term is still safe to act on). */
    public boolean isLeader() {
        LeaderContext t = term;
        return t != null && t.isStillLeader();
    }

    /** The current term, or empty when not leading. */
    public Optional<LeaderContext> context() {
        return Optional.ofNullable(term);
    }

    /** The election. */
    public LeaderElector elector() {
        return elector;
    }

    /** How many terms this candidate has started its components for. */
    public long termsLed() {
        return terms.get();
    }

    /** The names of the components, in start order. */
    public List<String> componentNames() {
        return components.stream().map(Entry::name).toList();
    }

    /** Whether the named component runs here now. */
    public boolean isRunning(String component) {
        for (Entry e : components) {
            if (e.name().equals(component)) {
                synchronized (e.running()) {
                    return e.running()[0];
                }
            }
        }
        throw new IllegalArgumentException("component: no component named '" + component + "' (have " + componentNames() + ")");
    }

    private void startAll(LeaderContext context) {
        long t0 = System.nanoTime();
        List<String> startedNames = new ArrayList<>();
        for (Entry e : components) {
            if (term != context || !context.isStillLeader()) {
                LOG.info("{}: term {} of {} ended while starting its components", context.identity(), context.fencingToken(),
                        context.lease());
                break;
            }
            try {
                e.component().start(context);
                setRunning(e, true);
                startedNames.add(e.name());
            } catch (Exception ex) {
                LOG.error("{}: component {} could not start as leader of {}", context.identity(), e.name(), context.lease(), ex);
            }
        }
        terms.incrementAndGet();
        LOG.info("{} leads {} (term {}): started {} in {} ms", context.identity(), context.lease(), context.fencingToken(),
                startedNames, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private void stopAll() {
        List<String> stopped = new ArrayList<>();
        for (int i = components.size() - 1; i >= 0; i--) {
            Entry e = components.get(i);
            boolean running;
            synchronized (e.running()) {
                running = e.running()[0];
            }
            if (!running) {
                continue;
            }
            try {
                e.component().stop();
            } catch (Exception ex) {
                LOG.warn("{}: component {} did not stop cleanly", elector.config().identity(), e.name(), ex);
            }
            setRunning(e, false);
            stopped.add(e.name());
        }
        if (!stopped.isEmpty()) {
            LOG.info("{} no longer leads {}: stopped {}", elector.config().identity(), elector.config().lease(), stopped);
        }
    }

    private void awaitStop(Future<?> stopping) {
        try {
            stopping.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("components of {} did not stop within {} s before the lease is released", elector.config().lease(),
                    STOP_WAIT_SECONDS, e);
        }
    }

    private static void setRunning(Entry e, boolean value) {
        synchronized (e.running()) {
            e.running()[0] = value;
        }
    }

    /**
     * Stops the components (waiting up to 30 s for them), then releases the lease so that another
     * candidate takes over at once. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        closing = true;
        elector.close(); // ends the term first (the components stop), then releases the lease
        worker.shutdown();
        try {
            if (!worker.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("components of {} did not stop within {} s", elector.config().lease(), STOP_WAIT_SECONDS);
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.shutdownNow();
        }
    }

    /** Builds {@link ElectedComponents}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final ResourceClient<Lease> leases;
        private final LeaderElectionConfig config;
        private final List<Entry> components = new ArrayList<>();
        private MeterRegistry registry;

        private Builder(ResourceClient<Lease> leases, LeaderElectionConfig config) {
            this.leases = Objects.requireNonNull(leases, "leases");
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The host's registry; by default a private one. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Adds a component, started after the ones added before it and stopped before them.
         *
         * @throws IllegalArgumentException when the name is empty or taken
         */
        public Builder component(String name, Component component) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("component name must not be empty");
            }
            if (components.stream().anyMatch(e -> e.name().equals(name))) {
                throw new IllegalArgumentException("component name '" + name + "' is taken");
            }
            components.add(new Entry(name, Objects.requireNonNull(component, "component"), new boolean[1]));
            return this;
        }

        /** Adds a component from a start and a stop action. */
        public Builder component(String name, Consumer<LeaderContext> start, Runnable stop) {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(stop, "stop");
            return component(name, new Component() {
                @Override
                public void start(LeaderContext term) {
                    start.accept(term);
                }

                @Override
                public void stop() {
                    stop.run();
                }
            });
        }

        public ElectedComponents build() {
            return new ElectedComponents(this);
        }
    }
}
