package io.corral.node;

import io.corral.api.model.coordination.Lease;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.core.Probe;
import io.corral.node.EventRecorder.Type;
import io.corral.node.probe.DefaultProber;
import io.corral.node.probe.ProbeManager;
import io.corral.node.probe.Prober;
import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerState;
import io.corral.runtime.spi.ImagePullPolicy;
import io.corral.runtime.spi.NodeFingerprint;
import io.corral.runtime.spi.PodSyncResult;
import io.corral.runtime.spi.SyncAction;
import io.corral.runtime.spi.SyncErrorReason;
import io.corral.runtime.spi.SyncResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent's core (kubelet's role), independent of how pods reach it and where reports go.
 *
 * <h2>In</h2>
 * The wiring gives the agent the pods bound to its node: {@link #podAdded}, {@link #podUpdated}
 * (a {@code deletionTimestamp} starts a graceful termination), {@link #podDeleted} (the API object is
 * gone), and {@link #desiredPodsSynced()} once the initial list was delivered (before it, pods the
 * runtime runs but the agent was not given are left alone).
 *
 * <h2>Work</h2>
 * Each pod is synced by {@link PodWorkers}, one sync at a time per pod: its model is translated by
 * {@link PodDescriptions} (once per spec; secrets, config maps and services are read then), the
 * runtime's status is read, {@link ContainerRuntime#syncPod} is called with the node's
 * {@link Backoff}, and the steps become events and waiting reasons. A pod marked for deletion is
 * killed with its grace period ({@code deletionGracePeriodSeconds}, else the spec's, else 30 s), then
 * reported terminated; once its API object is gone, its containers and sandboxes are removed from the
 * runtime (kubelet's container garbage collection for deleted pods), as are those of any pod the
 * runtime has that is not desired. Containers the runtime already runs for a pod (after a restart of the host
 * application) are adopted: the same description makes {@code syncPod} take no step. Probes run
 * through a {@link ProbeManager}; a failed liveness (or exhausted startup) probe kills that container
 * alone ({@link ContainerRuntime#killContainer}, with the probe's or the pod's grace period), and the
 * next sync restarts it under the restart policy and back-off; only a runtime without
 * {@link io.corral.runtime.spi.Capabilities#killContainer()} has the whole pod killed instead.
 *
 * <h2>Out</h2>
 * Pod statuses through {@link PodStatusSink} (only when changed), the node and its lease through
 * {@link NodeStatusSink} on {@link #heartbeat()}, events through {@link EventRecorder}, metrics on
 * the given {@link MeterRegistry}: {@code corral.node.pod.sync} (timer, tag {@code outcome}),
 * {@code corral.node.pod.sync.errors} (counter), {@code corral.node.probe.results} (counter).
 *
 * <h2>Time</h2>
 * Nothing runs by itself until {@link #start(ScheduledExecutorService)}: then housekeeping (resync of
 * every pod, orphan cleanup), probes and the heartbeat run on the given scheduler, and a pod whose
 * container is in restart back-off is synced again when the back-off expires. Tests call
 * {@link #housekeeping()}, {@link #runProbes()} and {@link #heartbeat()} themselves on a virtual clock.
 *
 * <p>Thread-safe. {@link #close()} stops the scheduled work; it neither stops containers nor shuts
 * down executors it was given.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NodeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
    private static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    private static final String DEADLINE_MESSAGE = "Pod was active on the node longer than the specified deadline";

    private final NodeAgentConfig config;
    private final ContainerRuntime runtime;
    private final PodResources resources;
    private final PodStatusSink statusSink;
    private final NodeStatusSink nodeSink;
    private final EventRecorder events;
    private final Clock clock;
    private final Backoff backoff;
    private final PodDescriptions descriptions;
    private final NodeObjects nodeObjects;
    private final ProbeManager probes;
    private final PodWorkers workers;
    private final MeterRegistry registry;
    private final Counter syncErrors;
    private final Map<String, Timer> syncTimers = new ConcurrentHashMap<>();
    private final Map<String, PodRecord> pods = new ConcurrentHashMap<>();
    private final Map<String, io.corral.runtime.spi.Pod> orphans = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private volatile boolean desiredSynced;
    private volatile ScheduledExecutorService scheduler;
    private volatile String hostIp;
    private volatile Node lastNode;
    private volatile Lease lastLease;

    /** What the agent keeps per pod; fields other than {@code pod} are touched only by the pod's worker. */
    private static final class PodRecord {
        volatile Pod pod;
        volatile boolean apiDeleted;
        /** Containers whose liveness or startup probe failed, by instance, with that probe; added by probe threads. */
        final Map<io.corral.runtime.spi.ContainerId, Probe> kills = new ConcurrentHashMap<>();
        PodSpec translatedSpec;
        PodDescriptions.Translation translation;
        boolean provisional;
        volatile PodStatus lastStatus;
        String lastConfigError;
        boolean terminatedReported;
        boolean deadlineExceeded;

        PodRecord(Pod pod) {
            this.pod = pod;
        }
    }

    private NodeAgent(Builder b) {
        this.config = b.config;
        this.runtime = b.runtime;
        this.resources = b.resources;
        this.statusSink = b.statusSink;
        this.nodeSink = b.nodeSink;
        this.events = b.events;
        this.clock = b.clock;
        this.registry = b.registry;
        this.backoff = b.backoff != null ? b.backoff : Backoff.withDefaults(b.clock);
        this.descriptions = new PodDescriptions(config);
        this.nodeObjects = new NodeObjects(config);
        Prober prober = b.prober != null ? b.prober : new DefaultProber(runtime.commandRunner());
        this.probes = new ProbeManager(prober, b.probeExecutor, clock, this::onProbe, registry);
        this.workers = new PodWorkers(b.podExecutor, this::sync);
        this.syncErrors = Counter.builder("corral.node.pod.sync.errors")
                .description("Pod syncs that failed (a step failed or the sync could not be made)")
                .register(registry);
        Gauge.builder("corral.node.pods", pods, Map::size).description("Pods the node agent knows")
                .tag("node", config.nodeName()).register(registry);
    }

    /**
     * A builder; {@code config} and {@code runtime} are required, the rest defaults to doing
     * nothing (no lookups, reports dropped), the system clock, direct executors and a fresh
     * {@link io.micrometer.core.instrument.simple.SimpleMeterRegistry}.
     */
    public static Builder builder(NodeAgentConfig config, ContainerRuntime runtime) {
        return new Builder(config, runtime);
    }

    // ------------------------------------------------------------------ desired state in

    /** A pod was bound to this node (or seen for the first time after a restart). */
    public void podAdded(Pod pod) {
        podUpdated(pod);
    }

    /** A pod of this node changed; a {@code deletionTimestamp} starts its graceful termination. */
    public void podUpdated(Pod pod) {
        String uid = requireUid(pod);
        if (pod.spec() == null) {
            throw new IllegalArgumentException("pod " + pod.metadata().name() + " has no spec");
        }
        if (pod.spec().nodeName() != null && !pod.spec().nodeName().equals(config.nodeName())) {
            LOG.debug("ignoring pod {} bound to node {}", uid, pod.spec().nodeName());
            return;
        }
        pods.compute(uid, (k, rec) -> {
            if (rec == null) {
                return new PodRecord(pod);
            }
            rec.pod = pod;
            return rec;
        });
        workers.request(uid);
    }

    /** The pod's API object is gone: whatever still runs of it is killed and the agent forgets it. */
    public void podDeleted(Pod pod) {
        String uid = requireUid(pod);
        PodRecord rec = pods.computeIfAbsent(uid, k -> new PodRecord(pod));
        rec.apiDeleted = true;
        workers.request(uid);
    }

    /**
     * The initial list of desired pods was delivered: from now on, pods the runtime runs that the
     * agent was not given are killed by {@link #housekeeping()}.
     */
    public void desiredPodsSynced() {
        desiredSynced = true;
        housekeeping();
    }

    private static String requireUid(Pod pod) {
        Objects.requireNonNull(pod, "pod");
        String uid = pod.metadata().uid();
        if (uid == null || uid.isBlank()) {
            throw new IllegalArgumentException("pod " + pod.metadata().namespace() + "/" + pod.metadata().name()
                    + ": metadata.uid must be set");
        }
        return uid;
    }

    // ------------------------------------------------------------------ periodic work

    /**
     * Starts the periodic work on the scheduler: housekeeping every {@code resyncInterval}, probes
     * every {@code probeTickInterval}, the heartbeat every {@code heartbeatInterval} (the first one at once).
     */
    public synchronized void start(ScheduledExecutorService scheduler) {
        if (!scheduled.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        this.scheduler = scheduler;
        scheduled.add(scheduler.scheduleWithFixedDelay(guarded("heartbeat", this::scheduledHeartbeat), 0,
                config.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS));
        scheduled.add(scheduler.scheduleWithFixedDelay(guarded("housekeeping", this::housekeeping),
                config.resyncInterval().toMillis(), config.resyncInterval().toMillis(), TimeUnit.MILLISECONDS));
        scheduled.add(scheduler.scheduleWithFixedDelay(guarded("probes", this::runProbes),
                config.probeTickInterval().toMillis(), config.probeTickInterval().toMillis(), TimeUnit.MILLISECONDS));
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("node agent {} failed", what, e);
            }
        };
    }

    /**
     * The scheduled heartbeat: it holds this agent's lock, as {@link #close()} does, so that once
     * close returns no heartbeat is in flight and none starts (cancelling the task alone would let a
     * running one report after close).
     */
    private synchronized void scheduledHeartbeat() {
        if (scheduler != null) {
            heartbeat();
        }
    }

    /** Stops the periodic work; containers keep running. */
    @Override
    public synchronized void close() {
        scheduled.forEach(f -> f.cancel(false));
        scheduled.clear();
        scheduler = null;
    }

    /**
     * Syncs every known pod again and, once {@link #desiredPodsSynced()} was called, kills pods the
     * runtime runs that are not desired; forgets back-off entries that expired.
     */
    public void housekeeping() {
        pods.keySet().forEach(workers::request);
        if (desiredSynced) {
            killOrphans();
        }
        backoff.gc();
    }

    /** Starts the probe attempts that are due. */
    public void runProbes() {
        probes.runDue();
    }

    /** Reports the node object and renews the lease through the {@link NodeStatusSink}. */
    public void heartbeat() {
        Instant now = clock.instant();
        NodeFingerprint fingerprint = runtime.fingerprint();
        Node node = nodeObjects.node(fingerprint, runtime.status(), lastNode, now);
        try {
            nodeSink.updateNode(node);
            lastNode = node;
        } catch (RuntimeException e) {
            LOG.warn("reporting node {} failed; retrying on the next heartbeat", config.nodeName(), e);
        }
        Lease lease = nodeObjects.lease(lastLease, now);
        try {
            nodeSink.renewLease(lease);
            lastLease = lease;
        } catch (RuntimeException e) {
            LOG.warn("renewing the lease of node {} failed; retrying on the next heartbeat", config.nodeName(), e);
        }
    }

    /** The node object as last reported; null before the first heartbeat. */
    public Node lastNode() {
        return lastNode;
    }

    /** The node's back-off, shared by all pods. */
    public Backoff backoff() {
        return backoff;
    }

    /** The uids of the pods the agent knows. */
    public Set<String> knownPods() {
        return Set.copyOf(pods.keySet());
    }

    /** The status last reported for the pod, if any. */
    public Optional<PodStatus> lastReportedStatus(String uid) {
        PodRecord rec = pods.get(uid);
        return rec == null ? Optional.empty() : Optional.ofNullable(rec.lastStatus);
    }

    private void killOrphans() {
        List<io.corral.runtime.spi.Pod> known;
        try {
            known = runtime.getPods(true);
        } catch (ContainerRuntimeException e) {
            LOG.warn("listing the runtime's pods failed", e);
            return;
        }
        for (io.corral.runtime.spi.Pod p : known) {
            if (!pods.containsKey(p.uid())) {
                // on the pod's worker: a kill may block for the grace period, and must not overlap a sync of the same uid
                orphans.put(p.uid(), p);
                workers.request(p.uid());
            }
        }
    }

    /** A pod the runtime has (running or exited) that is not desired: killed if anything of it runs, then removed. */
    private void killOrphan(String uid) {
        io.corral.runtime.spi.Pod p = orphans.remove(uid);
        if (p == null || pods.containsKey(uid)) {
            return;
        }
        if (runs(p)) {
            LOG.info("killing pod {}/{} ({}): the runtime runs it but it is not desired on node {}",
                    p.namespace(), p.name(), p.uid(), config.nodeName());
            try {
                PodSyncResult result = runtime.killPod(null, p, null);
                if (result.error().isPresent()) {
                    LOG.warn("killing orphaned pod {} failed: {}", uid, result.error().get().getMessage());
                    return; // retried by the next housekeeping
                }
            } catch (ContainerRuntimeException e) {
                LOG.warn("killing orphaned pod {} failed", uid, e);
                return;
            }
        }
        removeContainers(uid);
    }

    private static boolean runs(io.corral.runtime.spi.Pod p) {
        return p.containers().stream().anyMatch(c -> c.state() != ContainerState.EXITED)
                || p.sandboxes().stream().anyMatch(s -> s.state() == ContainerState.RUNNING);
    }

    /**
     * kubelet's container garbage collection for a pod the API no longer has: its exited containers
     * and sandboxes are removed from the runtime (and with the last of them the runtime's volumes of
     * the pod).
     *
     * @return false when something could not be removed (to be retried)
     */
    private boolean removeContainers(String uid) {
        Optional<io.corral.runtime.spi.Pod> leftover;
        try {
            leftover = runningPod(uid);
        } catch (ContainerRuntimeException e) {
            LOG.warn("listing the containers of deleted pod {} failed", uid, e);
            return false;
        }
        if (leftover.isEmpty()) {
            return true;
        }
        List<io.corral.runtime.spi.Container> all = new ArrayList<>(leftover.get().containers());
        all.addAll(leftover.get().sandboxes());
        for (io.corral.runtime.spi.Container c : all) {
            try {
                runtime.deleteContainer(c.id());
            } catch (ContainerRuntimeException e) {
                LOG.warn("removing container {} of deleted pod {} failed; retrying on the next housekeeping", c.id(), uid, e);
                return false;
            }
        }
        LOG.debug("removed the {} containers of deleted pod {}/{} ({})", all.size(), leftover.get().namespace(),
                leftover.get().name(), uid);
        return true;
    }

    // ------------------------------------------------------------------ the sync

    private void sync(String uid) {
        PodRecord rec = pods.get(uid);
        if (rec == null) {
            killOrphan(uid);
            return;
        }
        Timer.Sample sample = Timer.start(registry);
        String outcome;
        try {
            outcome = syncRecord(uid, rec);
        } catch (RuntimeException e) {
            outcome = "failure";
            syncErrors.increment();
            LOG.warn("sync of pod {} failed", describe(rec.pod), e);
        }
        sample.stop(syncTimers.computeIfAbsent(outcome, o -> Timer.builder("corral.node.pod.sync")
                .description("Pod syncs of the node agent").tag("outcome", o).register(registry)));
    }

    private String syncRecord(String uid, PodRecord rec) {
        Pod pod = rec.pod;
        io.corral.runtime.spi.PodStatus before = runtime.getPodStatus(uid, name(pod), namespace(pod));
        if (rec.apiDeleted || pod.metadata().deletionTimestamp() != null) {
            terminate(uid, rec, pod, before);
            return "terminated";
        }
        PodDescriptions.Translation translation;
        try {
            translation = translation(rec, pod, before);
        } catch (PodConfigException e) {
            configError(rec, pod, e);
            publishStatus(rec, pod, before, waitingFor(pod, e));
            syncErrors.increment();
            return "config_error";
        }
        rec.lastConfigError = null;
        if (deadlineExceeded(rec, pod)) {
            stopForDeadline(uid, rec, pod, translation, before);
            return "deadline_exceeded";
        }
        if (finished(rec.lastStatus != null ? rec.lastStatus : pod.status())) {
            stopFinished(uid, rec, pod, translation, before);
            return "finished";
        }
        if (!rec.kills.isEmpty()) {
            before = killForRestart(uid, pod, translation, before, rec.kills);
        }
        Set<String> absentImages = absentImages(translation.description(), before);
        PodSyncResult result = runtime.syncPod(translation.description(), before, translation.pullCredentials(), backoff);
        Map<String, PodStatuses.Waiting> waiting = new HashMap<>();
        report(pod, translation, result, absentImages, waiting);
        io.corral.runtime.spi.PodStatus after = runtime.getPodStatus(uid, name(pod), namespace(pod));
        probes.update(pod, after);
        publishStatus(rec, pod, after, waiting);
        boolean startedInit = result.steps().stream().anyMatch(s -> s.succeeded()
                && (s.action() == SyncAction.START_CONTAINER || s.action() == SyncAction.INIT_CONTAINER)
                && pod.spec().initContainers().stream().anyMatch(c -> s.target().equals(c.name())));
        if (startedInit) {
            // no container event stream (kubelet's PLEG) yet: look again at once in case the init container is done
            workers.request(uid);
        }
        if (finished(rec.lastStatus)) {
            stopFinished(uid, rec, pod, translation, after);
            return "finished";
        }
        if (!result.succeeded()) {
            boolean onlyBackOff = result.syncError() == null && result.failures().stream()
                    .allMatch(s -> s.error() == SyncErrorReason.CRASH_LOOP_BACK_OFF);
            if (!onlyBackOff) {
                syncErrors.increment();
            }
            wakeAfterBackOff(uid, translation.description(), result, after);
            return onlyBackOff ? "backoff" : "failure";
        }
        return "success";
    }

    /**
     * Once started on a scheduler, syncs the pod again when the back-off of a crashed container
     * expires, instead of waiting for the next resync (kubelet requeues the same way).
     */
    private void wakeAfterBackOff(String uid, io.corral.runtime.spi.PodDescription description, PodSyncResult result,
                                  io.corral.runtime.spi.PodStatus status) {
        ScheduledExecutorService s = scheduler;
        if (s == null) {
            return;
        }
        Instant now = clock.instant();
        Instant earliest = null;
        for (SyncResult step : result.failures()) {
            if (step.error() != SyncErrorReason.CRASH_LOOP_BACK_OFF) {
                continue;
            }
            Optional<ContainerDescription> c = description.findContainer(step.target());
            Optional<io.corral.runtime.spi.ContainerStatus> exited = status.findContainer(step.target());
            if (c.isEmpty() || exited.isEmpty() || exited.get().finishedAt() == null) {
                continue;
            }
            Instant at = backoff.retryAt(Backoff.key(description, c.get()), exited.get().finishedAt());
            earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
        }
        if (earliest != null) {
            long delay = Math.max(0, Duration.between(now, earliest).toMillis()) + 50;
            try {
                s.schedule(() -> workers.request(uid), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("scheduler shut down; pod {} waits for the next resync", uid);
            }
        }
    }

    /**
     * The cached translation, or a new one when the spec changed or the pod IP it needed became known
     * (only on a runtime without {@link io.corral.runtime.spi.Capabilities#podIpPlaceholder()}).
     */
    private PodDescriptions.Translation translation(PodRecord rec, Pod pod, io.corral.runtime.spi.PodStatus runtimeStatus) {
        String podIp = runtimeStatus.ips().isEmpty() ? null : runtimeStatus.ips().get(0);
        boolean stale = rec.translation == null || !pod.spec().equals(rec.translatedSpec)
                || (rec.provisional && podIp != null);
        if (!stale) {
            return rec.translation;
        }
        NodeFingerprint fp = runtime.fingerprint();
        // A runtime that fills in the pod IP itself gets the placeholder, known IP or not: the description
        // (and so each container's hash) is the same before and after the sandbox has its IP, so no restart.
        boolean placeholder = runtime.capabilities().podIpPlaceholder() && !Boolean.TRUE.equals(pod.spec().hostNetwork());
        PodDescriptions.Context context = new PodDescriptions.Context(
                placeholder ? ContainerDescription.POD_IP_PLACEHOLDER : podIp, hostIp(fp),
                Math.max(0, fp.cpuMillis() - config.reservedCpuMillis()),
                Math.max(0, fp.memoryBytes() - config.reservedMemoryBytes()));
        PodDescriptions.Translation t = descriptions.describe(pod, resources, context);
        rec.translation = t;
        rec.translatedSpec = pod.spec();
        rec.provisional = t.usesPodIp() && podIp == null && !placeholder;
        t.warnings().forEach(w -> events.record(pod, null, Type.WARNING, "FailedToRetrieveImagePullSecret", w));
        return t;
    }

    private String hostIp(NodeFingerprint fp) {
        String ip = hostIp;
        if (ip == null) {
            ip = nodeObjects.hostIp(fp);
            hostIp = ip;
        }
        return ip;
    }

    private void configError(PodRecord rec, Pod pod, PodConfigException e) {
        if (e.getMessage().equals(rec.lastConfigError)) {
            return; // reported already; kubelet does not repeat the event every sync either
        }
        rec.lastConfigError = e.getMessage();
        LOG.info("pod {}: {}", describe(pod), e.getMessage());
        if (PodConfigException.FAILED_MOUNT.equals(e.reason())) {
            events.record(pod, null, Type.WARNING, "FailedMount", "MountVolume.SetUp failed: " + e.getMessage());
        } else {
            events.record(pod, fieldPath(pod, e.container()), Type.WARNING, "Failed", "Error: " + e.getMessage());
        }
    }

    private static Map<String, PodStatuses.Waiting> waitingFor(Pod pod, PodConfigException e) {
        Map<String, PodStatuses.Waiting> waiting = new HashMap<>();
        if (PodConfigException.CREATE_CONTAINER_CONFIG_ERROR.equals(e.reason())) {
            List<Container> all = new ArrayList<>(pod.spec().initContainers());
            all.addAll(pod.spec().containers());
            for (Container c : all) {
                if (e.container() == null || e.container().equals(c.name())) {
                    waiting.put(c.name(), new PodStatuses.Waiting(PodConfigException.CREATE_CONTAINER_CONFIG_ERROR, e.getMessage()));
                }
            }
        }
        return waiting;
    }

    private Set<String> absentImages(io.corral.runtime.spi.PodDescription description, io.corral.runtime.spi.PodStatus status) {
        Set<String> absent = new HashSet<>();
        List<ContainerDescription> all = new ArrayList<>(description.initContainers());
        all.addAll(description.containers());
        for (ContainerDescription c : all) {
            if (status.isRunning(c.name()) || c.imagePullPolicy() == ImagePullPolicy.NEVER) {
                continue;
            }
            try {
                if (!runtime.imageService().isPresent(c.image())) {
                    absent.add(c.name());
                }
            } catch (ContainerRuntimeException e) {
                LOG.debug("cannot tell whether image {} is present", c.image(), e);
            }
        }
        return absent;
    }

    /** Turns the steps of a sync into events and waiting reasons. */
    private void report(Pod pod, PodDescriptions.Translation translation, PodSyncResult result, Set<String> absentImages,
                        Map<String, PodStatuses.Waiting> waiting) {
        for (SyncResult step : result.steps()) {
            String target = step.target();
            String field = fieldPath(pod, target);
            switch (step.action()) {
                case START_CONTAINER, INIT_CONTAINER -> {
                    if (step.succeeded()) {
                        ContainerDescription c = translation.description().findContainer(target).orElse(null);
                        if (c != null) {
                            if (absentImages.contains(target)) {
                                events.record(pod, field, Type.NORMAL, "Pulling", "Pulling image \"" + c.image() + "\"");
                                events.record(pod, field, Type.NORMAL, "Pulled", "Successfully pulled image \"" + c.image() + "\"");
                            } else if (c.imagePullPolicy() != ImagePullPolicy.ALWAYS) {
                                events.record(pod, field, Type.NORMAL, "Pulled",
                                        "Container image \"" + c.image() + "\" already present on machine");
                            }
                        }
                        events.record(pod, field, Type.NORMAL, "Created", "Created container " + target);
                        events.record(pod, field, Type.NORMAL, "Started", "Started container " + target);
                    } else {
                        failedStart(pod, field, step, waiting);
                    }
                }
                case KILL_CONTAINER -> {
                    if (step.succeeded()) {
                        events.record(pod, field, Type.NORMAL, "Killing", "Stopping container " + target);
                    } else {
                        events.record(pod, field, Type.WARNING, "FailedKillPod", String.valueOf(step.message()));
                    }
                }
                case CREATE_POD_SANDBOX, CONFIG_POD_SANDBOX, SETUP_NETWORK -> {
                    if (!step.succeeded()) {
                        String reason = step.error() == SyncErrorReason.UNSUPPORTED ? "Failed" : "FailedCreatePodSandBox";
                        events.record(pod, null, Type.WARNING, reason, String.valueOf(step.message()));
                    }
                }
                default -> {
                    if (!step.succeeded()) {
                        events.record(pod, null, Type.WARNING, "FailedSync", step.toString());
                    }
                }
            }
        }
        if (result.syncError() != null) {
            LOG.warn("sync of pod {} aborted: {}", describe(pod), result.syncError().getMessage());
            events.record(pod, null, Type.WARNING, "FailedSync", "error syncing pod: " + result.syncError().getMessage());
        }
    }

    private void failedStart(Pod pod, String field, SyncResult step, Map<String, PodStatuses.Waiting> waiting) {
        SyncErrorReason error = step.error();
        waiting.put(step.target(), new PodStatuses.Waiting(error.wireName(), step.message()));
        switch (error) {
            case CRASH_LOOP_BACK_OFF -> events.record(pod, field, Type.WARNING, "BackOff",
                    "Back-off restarting failed container " + step.target());
            case ERR_IMAGE_PULL, IMAGE_PULL_BACK_OFF, INVALID_IMAGE_NAME, ERR_IMAGE_NEVER_PULL -> {
                events.record(pod, field, Type.WARNING, "Failed", "Failed to pull image: " + step.message());
                events.record(pod, field, Type.WARNING, "Failed", "Error: " + error.wireName());
            }
            case INIT_CONTAINER_FAILED -> events.record(pod, field, Type.WARNING, "Failed", String.valueOf(step.message()));
            default -> events.record(pod, field, Type.WARNING, "Failed", "Error: " + step.message());
        }
    }

    private void publishStatus(PodRecord rec, Pod pod, io.corral.runtime.spi.PodStatus runtimeStatus,
                               Map<String, PodStatuses.Waiting> waiting) {
        String uid = pod.metadata().uid();
        PodStatuses.Observations observed = new PodStatuses.Observations(hostIp(runtime.fingerprint()), waiting,
                probes.readiness(uid), probes.started(uid));
        Pod base = rec.lastStatus != null ? pod.withStatus(rec.lastStatus) : pod;
        PodStatus status = PodStatuses.toModel(base, runtimeStatus, observed, clock.instant());
        if (rec.deadlineExceeded) {
            status = status.toBuilder().phase("Failed").reason(DEADLINE_EXCEEDED).message(DEADLINE_MESSAGE).build();
        }
        if (status.equals(rec.lastStatus)) {
            return;
        }
        try {
            statusSink.updateStatus(pod, status);
            rec.lastStatus = status;
        } catch (RuntimeException e) {
            LOG.warn("reporting the status of pod {} failed; retrying on its next sync", describe(pod), e);
        }
    }

    // ------------------------------------------------------------------ termination and kills

    private boolean deadlineExceeded(PodRecord rec, Pod pod) {
        if (rec.deadlineExceeded) {
            return true;
        }
        Long deadline = pod.spec().activeDeadlineSeconds();
        PodStatus last = rec.lastStatus != null ? rec.lastStatus : pod.status();
        if (deadline == null || last == null || last.startTime() == null
                || "Succeeded".equals(last.phase()) || "Failed".equals(last.phase())) {
            return false; // a finished pod keeps its phase
        }
        return !clock.instant().isBefore(last.startTime().plusSeconds(deadline));
    }

    /** kubelet's active deadline: the pod is stopped for good and reported Failed with reason DeadlineExceeded. */
    private void stopForDeadline(String uid, PodRecord rec, Pod pod, PodDescriptions.Translation translation,
                                 io.corral.runtime.spi.PodStatus before) {
        if (!rec.deadlineExceeded) {
            rec.deadlineExceeded = true;
            events.record(pod, null, Type.WARNING, DEADLINE_EXCEEDED, DEADLINE_MESSAGE);
        }
        probes.remove(uid);
        io.corral.runtime.spi.PodStatus after = before;
        Optional<io.corral.runtime.spi.Pod> running = runningPod(uid);
        if (running.isPresent() && runs(running.get())) {
            PodSyncResult result = runtime.killPod(translation.description(), running.get(), null);
            result.error().ifPresent(e -> events.record(pod, null, Type.WARNING, "FailedKillPod", e.getMessage()));
            after = runtime.getPodStatus(uid, name(pod), namespace(pod));
        }
        publishStatus(rec, pod, after, Map.of());
    }

    private static boolean finished(PodStatus status) {
        return status != null && ("Succeeded".equals(status.phase()) || "Failed".equals(status.phase()));
    }

    /**
     * kubelet's handling of a terminal pod (Succeeded or Failed): it is never synced again (a new
     * sandbox would be made otherwise); what still runs of it, its sandbox, is stopped; its exited
     * containers stay for their statuses and logs until the pod is deleted.
     */
    private void stopFinished(String uid, PodRecord rec, Pod pod, PodDescriptions.Translation translation,
                              io.corral.runtime.spi.PodStatus before) {
        probes.remove(uid);
        io.corral.runtime.spi.PodStatus after = before;
        Optional<io.corral.runtime.spi.Pod> running = runningPod(uid);
        if (running.isPresent() && runs(running.get())) {
            PodSyncResult result = runtime.killPod(translation.description(), running.get(), null);
            result.error().ifPresent(e -> events.record(pod, null, Type.WARNING, "FailedKillPod", e.getMessage()));
            after = runtime.getPodStatus(uid, name(pod), namespace(pod));
        }
        publishStatus(rec, pod, after, Map.of());
    }

    private void terminate(String uid, PodRecord rec, Pod pod, io.corral.runtime.spi.PodStatus before) {
        probes.remove(uid);
        Optional<io.corral.runtime.spi.Pod> running = runningPod(uid);
        boolean anythingRuns = running.isPresent() && runs(running.get());
        if (anythingRuns) {
            Duration grace = gracePeriod(pod);
            for (io.corral.runtime.spi.Container c : running.get().containers()) {
                if (c.state() != ContainerState.EXITED) {
                    events.record(pod, fieldPath(pod, c.name()), Type.NORMAL, "Killing", "Stopping container " + c.name());
                }
            }
            LOG.info("killing pod {} with a grace period of {} s", describe(pod), grace.toSeconds());
            PodSyncResult result = runtime.killPod(rec.translation == null ? null : rec.translation.description(),
                    running.get(), grace);
            if (!result.succeeded()) {
                syncErrors.increment();
                result.error().ifPresent(e -> events.record(pod, null, Type.WARNING, "FailedKillPod", e.getMessage()));
                return; // retried on the next sync
            }
        }
        io.corral.runtime.spi.PodStatus after = anythingRuns ? runtime.getPodStatus(uid, name(pod), namespace(pod)) : before;
        if (!rec.apiDeleted) {
            publishStatus(rec, pod, after, Map.of());
            if (!rec.terminatedReported) {
                try {
                    statusSink.podTerminated(pod);
                    rec.terminatedReported = true;
                } catch (RuntimeException e) {
                    LOG.warn("reporting pod {} terminated failed; retrying on its next sync", describe(pod), e);
                }
            }
        } else if (running.isEmpty() || removeContainers(uid)) {
            pods.remove(uid, rec);
        }
        // else: kept, so that the next housekeeping syncs it again and retries the removal
    }

    /** The grace period of a deletion: the deletion's, else the spec's, else 30 s. */
    static Duration gracePeriod(Pod pod) {
        Long seconds = pod.metadata().deletionGracePeriodSeconds();
        if (seconds == null && pod.spec() != null) {
            seconds = pod.spec().terminationGracePeriodSeconds();
        }
        return Duration.ofSeconds(seconds == null ? 30 : Math.max(0, seconds));
    }

    private Optional<io.corral.runtime.spi.Pod> runningPod(String uid) {
        return runtime.getPods(true).stream().filter(p -> p.uid().equals(uid)).findFirst();
    }

    /**
     * Kills the containers whose liveness or startup probe failed, each alone (kubelet's
     * {@code StopContainer}) with its grace period; the sync that follows restarts them under the
     * restart policy and back-off, leaving the rest of the pod running. A runtime without
     * {@link io.corral.runtime.spi.Capabilities#killContainer()} has the whole pod killed instead.
     */
    private io.corral.runtime.spi.PodStatus killForRestart(String uid, Pod pod, PodDescriptions.Translation translation,
                                                           io.corral.runtime.spi.PodStatus before,
                                                           Map<io.corral.runtime.spi.ContainerId, Probe> requests) {
        Map<io.corral.runtime.spi.ContainerId, Probe> taken = new HashMap<>(requests);
        requests.keySet().removeAll(taken.keySet());
        List<io.corral.runtime.spi.ContainerStatus> targets = before.containers().stream()
                .filter(c -> taken.containsKey(c.id()) && c.state() == ContainerState.RUNNING).toList();
        if (targets.isEmpty()) {
            return before; // restarted or exited meanwhile
        }
        if (!runtime.capabilities().killContainer()) {
            return killPodForRestart(uid, pod, translation, before);
        }
        for (io.corral.runtime.spi.ContainerStatus c : targets) {
            Duration grace = probeGracePeriod(pod, taken.get(c.id()));
            LOG.info("killing container {} of pod {} (grace {} s): its probe failed", c.name(), describe(pod), grace.toSeconds());
            try {
                runtime.killContainer(c.id(), grace);
            } catch (ContainerRuntimeException e) {
                syncErrors.increment();
                events.record(pod, fieldPath(pod, c.name()), Type.WARNING, "FailedKillPod",
                        "error killing container " + c.name() + ": " + e.getMessage());
            }
        }
        return runtime.getPodStatus(uid, name(pod), namespace(pod));
    }

    /** The fallback of a runtime that can only kill whole pods: every container restarts. */
    private io.corral.runtime.spi.PodStatus killPodForRestart(String uid, Pod pod, PodDescriptions.Translation translation,
                                                              io.corral.runtime.spi.PodStatus before) {
        Optional<io.corral.runtime.spi.Pod> running = runningPod(uid);
        if (running.isEmpty()) {
            return before;
        }
        probes.remove(uid);
        PodSyncResult result = runtime.killPod(translation.description(), running.get(), null);
        if (!result.succeeded()) {
            result.error().ifPresent(e -> events.record(pod, null, Type.WARNING, "FailedKillPod", e.getMessage()));
        }
        return runtime.getPodStatus(uid, name(pod), namespace(pod));
    }

    /**
     * The grace period of a kill after a failed probe, as kubelet: the probe's
     * {@code terminationGracePeriodSeconds} if set, else the pod's, else 30 s.
     */
    static Duration probeGracePeriod(Pod pod, Probe probe) {
        Long seconds = probe == null ? null : probe.terminationGracePeriodSeconds();
        if (seconds == null && pod.spec() != null) {
            seconds = pod.spec().terminationGracePeriodSeconds();
        }
        return Duration.ofSeconds(seconds == null ? 30 : Math.max(0, seconds));
    }

    private void onProbe(ProbeManager.Report report) {
        PodRecord rec = pods.get(report.podUid());
        if (rec == null) {
            return;
        }
        Pod pod = rec.pod;
        String field = fieldPath(pod, report.containerName());
        if (!report.outcome().success()) {
            events.record(pod, field, Type.WARNING, "Unhealthy",
                    report.type().displayName() + " probe failed: " + report.outcome().message());
        }
        if (report.kill()) {
            String why = report.type() == io.corral.node.probe.ProbeType.STARTUP ? "startup" : "liveness";
            events.record(pod, field, Type.NORMAL, "Killing",
                    "Container " + report.containerName() + " failed " + why + " probe, will be restarted");
            rec.kills.put(report.containerId(), probeOf(pod, report));
            workers.request(report.podUid());
        } else if (report.changed()) {
            workers.request(report.podUid());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Probe probeOf(Pod pod, ProbeManager.Report report) {
        Container c = pod.spec().containers().stream().filter(x -> x.name().equals(report.containerName()))
                .findFirst().orElse(null);
        Probe probe = c == null ? null
                : report.type() == io.corral.node.probe.ProbeType.STARTUP ? c.startupProbe() : c.livenessProbe();
        return probe != null ? probe : Probe.builder().build();
    }

    private static String fieldPath(Pod pod, String containerName) {
        if (containerName == null) {
            return null;
        }
        boolean init = pod.spec().initContainers().stream().anyMatch(c -> containerName.equals(c.name()));
        return (init ? "spec.initContainers{" : "spec.containers{") + containerName + "}";
    }

    private static String name(Pod pod) {
        return Objects.toString(pod.metadata().name(), "");
    }

    private static String namespace(Pod pod) {
        return Objects.toString(pod.metadata().namespace(), "default");
    }

    private static String describe(Pod pod) {
        return namespace(pod) + "/" + name(pod) + " (" + pod.metadata().uid() + ")";
    }

    /** Builder of {@link NodeAgent}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final NodeAgentConfig config;
        private final ContainerRuntime runtime;
        private PodResources resources = PodResources.none();
        private PodStatusSink statusSink = new PodStatusSink() {
            @Override
            public void updateStatus(Pod pod, PodStatus status) {
            }

            @Override
            public void podTerminated(Pod pod) {
            }
        };
        private NodeStatusSink nodeSink = new NodeStatusSink() {
            @Override
            public void updateNode(Node node) {
            }

            @Override
            public void renewLease(Lease lease) {
            }
        };
        private EventRecorder events = EventRecorder.discarding();
        private MeterRegistry registry;
        private Clock clock = Clock.systemUTC();
        private Executor podExecutor = Runnable::run;
        private Executor probeExecutor = Runnable::run;
        private Prober prober;
        private Backoff backoff;

        private Builder(NodeAgentConfig config, ContainerRuntime runtime) {
            this.config = Objects.requireNonNull(config, "config");
            this.runtime = Objects.requireNonNull(runtime, "runtime");
        }

        /** The lookups of secrets, config maps, claims and services. */
        public Builder resources(PodResources v) { this.resources = Objects.requireNonNull(v); return this; }
        /** Where pod statuses and terminations go. */
        public Builder statusSink(PodStatusSink v) { this.statusSink = Objects.requireNonNull(v); return this; }
        /** Where the node object and the lease go. */
        public Builder nodeSink(NodeStatusSink v) { this.nodeSink = Objects.requireNonNull(v); return this; }
        /** Where events go. */
        public Builder events(EventRecorder v) { this.events = Objects.requireNonNull(v); return this; }
        /** The host's registry; never closed by the agent. */
        public Builder meterRegistry(MeterRegistry v) { this.registry = Objects.requireNonNull(v); return this; }
        /** The time source of probes, statuses, heartbeats and (unless {@link #backoff} is given) the back-off. */
        public Builder clock(Clock v) { this.clock = Objects.requireNonNull(v); return this; }
        /** Runs pod syncs (kills may block for a grace period): a pool in production, direct in tests. */
        public Builder podExecutor(Executor v) { this.podExecutor = Objects.requireNonNull(v); return this; }
        /** Runs probe attempts (each may block up to its timeout). */
        public Builder probeExecutor(Executor v) { this.probeExecutor = Objects.requireNonNull(v); return this; }
        /** Runs single probes; {@link DefaultProber} over the runtime's command runner by default. */
        public Builder prober(Prober v) { this.prober = Objects.requireNonNull(v); return this; }
        /** The restart back-off; kubelet's defaults on the agent's clock by default. */
        public Builder backoff(Backoff v) { this.backoff = Objects.requireNonNull(v); return this; }

        public NodeAgent build() {
            if (registry == null) {
                registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            }
            return new NodeAgent(this);
        }
    }
}
