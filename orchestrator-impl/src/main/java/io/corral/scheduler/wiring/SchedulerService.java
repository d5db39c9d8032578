package io.corral.scheduler.wiring;

import io.corral.api.client.CorralClient;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.EventSource;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.ObjectReference;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.leader.LeaderCallbacks;
import io.corral.leader.LeaderContext;
import io.corral.leader.LeaderElectionConfig;
import io.corral.leader.LeaderElector;
import io.corral.scheduler.EventRecorder;
import io.corral.scheduler.Scheduler;
import io.corral.scheduler.SchedulerProfile;
import io.corral.scheduler.VolumeLookup;
import io.corral.scheduler.plugins.DefaultPlugins;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler of a cluster, as one member runs it: kube-scheduler's main loop around the
 * {@link Scheduler} core.
 *
 * <ul>
 *   <li><b>Inputs.</b> Informers on pods, nodes, persistent volume claims and volumes (all
 *       namespaces) run on every member from {@link #start()}, leader or not, so a member that
 *       takes over starts with a warm cache (as kube-scheduler starts its informers before it
 *       campaigns). Unscheduled pods of this {@code schedulerName} (default
 *       {@value SchedulerProfile#DEFAULT_SCHEDULER_NAME}) are queued; assigned pods are counted on
 *       their nodes.</li>
 *   <li><b>Leadership.</b> Every member campaigns for the lease {@value #LEASE_NAMESPACE}/{@value #LEASE_NAME};
 *       only the holder schedules. It starts scheduling once its informers have synced and stops
 *       when the term ends.</li>
 *   <li><b>Binding.</b> A pod is bound by an optimistic-concurrency update of the pod that sets
 *       {@code spec.nodeName} only if it is still unset and the pod is the one that was scheduled
 *       (same uid); otherwise {@code CONFLICT}. Before each binding the service checks
 *       {@link LeaderContext#isStillLeader()} and refuses to write when the term is over or not
 *       renewed within the renew deadline. See {@code docs/decisions/0004-leader-election.md}.</li>
 *   <li><b>Outputs.</b> {@code Event} objects ({@code Scheduled}, {@code FailedScheduling},
 *       {@code DeadlineExceeded}) from component {@value SchedulerProfile#DEFAULT_SCHEDULER_NAME},
 *       written only while leading; pods whose {@code activeDeadlineSeconds} passed before they were
 *       placed get {@code status.phase=Failed}, {@code reason=DeadlineExceeded}. Counter
 *       {@value #BINDINGS_METRIC} tagged {@code result} = {@code bound | conflict | not_leader | error}.</li>
 * </ul>
 *
 * <p>Thread-safe; {@link #close()} is idempotent and releases the lease, so another member takes
 * over without waiting for it to expire. The client is not closed.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SchedulerService implements AutoCloseable {
    /** The namespace of the scheduler's lease. */
    public static final String LEASE_NAMESPACE = "kube-system";
    /** The name of the scheduler's lease. */
    public static final String LEASE_NAME = "corral-scheduler";
    /** Counter of binding attempts by result. */
    public static final String BINDINGS_METRIC = "corral.scheduler.bindings";

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerService.class);
    private static final int EVENT_BACKLOG = 10_000;

    private final CorralClient client;
    private final String identity;
    private final Clock clock;
    private final Scheduler scheduler;
    private final LeaderElector elector;
    private final SharedInformer<Pod> pods;
    private final SharedInformer<Node> nodes;
    private final SharedInformer<PersistentVolumeClaim> claims;
    private final SharedInformer<PersistentVolume> volumes;
    private final ExecutorService bindPool;
    private final ThreadPoolExecutor writer;
    private final ExecutorService starter;
    private final Counter bound;
    private final Counter conflicts;
    private final Counter notLeader;
    private final Counter errors;
    private final AtomicLong boundCount = new AtomicLong();
    private final AtomicLong eventSeq = new AtomicLong();
    private final Object lifecycle = new Object();
    private volatile LeaderContext term;
    private boolean started;
    private boolean closed;

    private SchedulerService(Builder b) {
        this.client = b.client;
        this.identity = b.identity;
        this.clock = b.clock;
        MeterRegistry registry = b.registry != null ? b.registry : new SimpleMeterRegistry();
        this.pods = SharedInformer.of(client.pods());
        this.nodes = SharedInformer.of(client.nodes());
        this.claims = SharedInformer.of(client.persistentVolumeClaims());
        this.volumes = SharedInformer.of(client.persistentVolumes());
        VolumeLookup lookup = new VolumeLookup() {
            @Override
            public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
                return claims.indexer().get(namespace, name);
            }

            @Override
            public Optional<PersistentVolume> volume(String name) {
                return volumes.indexer().get(null, name);
            }
        };
        this.bindPool = Executors.newFixedThreadPool(b.bindThreads, daemon("corral-scheduler-bind"));
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(EVENT_BACKLOG),
                daemon("corral-scheduler-events"), (task, pool) -> LOG.warn("event backlog full; dropping an event"));
        this.starter = Executors.newSingleThreadExecutor(daemon("corral-scheduler-starter"));
        this.bound = bindings(registry, "bound");
        this.conflicts = bindings(registry, "conflict");
        this.notLeader = bindings(registry, "not_leader");
        this.errors = bindings(registry, "error");
        this.scheduler = Scheduler.builder().profile(b.profile.apply(lookup)).binder(this::bind)
                .eventRecorder(this::record).failureHandler(this::fail).meterRegistry(registry).clock(clock).build();
        LeaderElectionConfig config = b.election.lease(LEASE_NAMESPACE, LEASE_NAME).identity(identity).build();
        this.elector = new LeaderElector(client.leases(), config, new LeaderCallbacks() {
            @Override
            public void onStartedLeading(LeaderContext context) {
                startedLeading(context);
            }

            @Override
            public void onStoppedLeading() {
                stoppedLeading();
            }
        }, registry);
        pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                scheduler.onPodAdd(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                scheduler.onPodUpdate(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                scheduler.onPodDelete(pod);
            }
        });
        nodes.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                scheduler.onNodeAdd(node);
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                scheduler.onNodeUpdate(oldNode, newNode);
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                scheduler.onNodeDelete(node);
            }
        });
        claims.addEventHandler(wakeOn("PvcChange"));
        volumes.addEventHandler(wakeOn("PvChange"));
    }

    private static Counter bindings(MeterRegistry registry, String result) {
        return Counter.builder(BINDINGS_METRIC).tag("result", result).description("Binding attempts by result").register(registry);
    }

    private <T extends io.corral.api.model.meta.KubernetesObject<T>> ResourceEventHandler<T> wakeOn(String event) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                scheduler.queue().moveAllToActive(event);
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                scheduler.queue().moveAllToActive(event);
            }
        };
    }

    /**
     * A builder over {@code client}, which the service uses for everything (and does not close).
     * The identity is required.
     */
    public static Builder builder(CorralClient client) {
        return new Builder(client);
    }

    /** Starts the informers and the campaign for the lease; returns at once. Idempotent. */
    public SchedulerService start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the scheduler service is closed");
            }
            if (started) {
                return this;
            }
            started = true;
        }
        nodes.start();
        claims.start();
        volumes.start();
        pods.start();
        elector.start();
        return this;
    }

    /** This member's identity in the election. */
    public String identity() {
        return identity;
    }

    /** Whether this member holds the lease now (and so schedules). */
    public boolean isLeader() {
        LeaderContext t = term;
        return t != null && t.isStillLeader();
    }

    /** The election this service campaigns in. */
    public LeaderElector elector() {
        return elector;
    }

    /** The scheduler core (for its cache, queue and metrics). */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** How many pods this member has bound since it started. */
    public long boundCount() {
        return boundCount.get();
    }

    /** Whether every informer has listed once. */
    public boolean hasSynced() {
        return pods.hasSynced() && nodes.hasSynced() && claims.hasSynced() && volumes.hasSynced();
    }

    // ---- leadership -----------------------------------------------------------------------------

    private void startedLeading(LeaderContext context) {
        term = context;
        starter.execute(() -> {
            try {
                while (!hasSynced() && context.isStillLeader()) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (lifecycle) {
                if (term == context && context.isStillLeader() && !closed) {
                    scheduler.start();
                    LOG.info("{} schedules (term {})", identity, context.fencingToken());
                }
            }
        });
    }

    private void stoppedLeading() {
        synchronized (lifecycle) {
            term = null;
            scheduler.stop();
        }
        LOG.info("{} stopped scheduling", identity);
    }

    // ---- edges of the core ----------------------------------------------------------------------

    private CompletionStage<Void> bind(Pod pod, String nodeName) {
        LeaderContext context = term;
        return CompletableFuture.runAsync(() -> {
            if (context == null || !context.isStillLeader()) {
                notLeader.increment();
                throw new ApiException(StatusReason.CONFLICT, "not binding pod " + key(pod) + ": " + identity
                        + " is no longer the scheduler's leader");
            }
            try {
                client.pods().inNamespace(pod.metadata().namespace()).edit(pod.metadata().name(), current -> {
                    if (!Objects.equals(current.metadata().uid(), pod.metadata().uid())) {
                        throw ApiException.conflict("pods", pod.metadata().name(), "the pod was replaced (uid "
                                + current.metadata().uid() + ", scheduled " + pod.metadata().uid() + ")");
                    }
                    String assigned = current.spec() == null ? null : current.spec().nodeName();
                    if (assigned != null && !assigned.isEmpty()) {
                        throw ApiException.conflict("pods", pod.metadata().name(), "pod " + key(pod)
                                + " is already assigned to node \"" + assigned + "\"");
                    }
                    return current.withSpec(current.spec().toBuilder().nodeName(nodeName).build());
                });
                bound.increment();
                boundCount.incrementAndGet();
            } catch (ApiException e) {
                (e.reason() == StatusReason.CONFLICT ? conflicts : errors).increment();
                throw e;
            } catch (RuntimeException e) {
                errors.increment();
                throw e;
            }
        }, bindPool);
    }

    private void record(Pod pod, String type, String reason, String message) {
        if (!isLeader()) {
            return; // standbys see the same pods; only the leader speaks about them
        }
        writer.execute(() -> createEvent(pod, type, reason, message));
    }

    private void createEvent(Pod pod, String type, String reason, String message) {
        Instant now = clock.instant();
        String ns = pod.metadata().namespace();
        String name = pod.metadata().name() + "." + Long.toHexString(now.toEpochMilli() * 1_000_000L + eventSeq.incrementAndGet() % 1_000_000L);
        Event event = Event.builder()
                .metadata(ObjectMeta.of(ns, name))
                .involvedObject(new ObjectReference("Pod", ns, pod.metadata().name(), pod.metadata().uid(), "v1",
                        pod.metadata().resourceVersion(), null))
                .reason(reason).message(message).type(type)
                .source(new EventSource(SchedulerProfile.DEFAULT_SCHEDULER_NAME, null))
                .firstTimestamp(now).lastTimestamp(now).count(1)
                .reportingComponent(SchedulerProfile.DEFAULT_SCHEDULER_NAME).reportingInstance(identity)
                .build();
        try {
            client.events().inNamespace(ns).create(event);
        } catch (ApiException e) {
            LOG.debug("cannot record event {} about {}: {}", reason, key(pod), e.getMessage());
        }
    }

    private void fail(Pod pod, String reason, String message) {
        if (!isLeader()) {
            return;
        }
        writer.execute(() -> {
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    Optional<Pod> current = client.pods().inNamespace(pod.metadata().namespace()).get(pod.metadata().name());
                    if (current.isEmpty() || !Objects.equals(current.get().metadata().uid(), pod.metadata().uid())) {
                        return;
                    }
                    PodStatus status = current.get().status() == null ? PodStatus.builder().build() : current.get().status();
                    if ("Failed".equals(status.phase()) || "Succeeded".equals(status.phase())) {
                        return;
                    }
                    client.pods().inNamespace(pod.metadata().namespace()).updateStatus(current.get().withStatus(
                            status.toBuilder().phase("Failed").reason(reason).message(message).build()));
                    createEvent(pod, EventRecorder.WARNING, reason, message);
                    return;
                } catch (ApiException e) {
                    if (e.reason() != StatusReason.CONFLICT) {
                        LOG.warn("cannot fail pod {}: {}", key(pod), e.getMessage());
                        return;
                    }
                }
            }
        });
    }

    private static String key(Pod pod) {
        return pod.metadata().namespace() + "/" + pod.metadata().name();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Stops scheduling and releases the lease (so another member takes over at once), then stops
     * the informers and threads. Bindings in flight get up to five seconds. Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        elector.close();
        starter.shutdownNow();
        bindPool.shutdown();
        writer.shutdown();
        try {
            bindPool.awaitTermination(5, TimeUnit.SECONDS);
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bindPool.shutdownNow();
        writer.shutdownNow();
        for (AutoCloseable c : List.<AutoCloseable>of(pods, nodes, claims, volumes, scheduler)) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("cannot close {}", c, e);
            }
        }
    }

    /** Builds a {@link SchedulerService}; not thread-safe. */
    public static final class Builder {
        private final CorralClient client;
        private String identity;
        private MeterRegistry registry;
        private Clock clock = Clock.systemUTC();
        private int bindThreads = 8;
        private Function<VolumeLookup, SchedulerProfile> profile = volumes -> DefaultPlugins.profile(volumes).build();
        private final LeaderElectionConfig.Builder election = LeaderElectionConfig.builder();

        private Builder(CorralClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** This member's identity in the election (required, unique among members). */
        public Builder identity(String identity) {
            this.identity = identity;
            return this;
        }

        /** The host's registry; by default a private one. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** The clock of pod deadlines, back-off and event times; system UTC by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The election's timings (defaults 15 s, 10 s, 2 s, as client-go); must satisfy
         * {@code retryPeriod < renewDeadline < leaseDuration}.
         */
        public Builder leaderElection(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
            election.leaseDuration(leaseDuration).renewDeadline(renewDeadline).retryPeriod(retryPeriod);
            return this;
        }

        /** The profile, made from the service's volume lookup; by default {@link DefaultPlugins#profile}. */
        public Builder profile(Function<VolumeLookup, SchedulerProfile> profile) {
            this.profile = Objects.requireNonNull(profile, "profile");
            return this;
        }

        /** Threads writing bindings concurrently (default 8). */
        public Builder bindThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("bindThreads must be at least 1, was " + threads);
            }
            this.bindThreads = threads;
            return this;
        }

        /**
         * Builds the service (not started).
         *
         * @throws IllegalArgumentException when the identity is missing or the timings are out of order
         */
        public SchedulerService build() {
            if (identity == null || identity.isEmpty()) {
                throw new IllegalArgumentException("identity must not be empty");
            }
            election.identity(identity).lease(LEASE_NAMESPACE, LEASE_NAME).build(); // fail early on bad timings
            return new SchedulerService(this);
        }
    }
}
