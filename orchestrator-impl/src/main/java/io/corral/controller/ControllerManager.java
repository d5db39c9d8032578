package io.corral.controller;

import io.corral.api.client.CorralClient;
import io.corral.controller.daemonset.DaemonSetController;
import io.corral.controller.deployment.DeploymentController;
import io.corral.controller.gc.GarbageCollector;
import io.corral.controller.job.JobController;
import io.corral.controller.replicaset.ReplicaSetController;
import io.corral.controller.statefulset.StatefulSetController;
import io.corral.controller.volume.VolumeBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a set of {@link Controller}s on shared informers: kube-controller-manager's loop.
 *
 * <p>{@link #start()} makes fresh controller instances, one {@link WorkQueue} each, the shared
 * {@link Informers}, starts the informers and, once they have synced (in the background), the
 * workers. {@link #stop()} ends all of that; a stopped manager may be started again, so a leader
 * election callback can call {@code start()} on gaining leadership and {@code stop()} on losing it.
 * Both are idempotent and thread-safe. The client is not owned.
 *
 * <p>Metrics: {@code corral.controller.reconcile} (timer, tags {@code controller}, {@code outcome} =
 * {@code success}|{@code error}) and {@code corral.controller.queue.depth} (gauge, tag {@code controller}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ControllerManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

    private final CorralClient client;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration resync;
    private final List<Supplier<Controller>> factories;
    private Run run;

    private ControllerManager(Builder b) {
        this.client = b.client;
        this.meters = b.meters;
        this.clock = b.clock;
        this.resync = b.resync;
        this.factories = List.copyOf(b.factories);
    }

    /** A builder of a manager writing through {@code client} and reporting on {@code meters}. */
    public static Builder builder(CorralClient client, MeterRegistry meters) {
        return new Builder(client, meters);
    }

    /** Starts the controllers (see the class doc); no-op when running. */
    public void start() {
        start(() -> true);
    }

    /**
     * Starts the controllers, which reconcile a key only while {@code mayAct} answers true (a leader's
     * {@code LeaderContext::isStillLeader}): once it is false, keys are dropped unreconciled until
     * {@link #stop()}, and the next start lists everything afresh. No-op when running.
     */
    public synchronized void start(BooleanSupplier mayAct) {
        Objects.requireNonNull(mayAct, "mayAct");
        if (run != null) {
            return;
        }
        run = new Run(mayAct);
        run.start();
        LOG.info("controller manager started: {}", run.names());
    }

    /** Stops the controllers and informers; no-op when stopped. */
    public synchronized void stop() {
        if (run == null) {
            return;
        }
        run.stop();
        run = null;
        LOG.info("controller manager stopped");
    }

    /** True between {@link #start()} and {@link #stop()}. */
    public synchronized boolean running() {
        return run != null;
    }

    /** True once the current run's informers have synced and its workers run. */
    public synchronized boolean ready() {
        return run != null && run.ready;
    }

    @Override
    public void close() {
        stop();
    }

    /** One leadership term: everything made by a start and ended by the stop. */
    private final class Run {
        final Informers informers = new Informers(client, resync);
        final ControllerEvents events = new ControllerEvents(client, clock);
        final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "corral-controller-timers"));
        final ExecutorService writers = Executors.newFixedThreadPool(16, new Counter("corral-controller-writer"));
        final List<Controller> controllers = new ArrayList<>();
        final List<WorkQueue> queues = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        final List<io.micrometer.core.instrument.Meter> gauges = new ArrayList<>();
        final BooleanSupplier mayAct;
        volatile boolean stopped;
        volatile boolean ready;

        Run(BooleanSupplier mayAct) {
            this.mayAct = mayAct;
        }

        void start() {
            ControllerContext ctx = new ControllerContext(client, informers, events, clock, writers, meters);
            for (Supplier<Controller> f : factories) {
                Controller c = f.get();
                WorkQueue q = new WorkQueue(timers, c.baseDelay(), WorkQueue.DEFAULT_MAX_DELAY);
                c.register(ctx, q);
                controllers.add(c);
                queues.add(q);
            }
            informers.start();
            Thread starter = new Thread(this::awaitSyncThenWork, "corral-controller-start");
            starter.setDaemon(true);
            threads.add(starter);
            starter.start();
        }

        List<String> names() {
            return controllers.stream().map(Controller::name).toList();
        }

        private void awaitSyncThenWork() {
            try {
                while (!informers.hasSynced()) {
                    if (stopped) {
                        return;
                    }
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (stopped) {
                    return;
                }
                for (int i = 0; i < controllers.size(); i++) {
                    Controller c = controllers.get(i);
                    WorkQueue q = queues.get(i);
                    gauges.add(q.bindTo(meters, c.name()));
                    Timer ok = Timer.builder("corral.controller.reconcile").tag("controller", c.name())
                            .tag("outcome", "success").register(meters);
                    Timer failed = Timer.builder("corral.controller.reconcile").tag("controller", c.name())
                            .tag("outcome", "error").register(meters);
                    c.started();
                    for (int w = 0; w < c.workers(); w++) {
                        Thread t = new Thread(() -> work(c, q, ok, failed), "corral-controller-" + c.name() + "-" + w);
                        t.setDaemon(true);
                        threads.add(t);
                        t.start();
                    }
                }
                ready = true;
            }
        }

        private void work(Controller c, WorkQueue q, Timer ok, Timer failed) {
            while (!stopped) {
                String key;
                try {
                    key = q.get();
                } catch (InterruptedException e) {
                    return;
                }
                if (key == null) {
                    return;
                }
                if (!mayAct.getAsBoolean()) {
                    // the term is over and stop() is on its way; the next term re-lists every object
                    q.done(key);
                    continue;
                }
                long t0 = System.nanoTime();
                try {
                    c.reconcile(key);
                    q.forget(key);
                    ok.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception | LinkageError e) {
                    failed.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                    if (!stopped) {
                        int n = q.failures(key);
                        if (n < 3) {
                            LOG.debug("{}: reconcile of {} failed, retrying: {}", c.name(), key, e.toString());
                        } else {
                            LOG.warn("{}: reconcile of {} failed {} times, retrying with back-off", c.name(), key, n + 1, e);
                        }
                        q.addRateLimited(key);
                    }
                } finally {
                    q.done(key);
                }
            }
        }

        void stop() {
            synchronized (this) {
                stopped = true;
            }
            queues.forEach(WorkQueue::shutDown);
            synchronized (this) {
                gauges.forEach(meters::remove);
            }
            timers.shutdownNow();
            writers.shutdownNow();
            informers.close();
            events.close();
            for (Thread t : threads) {
                t.interrupt();
            }
            for (Thread t : threads) {
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private record Counter(String prefix, AtomicInteger n) implements java.util.concurrent.ThreadFactory {
        Counter(String prefix) {
            this(prefix, new AtomicInteger());
        }

        @Override
        public Thread newThread(Runnable r) {
            return daemon(r, prefix + "-" + n.incrementAndGet());
        }
    }

    /** Options of a manager. */
    public static final class Builder {
        private final CorralClient client;
        private final MeterRegistry meters;
        private Clock clock = Clock.systemUTC();
        private Duration resync = Duration.ofMinutes(5);
        private final List<Supplier<Controller>> factories = new ArrayList<>();

        private Builder(CorralClient client, MeterRegistry meters) {
            this.client = Objects.requireNonNull(client, "client");
            this.meters = Objects.requireNonNull(meters, "meters");
        }

        /** The clock controllers read (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How often informers re-deliver every object, so controllers re-check their world (default 5 min). */
        public Builder resyncPeriod(Duration period) {
            this.resync = period;
            return this;
        }

        /** Adds a controller; {@code factory} makes a fresh instance for every start. */
        public Builder controller(Supplier<Controller> factory) {
            factories.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /**
         * Adds the built-in controllers: ReplicaSet, ReplicationController, Deployment, Job, StatefulSet,
         * DaemonSet, the volume binder and the garbage collector.
         */
        public Builder defaultControllers() {
            controller(ReplicaSetController::forReplicaSets);
            controller(ReplicaSetController::forReplicationControllers);
            controller(DeploymentController::new);
            controller(JobController::new);
            controller(StatefulSetController::new);
            controller(DaemonSetController::new);
            controller(VolumeBinder::new);
            controller(GarbageCollector::new);
            return this;
        }

        public ControllerManager build() {
            return new ControllerManager(this);
        }
    }
}
