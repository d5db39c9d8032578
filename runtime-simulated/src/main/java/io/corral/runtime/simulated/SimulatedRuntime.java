package io.corral.runtime.simulated;

import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.Capabilities;
import io.corral.runtime.spi.Container;
import io.corral.runtime.spi.ContainerAttacher;
import io.corral.runtime.spi.ContainerCommandRunner;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.ContainerState;
import io.corral.runtime.spi.ContainerStatus;
import io.corral.runtime.spi.EnvVar;
import io.corral.runtime.spi.ExecResult;
import io.corral.runtime.spi.ImageService;
import io.corral.runtime.spi.LogOptions;
import io.corral.runtime.spi.NodeAddress;
import io.corral.runtime.spi.NodeFingerprint;
import io.corral.runtime.spi.Pod;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PodSyncResult;
import io.corral.runtime.spi.PreparedFile;
import io.corral.runtime.spi.PullProgressListener;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.RestartPolicy;
import io.corral.runtime.spi.RuntimeStatus;
import io.corral.runtime.spi.SandboxStatus;
import io.corral.runtime.spi.SyncAction;
import io.corral.runtime.spi.SyncErrorReason;
import io.corral.runtime.spi.Volume;
import io.corral.runtime.spi.VolumeKind;
import io.corral.runtime.spi.VolumeMount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * A container runtime that runs nothing: pods and containers exist only as a little state in
 * memory, for hollow nodes (thousands in one JVM) and for tests of everything above the SPI.
 *
 * <h2>What it simulates</h2>
 * Containers run their command in virtual time, evaluated lazily when observed (no thread per
 * container): {@code sh -c} scripts and plain commands of a tiny vocabulary — {@code echo}
 * (with {@code -n}, {@code >}, {@code >>}, {@code >&2}), {@code cat}, {@code sleep N|infinity},
 * {@code exit N}, {@code true}, {@code false}, {@code trap 'exit N' TERM}, {@code touch},
 * {@code mkdir}, {@code hostname}, {@code while true; do ...; done} (runs until killed),
 * {@code $VAR}, {@code ;}, {@code &&}, {@code ||}. Any other command fails as "not found" with
 * exit code 127, as a shell would. A container without a command follows the configured
 * {@link ExitBehaviour}. Files live in memory: emptyDir volumes per pod, host-path and persistent
 * directories per runtime instance (never on the real disk), prepared files read-only.
 * Exec runs the same vocabulary at once (a command that would outlive its timeout fails with
 * {@code TIMEOUT} immediately). Killing a container ends it with its {@code trap} code when given a
 * grace period, else 137.
 *
 * <h2>What it does not</h2>
 * No network (containers do not reach each other), no attach, no port forwarding, no resource
 * limits, no recovery after a JVM restart: its {@link #capabilities()} say so.
 *
 * <h2>Injection</h2>
 * Start latency, default exit behaviour, the fingerprint and the clock are configured through the
 * {@link #builder() builder}; failures are injected at run time with {@link #failNextStarts(int)},
 * {@link #failPulls(String)}, {@link #crash(ContainerId, int)} and {@link #setUnready(String)}.
 *
 * <p>{@code syncPod} reads the runtime's own state rather than the status it is given (they agree
 * when the caller follows the contract), so a stale status never makes it double-start a container.
 *
 * <p>Thread-safe; state is locked per pod.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SimulatedRuntime implements ContainerRuntime {
    /** The runtime type and container id scheme. */
    public static final String TYPE = "simulated";
    private static final String VERSION = "0.1.0";
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    private static final int MAX_CACHED_SCRIPTS = 256;
    private static final Capabilities CAPABILITIES = Capabilities.builder()
            .exec(true).logs(true).logTimestamps(true)
            .hostNetwork(true).hostPorts(true)
            .volumeKinds(VolumeKind.values()).memoryEmptyDir(true).killContainer(true).podIpPlaceholder(true)
            .build();

    private final Clock clock;
    private final long startLatencyMillis;
    private final ExitBehaviour exitBehaviour;
    private final NodeFingerprint fingerprint;
    private final Capabilities capabilities;
    private final SimulatedImageService images;
    private final Duration pullTimeout;
    private final ConcurrentHashMap<String, SimPod> pods = new ConcurrentHashMap<>(16);
    private final ConcurrentHashMap<String, Map<String, byte[]>> hostDirectories = new ConcurrentHashMap<>(1);
    private final AtomicInteger failNextStarts = new AtomicInteger();
    private final AtomicInteger ipSequence = new AtomicInteger();
    private final int ipBase;
    private final CommandRunner commandRunner = new CommandRunner();
    private final ConcurrentHashMap<List<String>, Script> scripts = new ConcurrentHashMap<>(4);
    private volatile String unreadyReason;
    private volatile boolean closed;

    private SimulatedRuntime(Builder b) {
        this.clock = b.clock;
        this.startLatencyMillis = b.startLatency.toMillis();
        this.exitBehaviour = b.exitBehaviour;
        this.images = new SimulatedImageService(b.missingImages, b.imageSizeBytes, b.preloadedImages);
        this.pullTimeout = b.pullTimeout;
        this.capabilities = Capabilities.builder().exec(CAPABILITIES.exec())
                .logs(CAPABILITIES.logs()).logTimestamps(CAPABILITIES.logTimestamps())
                .hostNetwork(CAPABILITIES.hostNetwork()).hostPorts(CAPABILITIES.hostPorts())
                .volumeKinds(CAPABILITIES.volumeKinds().toArray(VolumeKind[]::new))
                .memoryEmptyDir(CAPABILITIES.memoryEmptyDir())
                .killContainer(b.killContainer).podIpPlaceholder(b.podIpPlaceholder).build();
        NodeFingerprint.Builder fp = NodeFingerprint.builder()
                .cpuMillis(b.cpuMillis).memoryBytes(b.memoryBytes).podsCapacity(b.pods)
                .operatingSystem("linux").architecture(b.architecture).kernelVersion("simulated")
                .runtimeName(TYPE).runtimeVersion(VERSION).hostname(b.nodeName)
                .address(NodeAddress.Type.HOSTNAME, b.nodeName).labels(b.labels);
        if (b.internalIp != null) {
            fp.address(NodeAddress.Type.INTERNAL_IP, b.internalIp);
        }
        this.fingerprint = fp.build();
        // Spread pod IPs of different nodes over 10.0.0.0/8 by node name; unique within a node.
        this.ipBase = (b.nodeName.hashCode() & 0xff) << 16;
    }

    /** A builder with defaults: 4 CPUs, 8 GiB, 110 pods, no start latency, the system clock. */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------ failure injection

    /** Makes the next {@code n} container starts fail with {@code RunContainerError}. */
    public void failNextStarts(int n) {
        if (n < 0) {
            throw ContainerRuntimeException.invalidArgument("n", "must not be negative");
        }
        failNextStarts.set(n);
    }

    /** Makes every pull of the image fail with {@code IMAGE_PULL_FAILED} until {@link #allowPulls(String)}. */
    public void failPulls(String image) {
        images.failPulls(image);
    }

    /** Undoes {@link #failPulls(String)}. */
    public void allowPulls(String image) {
        images.allowPulls(image);
    }

    /** Reports the runtime not ready with the reason (null to report ready again). */
    public void setUnready(String reason) {
        this.unreadyReason = reason;
    }

    /**
     * Makes a running container exit now with the code, as if it crashed.
     *
     * @throws ContainerRuntimeException {@code CONTAINER_NOT_FOUND}
     */
    public void crash(ContainerId containerId, int exitCode) {
        SimPod pod = podOf(containerId);
        if (pod != null) {
            synchronized (pod) {
                long now = clock.millis();
                advance(pod, now);
                SimContainer c = pod.find(containerId);
                if (c != null) {
                    if (!c.exited()) {
                        c.process.kill(now, exitCode & 0xff);
                        c.noteExit();
                    }
                    return;
                }
            }
        }
        throw ContainerRuntimeException.containerNotFound(containerId);
    }

    /** How many pods this runtime holds (running or not). */
    public int podCount() {
        return pods.size();
    }

    // ------------------------------------------------------------ ContainerRuntime

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public String apiVersion() {
        return VERSION;
    }

    @Override
    public RuntimeStatus status() {
        if (closed) {
            return RuntimeStatus.notReady("RuntimeClosed", "the simulated runtime was closed");
        }
        String reason = unreadyReason;
        return reason == null ? RuntimeStatus.allReady() : RuntimeStatus.notReady("SimulatedFailure", reason);
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public NodeFingerprint fingerprint() {
        return fingerprint;
    }

    @Override
    public List<Pod> getPods(boolean all) {
        ensureOpen();
        long now = clock.millis();
        List<Pod> result = new ArrayList<>(pods.size());
        for (SimPod pod : pods.values()) {
            synchronized (pod) {
                if (pod.removed) {
                    continue;
                }
                advance(pod, now);
                if (!all && !pod.isRunning()) {
                    continue;
                }
                List<Container> containers = new ArrayList<>(pod.containers.size());
                for (SimContainer c : pod.containers) {
                    ContainerState state = c.state(now);
                    if (all || state != ContainerState.EXITED) {
                        containers.add(new Container(c.id(), c.name(), c.spec.image(), state, c.spec.hash()));
                    }
                }
                List<Container> sandboxes = pod.hasSandbox && (all || pod.sandboxReady)
                        ? List.of(new Container(pod.sandboxId(), "sandbox", "", pod.sandboxReady ? ContainerState.RUNNING
                        : ContainerState.EXITED, 0))
                        : List.of();
                result.add(new Pod(pod.uid, pod.name, pod.namespace, containers, sandboxes));
            }
        }
        return result;
    }

    @Override
    public PodSyncResult syncPod(PodDescription pod, PodStatus status, List<RegistryCredentials> pullSecrets, Backoff backoff) {
        required(pod, "pod");
        required(status, "status");
        required(pullSecrets, "pullSecrets");
        required(backoff, "backoff");
        PodSyncResult.Builder result = PodSyncResult.builder();
        if (closed || unreadyReason != null) {
            return result.syncError(new ContainerRuntimeException(Reason.RUNTIME_UNAVAILABLE, status().message())).build();
        }
        List<String> unsupported = capabilities.unsupportedFeatures(pod);
        if (!unsupported.isEmpty()) {
            return result.fail(SyncAction.CREATE_POD_SANDBOX, pod.fullName(), SyncErrorReason.UNSUPPORTED,
                    String.join("; ", unsupported)).build();
        }
        while (true) {
            SimPod sim = pods.computeIfAbsent(pod.uid(), uid -> new SimPod(uid, pod.name(), pod.namespace()));
            synchronized (sim) {
                if (sim.removed) {
                    continue; // deleted concurrently: start over with a fresh pod
                }
                long now = clock.millis();
                advance(sim, now);
                sim.description = pod;
                sync(sim, pod, pullSecrets, backoff, now, result);
                return result.build();
            }
        }
    }

    private void sync(SimPod sim, PodDescription pod, List<RegistryCredentials> pullSecrets, Backoff backoff, long now,
                      PodSyncResult.Builder result) {
        if (!sim.hasSandbox || !sim.sandboxReady) {
            boolean ranBefore = !sim.containers.isEmpty();
            if (ranBefore && pod.restartPolicy() == RestartPolicy.NEVER) {
                return; // a finished pod that must not restart: kubelet leaves it be
            }
            for (SimContainer c : sim.containers) {
                if (!c.exited()) {
                    c.kill(now, false);
                    result.ok(SyncAction.KILL_CONTAINER, c.name());
                }
            }
            sim.sandboxGeneration++;
            sim.hasSandbox = true;
            sim.sandboxCreatedAt = now;
            sim.sandboxReady = true;
            sim.ip = pod.hostNetwork() ? 0 : nextIp();
            result.ok(SyncAction.CREATE_POD_SANDBOX, pod.fullName());
        }
        for (SimContainer c : sim.containers) {
            if (!c.exited() && pod.findContainer(c.name()).isEmpty()) {
                c.kill(now, true);
                result.ok(SyncAction.KILL_CONTAINER, c.name());
            }
        }
        for (ContainerDescription init : pod.initContainers()) {
            SimContainer current = sim.current(init.name());
            if (current == null) {
                start(sim, pod, init, pullSecrets, backoff, now, result);
                return;
            }
            if (!current.exited()) {
                return; // wait for it to complete
            }
            if (current.exitCode == 0) {
                continue;
            }
            if (pod.restartPolicy() == RestartPolicy.NEVER) {
                result.fail(SyncAction.INIT_CONTAINER, init.name(), SyncErrorReason.INIT_CONTAINER_FAILED,
                        "init container " + init.name() + " exited with code " + current.exitCode);
                return;
            }
            start(sim, pod, init, pullSecrets, backoff, now, result);
            return;
        }
        for (ContainerDescription spec : pod.containers()) {
            SimContainer current = sim.current(spec.name());
            if (current == null) {
                start(sim, pod, spec, pullSecrets, backoff, now, result);
            } else if (!current.exited()) {
                if (!current.spec.equals(spec) && current.spec.hash() != spec.hash()) {
                    current.kill(now, true);
                    result.ok(SyncAction.KILL_CONTAINER, spec.name());
                    start(sim, pod, spec, pullSecrets, backoff, now, result);
                }
            } else if (pod.restartPolicy().shouldRestart(current.exitCode)) {
                start(sim, pod, spec, pullSecrets, backoff, now, result);
            }
        }
    }

    /** Starts a container, unless its previous instance is in back-off or its image cannot be had. */
    private void start(SimPod sim, PodDescription pod, ContainerDescription spec, List<RegistryCredentials> pullSecrets,
                       Backoff backoff, long now, PodSyncResult.Builder result) {
        SimContainer previous = sim.newest(spec.name());
        if (previous != null && previous.exited()) {
            String key = Backoff.key(pod, spec);
            Instant exitedAt = Instant.ofEpochMilli(previous.finishedAt);
            if (backoff.isInBackOffSince(key, exitedAt)) {
                result.fail(SyncAction.START_CONTAINER, spec.name(), SyncErrorReason.CRASH_LOOP_BACK_OFF,
                        "back-off " + backoff.delay(key).toSeconds() + "s restarting failed container " + spec.name()
                                + " in pod " + pod.fullName());
                return;
            }
            backoff.next(key, exitedAt);
        }
        if (!ensureImage(spec, pullSecrets, result)) {
            return;
        }
        if (failNextStarts.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            result.fail(SyncAction.START_CONTAINER, spec.name(), SyncErrorReason.RUN_CONTAINER_ERROR,
                    "injected start failure of container " + spec.name());
            return;
        }
        Script script = scriptFor(argv(capabilities.podIpPlaceholder() ? spec.withPodIp(Objects.toString(sim.ip(), "")) : spec));
        if (script == null) {
            script = exitBehaviour.script();
        }
        long startAt = now + startLatencyMillis;
        int restartCount = previous == null ? 0 : previous.restartCount + 1;
        sim.containers.add(new SimContainer(sim.uid, ++sim.nextSequence, spec, sim.sandboxGeneration, now, startAt, restartCount,
                new SimProcess(script, startAt)));
        sim.collectGarbage(spec.name());
        result.ok(SyncAction.START_CONTAINER, spec.name());
    }

    /** Parsed scripts by argv: pods of a node mostly run the same commands, so they share one parse. */
    private Script scriptFor(List<String> argv) {
        Script cached = scripts.get(argv);
        if (cached != null) {
            return cached;
        }
        Script parsed = Script.of(argv);
        if (parsed != null && scripts.size() < MAX_CACHED_SCRIPTS) {
            scripts.putIfAbsent(argv, parsed);
        }
        return parsed;
    }

    private static List<String> argv(ContainerDescription spec) {
        if (spec.command().isEmpty()) {
            return spec.args();
        }
        if (spec.args().isEmpty()) {
            return spec.command();
        }
        List<String> argv = new ArrayList<>(spec.command());
        argv.addAll(spec.args());
        return argv;
    }

    private boolean ensureImage(ContainerDescription spec, List<RegistryCredentials> pullSecrets, PodSyncResult.Builder result) {
        String image = spec.image();
        if (!SimulatedImageService.isValid(image)) {
            result.fail(SyncAction.START_CONTAINER, spec.name(), SyncErrorReason.INVALID_IMAGE_NAME,
                    "invalid image reference \"" + image + "\"");
            return false;
        }
        boolean present = images.isPresent(image);
        switch (spec.imagePullPolicy()) {
            case NEVER -> {
                if (!present) {
                    result.fail(SyncAction.START_CONTAINER, spec.name(), SyncErrorReason.ERR_IMAGE_NEVER_PULL,
                            "image " + image + " is not present with pull policy Never");
                }
                return present;
            }
            case IF_NOT_PRESENT -> {
                if (present) {
                    return true;
                }
            }
            case ALWAYS -> {
                // pull below
            }
        }
        try {
            images.pull(image, credentialsFor(image, pullSecrets), pullTimeout, PullProgressListener.NONE);
            return true;
        } catch (ContainerRuntimeException e) {
            result.fail(SyncAction.START_CONTAINER, spec.name(), SyncErrorReason.ERR_IMAGE_PULL, e.getMessage());
            return false;
        }
    }

    private static RegistryCredentials credentialsFor(String image, List<RegistryCredentials> pullSecrets) {
        int slash = image.indexOf('/');
        String registry = slash > 0 && (image.substring(0, slash).contains(".") || image.substring(0, slash).contains(":"))
                ? image.substring(0, slash) : "docker.io";
        return pullSecrets.stream().filter(c -> c.registry().equals(registry)).findFirst().orElse(null);
    }

    @Override
    public PodSyncResult killPod(PodDescription pod, Pod runningPod, Duration gracePeriodOverride) {
        required(runningPod, "runningPod");
        ensureOpen();
        Duration grace = gracePeriodOverride != null ? gracePeriodOverride
                : pod != null ? pod.terminationGrace() : DEFAULT_GRACE;
        boolean graceful = !grace.isZero() && !grace.isNegative();
        PodSyncResult.Builder result = PodSyncResult.builder();
        SimPod sim = pods.get(runningPod.uid());
        if (sim == null) {
            runningPod.containers().forEach(c -> result.ok(SyncAction.KILL_CONTAINER, c.name()));
            if (!runningPod.sandboxes().isEmpty()) {
                result.ok(SyncAction.KILL_POD_SANDBOX, fullName(runningPod));
            }
            return result.build();
        }
        synchronized (sim) {
            long now = clock.millis();
            advance(sim, now);
            for (SimContainer c : sim.containers) {
                if (!c.exited()) {
                    c.kill(now, graceful);
                    result.ok(SyncAction.KILL_CONTAINER, c.name());
                }
            }
            if (sim.hasSandbox) {
                sim.sandboxReady = false;
                result.ok(SyncAction.KILL_POD_SANDBOX, sim.fullName());
            }
        }
        return result.build();
    }

    /**
     * Kills one container without blocking: a container with a {@code trap 'exit N' TERM} handler exits
     * now with {@code N}; any other is killed with 137, its finish time dated at the end of the grace
     * period (the simulator does not wait for it in real time).
     */
    @Override
    public void killContainer(ContainerId containerId, Duration gracePeriod) {
        required(containerId, "containerId");
        required(gracePeriod, "gracePeriod");
        if (!capabilities.killContainer()) {
            throw ContainerRuntimeException.unsupported("killing a single container");
        }
        if (gracePeriod.isNegative()) {
            throw ContainerRuntimeException.invalidArgument("gracePeriod", "must not be negative, was " + gracePeriod);
        }
        ensureOpen();
        SimPod sim = podOf(containerId);
        if (sim == null) {
            return;
        }
        synchronized (sim) {
            long now = clock.millis();
            advance(sim, now);
            SimContainer c = sim.find(containerId);
            if (c == null || c.exited()) {
                return;
            }
            boolean graceful = !gracePeriod.isZero();
            boolean handlesTerm = graceful && c.process.trapExitCode() != SimProcess.NO_TRAP && now >= c.startedAt;
            c.kill(handlesTerm ? now : now + gracePeriod.toMillis(), handlesTerm);
        }
    }

    private static String fullName(Pod pod) {
        return pod.namespace() + "/" + (pod.name().isEmpty() ? pod.uid() : pod.name());
    }

    @Override
    public PodStatus getPodStatus(String uid, String name, String namespace) {
        ensureOpen();
        SimPod sim = pods.get(uid);
        if (sim == null) {
            return PodStatus.empty(uid, name, namespace);
        }
        synchronized (sim) {
            if (sim.removed) {
                return PodStatus.empty(uid, name, namespace);
            }
            long now = clock.millis();
            advance(sim, now);
            List<ContainerStatus> statuses = new ArrayList<>(sim.containers.size());
            for (int i = sim.containers.size() - 1; i >= 0; i--) {
                statuses.add(statusOf(sim.containers.get(i), now));
            }
            List<SandboxStatus> sandboxes = !sim.hasSandbox ? List.of()
                    : List.of(new SandboxStatus(sim.sandboxId(), sim.sandboxReady, Instant.ofEpochMilli(sim.sandboxCreatedAt), sim.ip()));
            List<String> ips = sim.ip == 0 || !sim.sandboxReady ? List.of() : List.of(sim.ip());
            return new PodStatus(uid, sim.name, sim.namespace, ips, sandboxes, statuses);
        }
    }

    private static ContainerStatus statusOf(SimContainer c, long now) {
        ContainerState state = c.state(now);
        ContainerStatus.Builder b = ContainerStatus.builder()
                .id(c.id()).name(c.name()).state(state).image(c.spec.image())
                .imageId(null).restartCount(c.restartCount).hash(c.spec.hash())
                .createdAt(Instant.ofEpochMilli(c.createdAt));
        if (state != ContainerState.CREATED) {
            b.startedAt(Instant.ofEpochMilli(c.startedAt));
        }
        if (state == ContainerState.EXITED) {
            b.finishedAt(Instant.ofEpochMilli(Math.max(c.finishedAt, c.startedAt)))
                    .exitCode(c.exitCode)
                    .reason(c.exitCode == 0 ? ContainerStatus.REASON_COMPLETED : ContainerStatus.REASON_ERROR);
        }
        return b.build();
    }

    @Override
    public Optional<String> getNetNs(ContainerId containerId) {
        SimPod sim = podOf(containerId);
        if (sim != null) {
            synchronized (sim) {
                if (sim.isSandbox(containerId) || sim.find(containerId) != null) {
                    return Optional.empty();
                }
            }
        }
        throw ContainerRuntimeException.containerNotFound(containerId);
    }

    @Override
    public ContainerId getPodContainerId(Pod pod) {
        if (pod.sandboxes().isEmpty()) {
            throw new ContainerRuntimeException(Reason.POD_NOT_FOUND, "pod " + fullName(pod) + " has no sandbox");
        }
        return pod.sandboxes().get(0).id();
    }

    @Override
    public void getContainerLogs(PodDescription pod, ContainerId containerId, LogOptions options, OutputStream stdout,
                                 OutputStream stderr) {
        required(options, "options");
        required(stdout, "stdout");
        required(stderr, "stderr");
        ensureOpen();
        SimPod sim = podOf(containerId);
        if (sim == null) {
            throw ContainerRuntimeException.containerNotFound(containerId);
        }
        int written;
        boolean exited;
        List<SimContainer.LogLine> lines;
        synchronized (sim) {
            if (sim.isSandbox(containerId)) {
                return;
            }
            SimContainer c = sim.find(containerId);
            if (c == null) {
                throw ContainerRuntimeException.containerNotFound(containerId);
            }
            advance(sim, clock.millis());
            List<SimContainer.LogLine> all = c.logs == null ? List.of() : c.logs;
            written = all.size();
            lines = select(all, options);
            exited = c.exited();
        }
        write(lines, options, stdout, stderr);
        while (options.follow() && !exited) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerRuntimeException(Reason.INTERRUPTED, "interrupted following logs of " + containerId, e);
            }
            synchronized (sim) {
                SimContainer c = sim.find(containerId);
                if (c == null) {
                    return;
                }
                advance(sim, clock.millis());
                List<SimContainer.LogLine> all = c.logs == null ? List.of() : c.logs;
                lines = new ArrayList<>(all.subList(Math.min(written, all.size()), all.size()));
                written = all.size();
                exited = c.exited();
            }
            write(lines, options.withTailLines(-1), stdout, stderr);
        }
    }

    private static List<SimContainer.LogLine> select(List<SimContainer.LogLine> all, LogOptions options) {
        Deque<SimContainer.LogLine> selected = new ArrayDeque<>();
        long since = options.since() == null ? Long.MIN_VALUE : options.since().toEpochMilli();
        for (SimContainer.LogLine line : all) {
            if (line.at() >= since) {
                selected.addLast(line);
                if (options.tailLines() >= 0 && selected.size() > options.tailLines()) {
                    selected.removeFirst();
                }
            }
        }
        return new ArrayList<>(selected);
    }

    private static void write(List<SimContainer.LogLine> lines, LogOptions options, OutputStream stdout, OutputStream stderr) {
        try {
            for (SimContainer.LogLine line : lines) {
                String text = options.timestamps() ? Instant.ofEpochMilli(line.at()) + " " + line.text() : line.text();
                (line.stderr() ? stderr : stdout).write(text.getBytes(StandardCharsets.UTF_8));
            }
            stdout.flush();
            stderr.flush();
        } catch (IOException e) {
            throw new ContainerRuntimeException(Reason.INTERNAL, "writing container logs failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void deleteContainer(ContainerId containerId) {
        required(containerId, "containerId");
        ensureOpen();
        SimPod sim = podOf(containerId);
        if (sim == null) {
            return;
        }
        synchronized (sim) {
            if (sim.removed) {
                return;
            }
            long now = clock.millis();
            advance(sim, now);
            if (sim.isSandbox(containerId)) {
                sim.hasSandbox = false;
                sim.sandboxReady = false;
                sim.ip = 0;
            } else {
                SimContainer c = sim.find(containerId);
                if (c == null) {
                    return;
                }
                c.kill(now, false);
                sim.containers.remove(c);
            }
            if (!sim.hasSandbox && sim.containers.isEmpty()) {
                sim.removed = true;
                pods.remove(sim.uid, sim);
            }
        }
    }

    @Override
    public ImageService imageService() {
        return images;
    }

    @Override
    public Optional<ContainerCommandRunner> commandRunner() {
        return Optional.of(commandRunner);
    }

    @Override
    public Optional<ContainerAttacher> attacher() {
        return Optional.empty();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "SimulatedRuntime[" + fingerprint.hostname() + ", " + pods.size() + " pods]";
    }

    // ------------------------------------------------------------ internals

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw ContainerRuntimeException.invalidArgument(field, "must not be null");
        }
        return value;
    }

    private void ensureOpen() {
        if (closed) {
            throw new ContainerRuntimeException(Reason.RUNTIME_UNAVAILABLE, "the simulated runtime was closed");
        }
    }

    private SimPod podOf(ContainerId id) {
        if (!id.type().equals(TYPE)) {
            return null;
        }
        int at = id.id().lastIndexOf(SimPod.ID_SEPARATOR);
        return at <= 0 ? null : pods.get(id.id().substring(0, at));
    }

    /** A pod IP in 10.0.0.0/8 as an int (the low 24 bits); never 0. */
    private int nextIp() {
        int n = (ipSequence.incrementAndGet() + ipBase) & 0xffffff;
        return n == 0 ? nextIp() : n;
    }

    /** Runs every container's due steps up to {@code now}, in time order across the pod's containers. */
    private void advance(SimPod pod, long now) {
        while (true) {
            SimContainer next = null;
            long at = Long.MAX_VALUE;
            for (SimContainer c : pod.containers) {
                if (!c.exited()) {
                    long t = c.process.nextEventAt();
                    if (t < at) {
                        at = t;
                        next = c;
                    }
                }
            }
            if (next == null || at > now) {
                return;
            }
            next.process.step(new ContainerMachine(pod, next));
            next.noteExit();
        }
    }

    /** A container's view of files, environment and output. */
    private class ContainerMachine implements SimProcess.Machine {
        final SimPod pod;
        final SimContainer container;

        ContainerMachine(SimPod pod, SimContainer container) {
            this.pod = pod;
            this.container = container;
        }

        @Override
        public String env(String name) {
            List<EnvVar> env = container.spec.env();
            for (int i = env.size() - 1; i >= 0; i--) {
                if (env.get(i).name().equals(name)) {
                    String value = env.get(i).value();
                    return capabilities.podIpPlaceholder()
                            ? value.replace(ContainerDescription.POD_IP_PLACEHOLDER, Objects.toString(pod.ip(), "")) : value;
                }
            }
            return switch (name) {
                case "HOSTNAME" -> pod.description == null ? pod.name : pod.description.effectiveHostname();
                case "HOME" -> "/root";
                case "PATH" -> "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
                default -> null;
            };
        }

        @Override
        public byte[] read(String path) {
            Location location = locate(path);
            if (location.prepared != null) {
                for (PreparedFile f : location.prepared.files()) {
                    if (f.path().equals(location.relative)) {
                        return f.content();
                    }
                }
                return null;
            }
            return location.files == null ? null : location.files.get(location.relative);
        }

        @Override
        public String write(String path, byte[] data, boolean append) {
            Location location = locate(path);
            if (location.readOnly || location.prepared != null) {
                return "Read-only file system";
            }
            if (location.relative.isEmpty()) {
                return "Is a directory";
            }
            location.files.merge(location.relative, data, (old, add) -> append ? concat(old, add) : add);
            return null;
        }

        @Override
        public void output(long at, boolean stderr, byte[] bytes) {
            container.log(at, stderr, bytes);
        }

        private Location locate(String rawPath) {
            String path = normalize(rawPath, container.spec.workingDir());
            VolumeMount best = null;
            String bestPath = null;
            for (VolumeMount m : container.spec.mounts()) {
                String mountPath = stripTrailingSlash(m.containerPath());
                boolean under = path.equals(mountPath) || path.startsWith(mountPath.equals("/") ? "/" : mountPath + "/");
                if (under && (bestPath == null || mountPath.length() > bestPath.length())) {
                    best = m;
                    bestPath = mountPath;
                }
            }
            if (best == null) {
                return new Location(container.files(), path, false, null);
            }
            String relative = path.substring(bestPath.length());
            if (relative.startsWith("/")) {
                relative = relative.substring(1);
            }
            Volume volume = pod.description == null ? null : pod.description.findVolume(best.name()).orElse(null);
            if (volume instanceof Volume.PreparedFiles prepared) {
                return new Location(null, relative, true, prepared);
            }
            Map<String, byte[]> files;
            if (volume instanceof Volume.HostPath host) {
                files = hostDirectory(host.path());
            } else if (volume instanceof Volume.PersistentDirectory dir) {
                files = hostDirectory(dir.path());
            } else {
                files = pod.emptyDir(best.name());
            }
            return new Location(files, relative, best.readOnly(), null);
        }
    }

    /** Where a path leads: a map of files and the key in it, or prepared files. */
    private record Location(Map<String, byte[]> files, String relative, boolean readOnly, Volume.PreparedFiles prepared) {
    }

    private Map<String, byte[]> hostDirectory(String hostPath) {
        return hostDirectories.computeIfAbsent(normalize(hostPath, "/"), p -> new ConcurrentHashMap<>(4));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static String stripTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** An absolute path without {@code .}, {@code ..} or repeated slashes. */
    static String normalize(String path, String workingDir) {
        String absolute = path.startsWith("/") ? path : (workingDir == null ? "/" : workingDir) + "/" + path;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : absolute.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** Runs exec commands in virtual time: at once, failing with TIMEOUT if they would outlive the timeout. */
    private final class CommandRunner implements ContainerCommandRunner {
        @Override
        public ExecResult runInContainer(ContainerId containerId, List<String> command, Duration timeout) {
            required(containerId, "containerId");
            required(timeout, "timeout");
            if (command == null || command.isEmpty()) {
                throw ContainerRuntimeException.invalidArgument("command", "must not be empty");
            }
            if (timeout.isZero() || timeout.isNegative()) {
                throw ContainerRuntimeException.invalidArgument("timeout", "must be positive, was " + timeout);
            }
            ensureOpen();
            SimPod sim = podOf(containerId);
            if (sim == null) {
                throw ContainerRuntimeException.containerNotFound(containerId);
            }
            synchronized (sim) {
                SimContainer c = sim.find(containerId);
                if (c == null) {
                    throw ContainerRuntimeException.containerNotFound(containerId);
                }
                long now = clock.millis();
                advance(sim, now);
                ContainerState state = c.state(now);
                if (state != ContainerState.RUNNING) {
                    throw new ContainerRuntimeException(Reason.CONTAINER_NOT_RUNNING,
                            "container " + containerId + " is not running (" + state + ")");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                SimProcess process = new SimProcess(Script.of(command), now);
                ContainerMachine machine = new ContainerMachine(sim, c) {
                    @Override
                    public void output(long at, boolean stderr, byte[] bytes) {
                        (stderr ? err : out).writeBytes(bytes);
                    }
                };
                long deadline = now + timeout.toMillis();
                while (!process.done() && process.nextEventAt() <= deadline) {
                    process.step(machine);
                }
                if (!process.done()) {
                    throw new ContainerRuntimeException(Reason.TIMEOUT, "command " + command + " did not finish within "
                            + timeout.toMillis() + " ms in container " + containerId);
                }
                return new ExecResult(process.exitCode(), out.toByteArray(), err.toByteArray());
            }
        }
    }

    /** Builder of {@link SimulatedRuntime}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private String nodeName = "simulated-" + UUID.randomUUID().toString().substring(0, 8);
        private long cpuMillis = 4000;
        private long memoryBytes = 8L << 30;
        private int pods = 110;
        private String architecture = "amd64";
        private String internalIp;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private Duration startLatency = Duration.ZERO;
        private ExitBehaviour exitBehaviour = ExitBehaviour.runForever();
        private Predicate<String> missingImages = image -> image.contains("does-not-exist");
        private long imageSizeBytes = 5L << 20;
        private final List<String> preloadedImages = new ArrayList<>();
        private Duration pullTimeout = Duration.ofMinutes(5);
        private boolean killContainer = true;
        private boolean podIpPlaceholder = true;

        private Builder() {
        }

        /** The node's host name, also its fingerprint's hostname. */
        public Builder nodeName(String nodeName) {
            this.nodeName = requireText(nodeName, "nodeName");
            return this;
        }

        /** Allocatable CPU in millicores. */
        public Builder cpuMillis(long cpuMillis) {
            this.cpuMillis = requireNotNegative(cpuMillis, "cpuMillis");
            return this;
        }

        /** Allocatable memory in bytes. */
        public Builder memoryBytes(long memoryBytes) {
            this.memoryBytes = requireNotNegative(memoryBytes, "memoryBytes");
            return this;
        }

        /** Pod capacity. */
        public Builder pods(int pods) {
            this.pods = (int) requireNotNegative(pods, "pods");
            return this;
        }

        /** The architecture reported, {@code amd64} by default. */
        public Builder architecture(String architecture) {
            this.architecture = requireText(architecture, "architecture");
            return this;
        }

        /** An internal IP reported in the fingerprint; none by default. */
        public Builder internalIp(String internalIp) {
            this.internalIp = internalIp;
            return this;
        }

        /** A label the fingerprint suggests for the node. */
        public Builder label(String key, String value) {
            labels.put(requireText(key, "label key"), Objects.requireNonNull(value, "label value"));
            return this;
        }

        /** Labels the fingerprint suggests for the node. */
        public Builder labels(Map<String, String> labels) {
            labels.forEach(this::label);
            return this;
        }

        /** The clock of container times and virtual execution. */
        public Builder clock(Clock clock) {
            this.clock = required(clock, "clock");
            return this;
        }

        /** How long a started container stays CREATED before it runs. */
        public Builder startLatency(Duration startLatency) {
            if (startLatency.isNegative()) {
                throw ContainerRuntimeException.invalidArgument("startLatency", "must not be negative");
            }
            this.startLatency = startLatency;
            return this;
        }

        /** What containers without a command do. */
        public Builder exitBehaviour(ExitBehaviour exitBehaviour) {
            this.exitBehaviour = required(exitBehaviour, "exitBehaviour");
            return this;
        }

        /**
         * Which image references the simulated registry lacks (pulls fail with IMAGE_NOT_FOUND);
         * by default those containing {@code does-not-exist}.
         */
        public Builder missingImages(Predicate<String> missingImages) {
            this.missingImages = required(missingImages, "missingImages");
            return this;
        }

        /** The size every simulated image reports. */
        public Builder imageSizeBytes(long imageSizeBytes) {
            this.imageSizeBytes = requireNotNegative(imageSizeBytes, "imageSizeBytes");
            return this;
        }

        /** Images present from the start. */
        public Builder preloadedImage(String image) {
            preloadedImages.add(requireText(image, "image"));
            return this;
        }

        /** The pull timeout of syncPod (pulls are instant here; kept for symmetry with real runtimes). */
        public Builder pullTimeout(Duration pullTimeout) {
            this.pullTimeout = required(pullTimeout, "pullTimeout");
            return this;
        }

        /**
         * Whether the runtime declares {@link Capabilities#killContainer()} (on by default); off, it
         * behaves like a runtime that can only kill whole pods, for testing callers' fallbacks.
         */
        public Builder killContainer(boolean on) {
            this.killContainer = on;
            return this;
        }

        /**
         * Whether the runtime declares {@link Capabilities#podIpPlaceholder()} (on by default); off, the
         * placeholder reaches containers as it is, like a runtime without rule 13.
         */
        public Builder podIpPlaceholder(boolean on) {
            this.podIpPlaceholder = on;
            return this;
        }

        public SimulatedRuntime build() {
            return new SimulatedRuntime(this);
        }

        private static String requireText(String value, String field) {
            if (value == null || value.isBlank()) {
                throw ContainerRuntimeException.invalidArgument(field, "must not be blank");
            }
            return value;
        }

        private static long requireNotNegative(long value, String field) {
            if (value < 0) {
                throw ContainerRuntimeException.invalidArgument(field, "must not be negative, was " + value);
            }
            return value;
        }
    }
}
