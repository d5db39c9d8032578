package io.corral.scheduler;

import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeCondition;
import io.corral.api.model.core.Pod;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduling loop: takes pods from the {@link SchedulingQueue}, filters and scores the nodes of a
 * {@link SchedulerCache} snapshot with the {@link SchedulerProfile}'s plugins, assumes the pod on
 * the best node and hands it to the {@link Binder}.
 *
 * <h2>Wiring</h2>
 * Feed it the cluster through the {@code on*} methods (from node and pod informers; they route pods
 * to the cache or the queue and wake unschedulable pods on events that may help them), then
 * {@link #start()} it: it schedules on one thread of its own until {@link #stop()}. Under leader
 * election, call {@link #start()} on gaining the lease and {@link #stop()} on losing it; keep feeding
 * events while stopped, so a new term starts warm. {@link #scheduleOne()} runs a single attempt on
 * the caller's thread instead (tests, benchmarks); do not mix it with a running loop. {@link #close()}
 * stops the loop and the filter threads.
 *
 * <h2>Outputs</h2>
 * Events through the {@link EventRecorder} ({@code Scheduled}: {@code Successfully assigned ns/pod to node};
 * {@code FailedScheduling}: the {@link FitError} message), pods past their deadline through the
 * {@link PodFailureHandler}, and metrics on the given registry: counter {@value #ATTEMPTS_METRIC}
 * with tag {@code result} = {@code scheduled | unschedulable | error}, and timer {@value #LATENCY_METRIC}
 * (from taking the pod off the queue to the binding's outcome) with the same tag, and gauge
 * {@value #PENDING_METRIC} of queued pods by {@code queue} part.
 *
 * <p>Thread-safe: the {@code on*} methods may be called from any thread, concurrently with scheduling.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Scheduler implements AutoCloseable {
    /** Counter of scheduling attempts, tagged {@code result}. */
    public static final String ATTEMPTS_METRIC = "corral.scheduler.attempts";
    /** Timer of scheduling attempts, tagged {@code result}. */
    public static final String LATENCY_METRIC = "corral.scheduler.latency";
    /** Gauge of queued pods, tagged {@code queue} = {@code active | backoff | unschedulable}. */
    public static final String PENDING_METRIC = "corral.scheduler.pending";
    /** Event reason of a successful placement. */
    public static final String SCHEDULED = "Scheduled";
    /** Event reason of a failed attempt. */
    public static final String FAILED_SCHEDULING = "FailedScheduling";

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    private static final int MIN_FEASIBLE_NODES_PERCENTAGE = 5;
    private static final int PARALLEL_CHUNK = 64;

    private enum Result { SCHEDULED, UNSCHEDULABLE, ERROR }

    /** A cycle's answer: a node, or why there is none. */
    private record Decision(String nodeName, FitError error) {
    }

    private final SchedulerProfile profile;
    private final SchedulerCache cache;
    private final SchedulingQueue queue;
    private final Binder binder;
    private final EventRecorder events;
    private final PodFailureHandler failures;
    private final Clock clock;
    private final Random random;
    private final Map<Result, Counter> attempts = new EnumMap<>(Result.class);
    private final Map<Result, Timer> latency = new EnumMap<>(Result.class);
    private final Object lifecycle = new Object();
    private ExecutorService filterPool;
    private Thread loop;
    private volatile boolean running;
    private int nextStartNode;
    private Instant lastExpiryScan = Instant.MIN;

    private Scheduler(Builder b) {
        this.profile = Objects.requireNonNull(b.profile, "profile");
        this.binder = Objects.requireNonNull(b.binder, "binder");
        this.clock = b.clock;
        this.cache = b.cache != null ? b.cache : new SchedulerCache();
        this.queue = b.queue != null ? b.queue : new SchedulingQueue(clock);
        this.events = b.events;
        this.failures = b.failures;
        this.random = b.random;
        MeterRegistry registry = b.registry != null ? b.registry : new SimpleMeterRegistry();
        io.micrometer.core.instrument.Gauge.builder(PENDING_METRIC, queue, SchedulingQueue::activeCount).tag("queue", "active")
                .description("Pods waiting to be scheduled").register(registry);
        io.micrometer.core.instrument.Gauge.builder(PENDING_METRIC, queue, SchedulingQueue::backoffCount).tag("queue", "backoff")
                .description("Pods waiting to be scheduled").register(registry);
        io.micrometer.core.instrument.Gauge.builder(PENDING_METRIC, queue, SchedulingQueue::unschedulableCount)
                .tag("queue", "unschedulable").description("Pods waiting to be scheduled").register(registry);
        for (Result r : Result.values()) {
            String tag = r.name().toLowerCase(java.util.Locale.ROOT);
            attempts.put(r, Counter.builder(ATTEMPTS_METRIC).tag("result", tag)
                    .description("Pod scheduling attempts by result").register(registry));
            latency.put(r, Timer.builder(LATENCY_METRIC).tag("result", tag)
                    .description("Time from taking a pod off the queue to the outcome of its attempt").register(registry));
        }
    }

    /** A builder; {@link Builder#profile} and {@link Builder#binder} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cache this scheduler reads (and assumes pods in). */
    public SchedulerCache cache() {
        return cache;
    }

    /** The queue this scheduler takes pods from. */
    public SchedulingQueue queue() {
        return queue;
    }

    /** The profile. */
    public SchedulerProfile profile() {
        return profile;
    }

    // ---- cluster events -------------------------------------------------------------------------

    /** A node appeared: counted in the cache; unschedulable pods are tried again. */
    public void onNodeAdd(Node node) {
        cache.addNode(node);
        queue.moveAllToActive("NodeAdd");
    }

    /**
     * A node changed. Unschedulable pods are tried again only when something a filter looks at
     * changed (labels, taints, {@code unschedulable}, allocatable, the Ready condition), so node
     * heartbeats do not wake them.
     *
     * @param oldNode the previous version, may be null
     */
    public void onNodeUpdate(Node oldNode, Node newNode) {
        cache.updateNode(newNode);
        if (oldNode == null || schedulingPropertiesChanged(oldNode, newNode)) {
            queue.moveAllToActive("NodeUpdate");
        }
    }

    /** A node went away. */
    public void onNodeDelete(Node node) {
        cache.removeNode(node.metadata().name());
    }

    /**
     * A pod appeared: a pod with a node counts in the cache (confirming an assumed one), an
     * unscheduled pod for this scheduler's {@code schedulerName} is queued, finished pods are ignored.
     */
    public void onPodAdd(Pod pod) {
        try {
            route(pod);
        } catch (RuntimeException e) {
            // e.g. an invalid affinity selector the API should have refused: say so, do not break the informer
            LOG.warn("cannot take pod {} into account: {}", PodInfo.keyOf(pod), e.getMessage());
            events.event(pod, EventRecorder.WARNING, FAILED_SCHEDULING, "Invalid pod: " + e.getMessage());
        }
    }

    private void route(Pod pod) {
        String key = PodInfo.keyOf(pod);
        if (isTerminal(pod)) {
            queue.delete(key);
            if (cache.contains(key)) {
                cache.removePod(key);
                queue.moveAllToActive("AssignedPodDelete");
            }
        } else if (isAssigned(pod)) {
            queue.delete(key);
            cache.addPod(pod);
        } else if (isOurs(pod) && pod.metadata().deletionTimestamp() == null && !cache.contains(key)) {
            queue.add(pod);
        }
    }

    /**
     * A pod changed; routed as {@link #onPodAdd}. A pod that finished frees its node's resources,
     * which wakes unschedulable pods.
     *
     * @param oldPod the previous version, may be null
     */
    public void onPodUpdate(Pod oldPod, Pod newPod) {
        String key = PodInfo.keyOf(newPod);
        if (!isTerminal(newPod) && !isAssigned(newPod) && isOurs(newPod) && !cache.contains(key)) {
            if (newPod.metadata().deletionTimestamp() != null) {
                queue.delete(key);
                return;
            }
            try {
                queue.update(newPod);
            } catch (RuntimeException e) {
                LOG.warn("cannot take pod {} into account: {}", key, e.getMessage());
                events.event(newPod, EventRecorder.WARNING, FAILED_SCHEDULING, "Invalid pod: " + e.getMessage());
            }
            return;
        }
        onPodAdd(newPod);
    }

    /** A pod was deleted: out of the queue, or out of the cache (which wakes unschedulable pods). */
    public void onPodDelete(Pod pod) {
        String key = PodInfo.keyOf(pod);
        queue.delete(key);
        if (cache.contains(key)) {
            cache.removePod(key);
            queue.moveAllToActive("AssignedPodDelete");
        }
    }

    private boolean isOurs(Pod pod) {
        String name = pod.spec() == null ? null : pod.spec().schedulerName();
        return (name == null || name.isEmpty() ? SchedulerProfile.DEFAULT_SCHEDULER_NAME : name).equals(profile.schedulerName());
    }

    private static boolean isAssigned(Pod pod) {
        return pod.spec() != null && pod.spec().nodeName() != null && !pod.spec().nodeName().isEmpty();
    }

    private static boolean isTerminal(Pod pod) {
        String phase = pod.status() == null ? null : pod.status().phase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    static boolean schedulingPropertiesChanged(Node a, Node b) {
        if (!a.metadata().labels().equals(b.metadata().labels())) {
            return true;
        }
        boolean ua = a.spec() != null && Boolean.TRUE.equals(a.spec().unschedulable());
        boolean ub = b.spec() != null && Boolean.TRUE.equals(b.spec().unschedulable());
        if (ua != ub) {
            return true;
        }
        List<?> ta = a.spec() == null ? List.of() : a.spec().taints();
        List<?> tb = b.spec() == null ? List.of() : b.spec().taints();
        if (!ta.equals(tb)) {
            return true;
        }
        Map<?, ?> aa = a.status() == null ? Map.of() : a.status().allocatable();
        Map<?, ?> ab = b.status() == null ? Map.of() : b.status().allocatable();
        return !aa.equals(ab) || !Objects.equals(ready(a), ready(b));
    }

    private static String ready(Node node) {
        if (node.status() == null) {
            return null;
        }
        for (NodeCondition c : node.status().conditions()) {
            if ("Ready".equals(c.type())) {
                return c.status();
            }
        }
        return null;
    }

    // ---- lifecycle ------------------------------------------------------------------------------

    /**
     * Starts scheduling on a thread of its own; nothing when already running. May be called again
     * after {@link #stop()}.
     */
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            loop = new Thread(this::run, "corral-scheduler");
            loop.setDaemon(true);
            loop.start();
            LOG.info("scheduler {} started", profile.schedulerName());
        }
    }

    /**
     * Stops scheduling and waits (up to 10 s) for the attempt in progress to end. Bindings already
     * handed to the {@link Binder} complete as they will. Nothing when not running.
     */
    public void stop() {
        Thread t;
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            t = loop;
            loop = null;
        }
        t.interrupt();
        try {
            t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("scheduler {} stopped", profile.schedulerName());
    }

    /** {@link #stop()}s and ends the filter threads (with {@code parallelism > 1}). */
    @Override
    public void close() {
        stop();
        synchronized (lifecycle) {
            if (filterPool != null) {
                filterPool.shutdownNow();
                filterPool = null;
            }
        }
    }

    private ExecutorService filterPool() {
        if (profile.parallelism() <= 1) {
            return null;
        }
        synchronized (lifecycle) {
            if (filterPool == null) {
                filterPool = Executors.newFixedThreadPool(profile.parallelism() - 1, r -> {
                    Thread t = new Thread(r, "corral-scheduler-filter");
                    t.setDaemon(true);
                    return t;
                });
            }
            return filterPool;
        }
    }

    /** Whether {@link #start()} was called and {@link #stop()} not since. */
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                failExpired();
                QueuedPod pod = queue.pop(Duration.ofSeconds(1));
                if (pod != null) {
                    schedule(pod);
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("scheduling loop error", e);
            }
        }
    }

    /**
     * Runs one attempt on the calling thread: takes the next ready pod (without waiting) and tries to
     * place it. Also fails queued pods past their deadline (at most once a second of clock time).
     *
     * @return what happened, or null when no pod was ready
     */
    public ScheduleResult scheduleOne() {
        failExpired();
        QueuedPod pod = queue.poll();
        return pod == null ? null : schedule(pod);
    }

    private void failExpired() {
        Instant now = clock.instant();
        if (now.isBefore(lastExpiryScan.plusSeconds(1))) {
            return;
        }
        lastExpiryScan = now;
        for (Pod pod : queue.drainExpired()) {
            expire(PodInfo.of(pod));
        }
    }

    private ScheduleResult expire(PodInfo pod) {
        String message = "Pod was active on the node longer than the specified deadline";
        LOG.info("pod {} passed its active deadline before it was scheduled", pod.key());
        failures.fail(pod.pod(), PodFailureHandler.DEADLINE_EXCEEDED, message);
        events.event(pod.pod(), EventRecorder.WARNING, PodFailureHandler.DEADLINE_EXCEEDED, message);
        return new ScheduleResult(pod.key(), ScheduleResult.Outcome.EXPIRED, null, message);
    }

    // ---- the cycle ------------------------------------------------------------------------------

    private ScheduleResult schedule(QueuedPod queued) {
        long start = System.nanoTime();
        PodInfo pod = queued.info();
        Instant deadline = pod.activeDeadline();
        if (deadline != null && !deadline.isAfter(clock.instant())) {
            return expire(pod);
        }
        if (cache.contains(pod.key())) {
            return new ScheduleResult(pod.key(), ScheduleResult.Outcome.SKIPPED, null, null);
        }
        Snapshot snapshot = cache.snapshot();
        Decision decision;
        try {
            decision = snapshot.size() == 0 ? new Decision(null, null) : findNode(pod, snapshot);
        } catch (RuntimeException e) {
            LOG.warn("error scheduling pod {}", pod.key(), e);
            String message = "Error running scheduling plugins: " + e.getMessage();
            events.event(pod.pod(), EventRecorder.WARNING, FAILED_SCHEDULING, message);
            queue.requeueBackoff(queued);
            record(Result.ERROR, start);
            return new ScheduleResult(pod.key(), ScheduleResult.Outcome.ERROR, null, message);
        }
        String nodeName = decision.nodeName();
        if (nodeName == null) {
            String message = decision.error() == null ? "no nodes available to schedule pods" : decision.error().message();
            LOG.debug("pod {} is unschedulable: {}", pod.key(), message);
            events.event(pod.pod(), EventRecorder.WARNING, FAILED_SCHEDULING, message);
            queue.requeueUnschedulable(queued);
            record(Result.UNSCHEDULABLE, start);
            return new ScheduleResult(pod.key(), ScheduleResult.Outcome.UNSCHEDULABLE, null, message);
        }
        try {
            cache.assumePod(pod, nodeName);
        } catch (IllegalStateException e) {
            // the informer reported the pod bound (by someone else) during the cycle
            return new ScheduleResult(pod.key(), ScheduleResult.Outcome.SKIPPED, null, null);
        }
        CompletionStage<Void> bound;
        try {
            bound = Objects.requireNonNull(binder.bind(pod.pod(), nodeName), "Binder.bind returned null");
        } catch (RuntimeException e) {
            bound = CompletableFuture.failedFuture(e);
        }
        bound.whenComplete((ok, error) -> {
            if (error == null) {
                LOG.debug("bound pod {} to {}", pod.key(), nodeName);
                events.event(pod.pod(), EventRecorder.NORMAL, SCHEDULED,
                        "Successfully assigned " + pod.key() + " to " + nodeName);
                record(Result.SCHEDULED, start);
            } else {
                LOG.info("binding pod {} to {} failed: {}", pod.key(), nodeName, error.toString());
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                events.event(pod.pod(), EventRecorder.WARNING, FAILED_SCHEDULING, "Binding rejected: " + cause.getMessage());
                // a pod deleted while its binding was in flight is gone from the cache: do not queue it again
                if (cache.forgetPod(pod.key())) {
                    queue.requeueBackoff(queued);
                }
                record(Result.ERROR, start);
            }
        });
        return new ScheduleResult(pod.key(), ScheduleResult.Outcome.ASSUMED, nodeName, null);
    }

    private void record(Result result, long startNanos) {
        attempts.get(result).increment();
        latency.get(result).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private Decision findNode(PodInfo pod, Snapshot snapshot) {
        CycleState state = new CycleState();
        int all = snapshot.size();
        for (FilterPlugin f : profile.filters()) {
            FilterResult r = f.preFilter(state, pod, snapshot);
            if (!r.isFit()) {
                return new Decision(null, FitError.preFilter(all, String.join(", ", r.reasons())));
            }
        }
        Map<String, List<String>> rejected = new ConcurrentHashMap<>();
        ExecutorService pool = all >= 2 * PARALLEL_CHUNK ? filterPool() : null;
        List<NodeInfo> feasible = pool != null
                ? filterParallel(pool, state, pod, snapshot, rejected)
                : filterSequential(state, pod, snapshot, rejected);
        if (feasible.isEmpty()) {
            return new Decision(null, new FitError(all, rejected, null));
        }
        if (feasible.size() == 1 || profile.scores().isEmpty()) {
            NodeInfo only = feasible.size() == 1 ? feasible.get(0) : feasible.get(random.nextInt(feasible.size()));
            return new Decision(only.name(), null);
        }
        long[] total = new long[feasible.size()];
        for (SchedulerProfile.WeightedScore ws : profile.scores()) {
            ScorePlugin plugin = ws.plugin();
            plugin.preScore(state, pod, snapshot, feasible);
            long[] scores = new long[feasible.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = plugin.score(state, pod, feasible.get(i));
            }
            plugin.normalize(state, pod, feasible, scores);
            for (int i = 0; i < scores.length; i++) {
                total[i] += Math.max(0, Math.min(ScorePlugin.MAX_SCORE, scores[i])) * ws.weight();
            }
        }
        // the highest total; among equals each has the same chance (reservoir sampling)
        int best = 0;
        int ties = 1;
        for (int i = 1; i < total.length; i++) {
            if (total[i] > total[best]) {
                best = i;
                ties = 1;
            } else if (total[i] == total[best] && random.nextInt(++ties) == 0) {
                best = i;
            }
        }
        return new Decision(feasible.get(best).name(), null);
    }

    /** kube-scheduler's {@code numFeasibleNodesToFind}. */
    int feasibleNodesToFind(int all) {
        int pct = profile.percentageOfNodesToScore();
        if (all < MIN_FEASIBLE_NODES_TO_FIND || pct == 100) {
            return all;
        }
        if (pct == 0) {
            pct = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - all / 125);
        }
        return Math.max(MIN_FEASIBLE_NODES_TO_FIND, all * pct / 100);
    }

    private FilterResult runFilters(CycleState state, PodInfo pod, NodeInfo node) {
        for (FilterPlugin f : profile.filters()) {
            FilterResult r = f.filter(state, pod, node);
            if (!r.isFit()) {
                return r;
            }
        }
        return FilterResult.fits();
    }

    private List<NodeInfo> filterSequential(CycleState state, PodInfo pod, Snapshot snapshot, Map<String, List<String>> rejected) {
        List<NodeInfo> nodes = snapshot.nodes();
        int all = nodes.size();
        int want = feasibleNodesToFind(all);
        List<NodeInfo> feasible = new ArrayList<>(Math.min(want, all));
        int start = nextStartNode % all;
        int processed = 0;
        while (processed < all && feasible.size() < want) {
            NodeInfo node = nodes.get((start + processed) % all);
            processed++;
            FilterResult r = runFilters(state, pod, node);
            if (r.isFit()) {
                feasible.add(node);
            } else {
                rejected.put(node.name(), r.reasons());
            }
        }
        nextStartNode = (start + processed) % all;
        return feasible;
    }

    private List<NodeInfo> filterParallel(ExecutorService pool, CycleState state, PodInfo pod, Snapshot snapshot, Map<String, List<String>> rejected) {
        List<NodeInfo> nodes = snapshot.nodes();
        int all = nodes.size();
        int want = feasibleNodesToFind(all);
        int start = nextStartNode % all;
        NodeInfo[] found = new NodeInfo[all];
        AtomicInteger feasibleCount = new AtomicInteger();
        AtomicInteger nextChunk = new AtomicInteger();
        AtomicInteger processed = new AtomicInteger();
        int chunks = (all + PARALLEL_CHUNK - 1) / PARALLEL_CHUNK;
        Runnable worker = () -> {
            int c;
            while (feasibleCount.get() < want && (c = nextChunk.getAndIncrement()) < chunks) {
                int from = c * PARALLEL_CHUNK;
                int to = Math.min(all, from + PARALLEL_CHUNK);
                for (int i = from; i < to; i++) {
                    NodeInfo node = nodes.get((start + i) % all);
                    FilterResult r = runFilters(state, pod, node);
                    if (r.isFit()) {
                        found[i] = node;
                        feasibleCount.incrementAndGet();
                    } else {
                        rejected.put(node.name(), r.reasons());
                    }
                }
                processed.accumulateAndGet(to, Math::max);
            }
        };
        List<CompletableFuture<Void>> helpers = new ArrayList<>();
        for (int t = 0; t < profile.parallelism() - 1; t++) {
            helpers.add(CompletableFuture.runAsync(worker, pool));
        }
        worker.run();
        helpers.forEach(CompletableFuture::join);
        List<NodeInfo> feasible = new ArrayList<>();
        for (NodeInfo n : found) {
            if (n != null && feasible.size() < want) {
                feasible.add(n);
            }
        }
        nextStartNode = (start + processed.get()) % all;
        return feasible;
    }

    /** Builds a {@link Scheduler}; not thread-safe. */
    public static final class Builder {
        private SchedulerProfile profile;
        private Binder binder;
        private EventRecorder events = EventRecorder.discarding();
        private PodFailureHandler failures = (pod, reason, message) -> LOG.warn("pod {} failed: {} ({}), no failure handler set",
                PodInfo.keyOf(pod), reason, message);
        private MeterRegistry registry;
        private Clock clock = Clock.systemUTC();
        private Random random = new Random();
        private SchedulerCache cache;
        private SchedulingQueue queue;

        private Builder() {
        }

        /** The plugins and settings (required). */
        public Builder profile(SchedulerProfile profile) {
            this.profile = profile;
            return this;
        }

        /** Where chosen placements go (required). */
        public Builder binder(Binder binder) {
            this.binder = binder;
            return this;
        }

        /** Where events go; by default nowhere. */
        public Builder eventRecorder(EventRecorder events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /** Who fails pods past their deadline; by default they are only logged. */
        public Builder failureHandler(PodFailureHandler failures) {
            this.failures = Objects.requireNonNull(failures, "failures");
            return this;
        }

        /** The host's registry for metrics; by default a private one. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** The clock of deadlines and back-off (also given to a queue the scheduler creates); system UTC by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The source of tie-breaks; seed it for repeatable tests. */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** A cache to use instead of a new one. */
        public Builder cache(SchedulerCache cache) {
            this.cache = cache;
            return this;
        }

        /** A queue to use instead of a new one on the {@link #clock}. */
        public Builder queue(SchedulingQueue queue) {
            this.queue = queue;
            return this;
        }

        /**
         * Builds the scheduler (not started).
         *
         * @throws NullPointerException when the profile or binder is missing
         */
        public Scheduler build() {
            return new Scheduler(this);
        }
    }
}
