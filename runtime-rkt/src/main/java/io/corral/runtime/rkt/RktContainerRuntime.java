package io.corral.runtime.rkt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.corral.runtime.spi.DnsConfig;
import io.corral.runtime.spi.ExecResult;
import io.corral.runtime.spi.ImagePullPolicy;
import io.corral.runtime.spi.ImageService;
import io.corral.runtime.spi.LogOptions;
import io.corral.runtime.spi.NodeAddress;
import io.corral.runtime.spi.NodeFingerprint;
import io.corral.runtime.spi.Pod;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PodSyncResult;
import io.corral.runtime.spi.PreparedFile;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.RuntimeStatus;
import io.corral.runtime.spi.SandboxStatus;
import io.corral.runtime.spi.SyncAction;
import io.corral.runtime.spi.SyncErrorReason;
import io.corral.runtime.spi.Volume;
import io.corral.runtime.spi.VolumeKind;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rkt runtime (rkt v1.30, the last release), driven through the {@code rkt} command line.
 * rkt has no daemon: each pod is a process tree started by {@code rkt run-prepared}, which this
 * runtime supervises ({@link RktConfig.Supervisor}). rkt pods are immutable once prepared, so a
 * Corral pod maps onto a series of rkt pods ("generations"): a change to the set of containers or
 * the restart of an exited container stops the current generation and prepares a new one holding
 * every container that should run; each init container runs in a one-app rkt pod of its own. Every
 * rkt pod carries annotations naming the Corral pod's uid, name and namespace, and per container its
 * spec hash, restart count and image reference, so {@link #getPods} finds them again after a
 * restart of the JVM or the host.
 *
 * <p>Ids: an app is {@code rkt://<uuid>:<app>}, a sandbox (a whole rkt pod) {@code rkt://<uuid>}.
 * Volumes live on the host under {@link RktConfig#stateDir()} (or {@code /dev/shm} for secrets) and
 * are mounted with {@code kind: host}, so they survive generations as an emptyDir survives
 * container restarts. Thread-safe, per the {@link ContainerRuntime} contract.
 *
 * <p>No {@link Capabilities#killContainer() single-container kill}: rkt v1.30's {@code rkt app stop}
 * works only on a mutable pod ({@code rkt app sandbox}, experimental), and this runtime runs immutable
 * pods, where restarting one app means a new generation of every app; the rest of the pod could not
 * keep running with the same ids, which rule 12 requires. {@link #killContainer} therefore fails with
 * {@code UNSUPPORTED}, and the node agent restarts such a pod whole after a failed liveness probe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RktContainerRuntime implements ContainerRuntime {
    /** The runtime type and container id scheme. */
    public static final String TYPE = "rkt";
    private static final Logger LOG = LoggerFactory.getLogger(RktContainerRuntime.class);
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Duration POLL = Duration.ofMillis(50);

    private final RktConfig config;
    private final ObjectMapper mapper = new ObjectMapper();
    private final RktCli cli;
    private final RktJson json;
    private final RktImageService images;
    private final PodManifests manifests;
    private final PodSupervisor supervisor;
    private final Path podsDir;
    private final Path scratch;
    private final ScheduledExecutorService gc;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Capabilities capabilities;
    private volatile RktVersion version;

    /**
     * Creates the runtime; contacts rkt only lazily, so a missing binary shows in {@link #status()}.
     *
     * @throws ContainerRuntimeException {@code INTERNAL} if the state directory cannot be set up
     */
    public RktContainerRuntime(RktConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        this.podsDir = config.stateDir().resolve("pods");
        this.scratch = config.stateDir().resolve("tmp");
        this.cli = new RktCli(config, scratch);
        this.json = new RktJson(mapper);
        this.images = new RktImageService(config, cli, json, mapper, scratch);
        this.manifests = new PodManifests(mapper, config.dockerImages());
        this.supervisor = new PodSupervisor(config, cli, config.stateDir().resolve("logs"), config.stateDir().resolve("bin"));
        this.capabilities = Capabilities.builder().exec(true).attach(false).logs(true).logTimestamps(true)
                .portForward(false).sharedNetwork(true).hostNetwork(true).hostPorts(true)
                .volumeKinds(VolumeKind.EMPTY_DIR, VolumeKind.HOST_PATH, VolumeKind.PREPARED_FILES, VolumeKind.PERSISTENT_DIRECTORY)
                .memoryEmptyDir(false).resourceLimits(true).survivesHostRestart(true).build();
        if (config.gcInterval().isZero()) {
            this.gc = null;
        } else {
            this.gc = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "corral-rkt-gc");
                t.setDaemon(true);
                return t;
            });
            long period = config.gcInterval().toMillis();
            gc.scheduleWithFixedDelay(this::collectGarbage, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** The configuration. */
    public RktConfig config() {
        return config;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String version() {
        return rktVersion().rkt();
    }

    /** The appc spec version rkt speaks, e.g. {@code 0.8.11}. */
    @Override
    public String apiVersion() {
        return rktVersion().appc();
    }

    private RktVersion rktVersion() {
        RktVersion v = version;
        if (v == null) {
            v = RktVersion.parse(cli.check(List.of("version"), config.commandTimeout()));
            version = v;
        }
        return v;
    }

    @Override
    public RuntimeStatus status() {
        Path binary = config.resolveBinary();
        if (binary == null || !Files.isExecutable(binary)) {
            return RuntimeStatus.notReady("RktBinaryMissing", "rkt binary " + config.rktBinary()
                    + (binary == null ? " not found on PATH" : " is missing or not executable"));
        }
        try {
            RktVersion v = RktVersion.parse(cli.check(List.of("version"), config.commandTimeout()));
            version = v;
            if (!v.isSupported()) {
                return RuntimeStatus.notReady("RktVersionTooOld", v.tooOld(binary.toString()).getMessage());
            }
            return RuntimeStatus.allReady();
        } catch (ContainerRuntimeException e) {
            return RuntimeStatus.notReady("RktUnavailable", e.getMessage());
        }
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public NodeFingerprint fingerprint() {
        NodeFingerprint.Builder b = NodeFingerprint.builder()
                .cpuMillis(Runtime.getRuntime().availableProcessors() * 1000L)
                .memoryBytes(totalMemory())
                .kernelVersion(readQuietly(Path.of("/proc/sys/kernel/osrelease")))
                .runtimeName(TYPE)
                .hostname(hostname());
        try {
            b.runtimeVersion(version());
        } catch (ContainerRuntimeException e) {
            b.runtimeVersion("");
        }
        try {
            b.address(NodeAddress.Type.HOSTNAME, hostname());
        } catch (RuntimeException ignored) {
            // no address type for it
        }
        return b.build();
    }

    private static long totalMemory() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String hostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name == null || name.isBlank() ? "localhost" : name;
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "";
        }
    }

    // ---------------------------------------------------------------- pods as rkt reports them

    /** Every rkt pod that carries a Corral pod uid. */
    List<RktJson.Pod> corralPods() {
        RktCli.Result result = cli.check(List.of("list", "--format=json"), config.commandTimeout());
        return json.parsePodList(result).stream().filter(p -> p.annotation(PodManifests.POD_UID) != null).toList();
    }

    private List<RktJson.Pod> podsOf(String uid) {
        return corralPods().stream().filter(p -> uid.equals(p.annotation(PodManifests.POD_UID))).toList();
    }

    /** The rkt pod of that uuid, or empty if rkt does not know it. */
    Optional<RktJson.Pod> rktPod(String uuid) {
        RktCli.Result result = cli.run(List.of("status", "--format=json", uuid), config.commandTimeout());
        if (result.exitCode() == 0) {
            return Optional.of(json.parsePod(result));
        }
        // rkt status fails for an unknown uuid; tell that apart from a failing rkt.
        boolean known = json.parsePodList(cli.check(List.of("list", "--format=json"), config.commandTimeout()))
                .stream().anyMatch(p -> p.uuid().equals(uuid));
        if (known) {
            throw RktCli.failure(result);
        }
        return Optional.empty();
    }

    private static ContainerId appId(String uuid, String app) {
        return new ContainerId(TYPE, uuid + ":" + app);
    }

    private static ContainerId sandboxId(String uuid) {
        return new ContainerId(TYPE, uuid);
    }

    /** uuid and app (null for a sandbox) of an id of ours. */
    private record Target(String uuid, String app) {
    }

    private static Target target(ContainerId id) {
        if (id == null) {
            throw ContainerRuntimeException.invalidArgument("containerId", "must not be null");
        }
        if (!TYPE.equals(id.type())) {
            throw ContainerRuntimeException.invalidArgument("containerId", "not a rkt container id: " + id);
        }
        int colon = id.id().indexOf(':');
        String uuid = colon < 0 ? id.id() : id.id().substring(0, colon);
        if (!UUID.matcher(uuid).matches()) {
            // Not an id this runtime made (rkt://<uuid>[:<app>]), so no such container.
            throw ContainerRuntimeException.containerNotFound(id);
        }
        return new Target(uuid, colon < 0 ? null : id.id().substring(colon + 1));
    }

    private static ContainerState appState(RktJson.Pod pod, RktJson.App app) {
        if (app.exitCode() != null || "exited".equals(app.state()) || pod.isFinished()) {
            return ContainerState.EXITED;
        }
        return switch (app.state()) {
            case "running" -> pod.isRunning() ? ContainerState.RUNNING : ContainerState.UNKNOWN;
            case "created" -> ContainerState.CREATED;
            default -> RktJson.PREPARED.equals(pod.state()) ? ContainerState.CREATED : ContainerState.UNKNOWN;
        };
    }

    private ContainerStatus containerStatus(RktJson.Pod pod, RktJson.App app) {
        ContainerState state = appState(pod, app);
        ContainerStatus.Builder b = ContainerStatus.builder()
                .id(appId(pod.uuid(), app.name()))
                .name(app.name())
                .state(state)
                .createdAt(app.createdAt() != null ? app.createdAt() : pod.createdAt())
                .startedAt(app.startedAt() != null ? app.startedAt() : pod.startedAt())
                .image(Optional.ofNullable(pod.annotation(PodManifests.imageKey(app.name()))).orElse(""))
                .imageId(app.imageId().isEmpty() ? null : app.imageId())
                .restartCount(parseInt(pod.annotation(PodManifests.restartCountKey(app.name()))))
                .hash(parseHash(pod.annotation(PodManifests.hashKey(app.name()))));
        if (state == ContainerState.EXITED) {
            Instant finished = app.finishedAt() != null ? app.finishedAt() : exitRecordedAt(pod.uuid(), app.name());
            if (finished == null) {
                finished = app.startedAt() != null ? app.startedAt() : pod.startedAt() != null ? pod.startedAt() : pod.createdAt();
            }
            int code = app.exitCode() != null ? app.exitCode() : -1;
            b.finishedAt(finished).exitCode(code)
                    .reason(code == 0 ? ContainerStatus.REASON_COMPLETED : ContainerStatus.REASON_ERROR)
                    .message(app.exitCode() == null ? "rkt recorded no exit code (pod state " + pod.state() + ")" : null);
        }
        return b.build();
    }

    /**
     * When the app exited: rkt v1.30 reports {@code finished_at} of an immutable pod's app only once
     * the pod is garbage, so read the time its stage1 wrote the app's exit status, the file rkt reads
     * the exit code from; else when {@code rkt run-prepared} ended.
     */
    private Instant exitRecordedAt(String uuid, String app) {
        Path dataDir = config.dataDir() != null ? config.dataDir() : Path.of("/var/lib/rkt");
        for (Path file : List.of(dataDir.resolve("pods/run").resolve(uuid).resolve("stage1/rootfs/rkt/status").resolve(app),
                supervisor.exitFile(uuid))) {
            try {
                return Files.getLastModifiedTime(file).toInstant();
            } catch (IOException | SecurityException ignored) {
                // try the next source
            }
        }
        return null;
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Math.max(0, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parseHash(String s) {
        try {
            return s == null ? 0 : Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isMain(RktJson.Pod p) {
        return !PodManifests.ROLE_INIT.equals(p.annotation(PodManifests.POD_ROLE));
    }

    private static final Comparator<Instant> NEWEST_FIRST = Comparator.nullsLast(Comparator.<Instant>reverseOrder());

    private PodStatus toStatus(String uid, String name, String namespace, List<RktJson.Pod> pods) {
        if (pods.isEmpty()) {
            return PodStatus.empty(uid, name, namespace);
        }
        List<RktJson.Pod> sorted = new ArrayList<>(pods);
        sorted.sort(Comparator.comparing(RktJson.Pod::createdAt, NEWEST_FIRST));
        List<SandboxStatus> sandboxes = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<ContainerStatus> containers = new ArrayList<>();
        for (RktJson.Pod p : sorted) {
            if (isMain(p)) {
                String ip = p.isRunning() ? p.networks().stream().map(RktJson.Network::ip).filter(i -> i != null && !i.isEmpty())
                        .findFirst().orElse(null) : null;
                sandboxes.add(new SandboxStatus(sandboxId(p.uuid()), p.isRunning(), p.createdAt(), ip));
                if (ip != null && ips.isEmpty()) {
                    ips.add(ip);
                }
            }
            for (RktJson.App a : p.apps()) {
                containers.add(containerStatus(p, a));
            }
        }
        containers.sort(Comparator.comparing(ContainerStatus::createdAt, NEWEST_FIRST));
        return new PodStatus(uid, name, namespace, ips, sandboxes, containers);
    }

    @Override
    public List<Pod> getPods(boolean all) {
        Map<String, List<RktJson.Pod>> byUid = new LinkedHashMap<>();
        for (RktJson.Pod p : corralPods()) {
            byUid.computeIfAbsent(p.annotation(PodManifests.POD_UID), k -> new ArrayList<>()).add(p);
        }
        List<Pod> result = new ArrayList<>();
        byUid.forEach((uid, pods) -> {
            RktJson.Pod first = pods.get(0);
            PodStatus status = toStatus(uid, Optional.ofNullable(first.annotation(PodManifests.POD_NAME)).orElse(""),
                    Optional.ofNullable(first.annotation(PodManifests.POD_NAMESPACE)).orElse(""), pods);
            List<Container> containers = status.containers().stream()
                    .map(c -> new Container(c.id(), c.name(), c.image(), c.state(), c.hash())).toList();
            List<Container> sandboxes = new ArrayList<>();
            for (RktJson.Pod p : pods) {
                if (isMain(p)) {
                    sandboxes.add(new Container(sandboxId(p.uuid()), "rkt-pod", "", p.isRunning() ? ContainerState.RUNNING
                            : p.isFinished() ? ContainerState.EXITED : ContainerState.CREATED, 0));
                }
            }
            boolean live = containers.stream().anyMatch(c -> c.state() == ContainerState.RUNNING)
                    || sandboxes.stream().anyMatch(c -> c.state() == ContainerState.RUNNING);
            if (all || live) {
                result.add(new Pod(uid, status.name(), status.namespace(), containers, sandboxes));
            }
        });
        return result;
    }

    @Override
    public PodStatus getPodStatus(String uid, String name, String namespace) {
        if (uid == null || uid.isBlank()) {
            throw ContainerRuntimeException.invalidArgument("uid", "must not be blank");
        }
        return toStatus(uid, name == null ? "" : name, namespace == null ? "" : namespace, podsOf(uid));
    }

    // ---------------------------------------------------------------- sync

    @Override
    public PodSyncResult syncPod(PodDescription pod, PodStatus status, List<RegistryCredentials> pullSecrets, Backoff backoff) {
        if (pod == null || status == null || pullSecrets == null || backoff == null) {
            throw ContainerRuntimeException.invalidArgument(pod == null ? "pod" : status == null ? "status"
                    : pullSecrets == null ? "pullSecrets" : "backoff", "must not be null");
        }
        PodSyncResult.Builder result = PodSyncResult.builder();
        try {
            new PodSync(pod, status, pullSecrets, backoff, result).run();
        } catch (ContainerRuntimeException e) {
            if (e.reason() == Reason.INTERRUPTED) {
                throw e;
            }
            result.syncError(e);
        }
        return result.build();
    }

    /** One sync of one pod; see the class comment for the rkt pod generations. */
    private final class PodSync {
        private final PodDescription pod;
        private final PodStatus status;
        private final List<RegistryCredentials> pullSecrets;
        private final Backoff backoff;
        private final PodSyncResult.Builder result;

        PodSync(PodDescription pod, PodStatus status, List<RegistryCredentials> pullSecrets, Backoff backoff,
                PodSyncResult.Builder result) {
            this.pod = pod;
            this.status = status;
            this.pullSecrets = pullSecrets;
            this.backoff = backoff;
            this.result = result;
        }

        void run() {
            if (!checkSupported()) {
                return;
            }
            List<RktJson.Pod> rktPods = podsOf(pod.uid());
            boolean mainExists = rktPods.stream().anyMatch(RktContainerRuntime::isMain);
            if (!mainExists && !runInitContainers(rktPods)) {
                return;
            }
            syncMain(rktPods);
        }

        private boolean checkSupported() {
            List<String> problems = new ArrayList<>(capabilities.unsupportedFeatures(pod));
            java.util.stream.Stream.concat(pod.initContainers().stream(), pod.containers().stream())
                    .filter(c -> c.stdin() || c.tty())
                    .forEach(c -> problems.add("pod.containers[" + c.name() + "]: stdin and tty are not supported by the rkt runtime (no attach)"));
            if (problems.isEmpty()) {
                return true;
            }
            result.fail(SyncAction.CONFIG_POD_SANDBOX, pod.fullName(), SyncErrorReason.UNSUPPORTED, String.join("; ", problems));
            return false;
        }

        /** Runs the init containers in order; true once all have completed. */
        private boolean runInitContainers(List<RktJson.Pod> rktPods) {
            for (ContainerDescription init : pod.initContainers()) {
                Optional<ContainerStatus> last = status.findContainer(init.name());
                ContainerStatus current = last.orElse(null);
                if (current != null && current.hash() == init.hash() || current != null && current.hash() == 0) {
                    if (current.state() == ContainerState.RUNNING || current.state() == ContainerState.CREATED
                            || current.state() == ContainerState.UNKNOWN) {
                        current = awaitInit(current);
                        if (current.state() != ContainerState.EXITED) {
                            return false;
                        }
                    }
                    if (current.exitCode() == 0) {
                        continue;
                    }
                    if (pod.restartPolicy() == io.corral.runtime.spi.RestartPolicy.NEVER) {
                        result.fail(SyncAction.INIT_CONTAINER, init.name(), SyncErrorReason.INIT_CONTAINER_FAILED,
                                "init container " + init.name() + " exited with " + current.exitCode());
                        return false;
                    }
                    String key = Backoff.key(pod, init);
                    if (backoff.isInBackOffSince(key, current.finishedAt())) {
                        result.fail(SyncAction.INIT_CONTAINER, init.name(), SyncErrorReason.CRASH_LOOP_BACK_OFF,
                                "back-off restarting failed init container " + init.name());
                        return false;
                    }
                    backoff.next(key, current.finishedAt());
                }
                int restarts = current == null ? 0 : current.restartCount() + 1;
                Optional<PodManifests.AppSpec> spec = appSpec(init, restarts, SyncAction.INIT_CONTAINER);
                if (spec.isEmpty()) {
                    return false;
                }
                String uuid;
                try {
                    uuid = prepareAndRun(PodManifests.ROLE_INIT, List.of(spec.get()));
                } catch (ContainerRuntimeException e) {
                    if (e.reason() == Reason.INTERRUPTED) {
                        throw e;
                    }
                    result.fail(SyncAction.INIT_CONTAINER, init.name(), SyncErrorReason.RUN_CONTAINER_ERROR, e.getMessage());
                    return false;
                }
                result.ok(SyncAction.INIT_CONTAINER, init.name());
                ContainerStatus started = ContainerStatus.builder().id(appId(uuid, init.name())).name(init.name())
                        .state(ContainerState.RUNNING).image(init.image()).build();
                ContainerStatus finished = awaitInit(started);
                if (finished.state() != ContainerState.EXITED) {
                    return false;
                }
                if (finished.exitCode() != 0) {
                    result.fail(SyncAction.INIT_CONTAINER, init.name(), SyncErrorReason.INIT_CONTAINER_FAILED,
                            "init container " + init.name() + " exited with " + finished.exitCode());
                    return false;
                }
            }
            return true;
        }

        /** Waits up to the configured time for an init container to exit; its latest status. */
        private ContainerStatus awaitInit(ContainerStatus current) {
            Target t = target(current.id());
            long deadline = System.nanoTime() + config.initContainerWait().toNanos();
            while (true) {
                Optional<RktJson.Pod> p = rktPod(t.uuid());
                if (p.isEmpty()) {
                    return current;
                }
                Optional<RktJson.App> app = p.get().apps().stream().filter(a -> a.name().equals(t.app())).findFirst();
                if (app.isPresent()) {
                    ContainerStatus s = containerStatus(p.get(), app.get());
                    if (s.state() == ContainerState.EXITED || System.nanoTime() > deadline) {
                        return s;
                    }
                } else if (System.nanoTime() > deadline) {
                    return current;
                }
                sleep(POLL.multipliedBy(2));
            }
        }

        private void syncMain(List<RktJson.Pod> rktPods) {
            List<RktJson.Pod> running = rktPods.stream().filter(p -> isMain(p) && !p.isFinished()).toList();
            Set<String> desiredNames = new HashSet<>();
            pod.containers().forEach(c -> desiredNames.add(c.name()));
            List<ContainerDescription> toRun = new ArrayList<>();
            Map<String, Integer> restartCounts = new LinkedHashMap<>();
            boolean change = false;
            List<String> reasons = new ArrayList<>();
            for (ContainerDescription c : pod.containers()) {
                ContainerStatus s = newestMain(c.name(), rktPods).orElse(null);
                if (s == null) {
                    toRun.add(c);
                    restartCounts.put(c.name(), 0);
                    change = true;
                    reasons.add(c.name() + " is missing");
                } else if (s.hash() != c.hash()) {
                    toRun.add(c);
                    restartCounts.put(c.name(), s.restartCount() + 1);
                    change = true;
                    reasons.add(c.name() + " changed");
                } else if (s.state() == ContainerState.EXITED) {
                    if (!pod.restartPolicy().shouldRestart(s.exitCode())) {
                        continue;
                    }
                    String key = Backoff.key(pod, c);
                    Instant finishedAt = s.finishedAt() != null ? s.finishedAt() : Instant.now();
                    if (backoff.isInBackOffSince(key, finishedAt)) {
                        result.fail(SyncAction.START_CONTAINER, c.name(), SyncErrorReason.CRASH_LOOP_BACK_OFF,
                                "back-off " + backoff.delay(key).toSeconds() + "s restarting failed container " + c.name()
                                        + " of pod " + pod.fullName());
                        continue;
                    }
                    backoff.next(key, finishedAt);
                    toRun.add(c);
                    restartCounts.put(c.name(), s.restartCount() + 1);
                    change = true;
                    reasons.add(c.name() + " exited with " + s.exitCode());
                } else {
                    // Running or about to run in the current generation: carried over if a new one is needed.
                    toRun.add(c);
                    restartCounts.put(c.name(), s.restartCount());
                }
            }
            for (RktJson.Pod p : running) {
                for (RktJson.App a : p.apps()) {
                    if (!desiredNames.contains(a.name()) && appState(p, a) != ContainerState.EXITED) {
                        change = true;
                        reasons.add(a.name() + " is no longer wanted");
                    }
                }
            }
            if (!change) {
                return;
            }
            LOG.debug("Pod {} needs a new rkt pod: {}", pod.fullName(), reasons);
            // Images first: a failed pull must not take down the running generation.
            List<PodManifests.AppSpec> specs = new ArrayList<>();
            for (ContainerDescription c : toRun) {
                int restarts = restartCounts.get(c.name());
                // Carried-over containers are restarted too: rkt cannot add or restart an app of a running pod.
                ContainerStatus s = newestMain(c.name(), rktPods).orElse(null);
                if (s != null && s.state() != ContainerState.EXITED && s.hash() == c.hash()) {
                    restarts = s.restartCount() + 1;
                }
                appSpec(c, restarts, SyncAction.START_CONTAINER).ifPresent(specs::add);
            }
            for (RktJson.Pod p : running) {
                stopGeneration(p, pod.terminationGrace());
            }
            if (specs.isEmpty()) {
                return;
            }
            try {
                prepareAndRun(PodManifests.ROLE_MAIN, specs);
            } catch (ContainerRuntimeException e) {
                if (e.reason() == Reason.INTERRUPTED) {
                    throw e;
                }
                result.fail(SyncAction.CREATE_POD_SANDBOX, pod.fullName(), SyncErrorReason.CREATE_POD_SANDBOX_ERROR, e.getMessage());
                return;
            }
            result.ok(SyncAction.CREATE_POD_SANDBOX, pod.fullName());
            specs.forEach(s -> result.ok(SyncAction.START_CONTAINER, s.container().name()));
        }

        private Optional<ContainerStatus> newestMain(String name, List<RktJson.Pod> rktPods) {
            return rktPods.stream().filter(RktContainerRuntime::isMain)
                    .flatMap(p -> p.apps().stream().filter(a -> a.name().equals(name)).map(a -> containerStatus(p, a)))
                    .max(Comparator.comparing(ContainerStatus::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        }

        private void stopGeneration(RktJson.Pod p, Duration grace) {
            List<String> live = p.apps().stream().filter(a -> appState(p, a) != ContainerState.EXITED).map(RktJson.App::name).toList();
            boolean stopped = stopPod(p.uuid(), grace);
            for (String app : live) {
                if (stopped) {
                    result.ok(SyncAction.KILL_CONTAINER, app);
                } else {
                    result.fail(SyncAction.KILL_CONTAINER, app, SyncErrorReason.KILL_CONTAINER_ERROR, "rkt pod " + p.uuid() + " did not stop");
                }
            }
            if (stopped) {
                result.ok(SyncAction.KILL_POD_SANDBOX, pod.fullName());
            } else {
                result.fail(SyncAction.KILL_POD_SANDBOX, pod.fullName(), SyncErrorReason.KILL_POD_SANDBOX_ERROR,
                        "rkt pod " + p.uuid() + " did not stop within " + config.stopTimeout() + " after rkt stop --force");
            }
        }

        /** The app of a container: its image present (pulled per policy) and its exec resolved; empty after a failed step. */
        private Optional<PodManifests.AppSpec> appSpec(ContainerDescription c, int restarts, SyncAction action) {
            try {
                ImageReferences.validate(c.image());
            } catch (ContainerRuntimeException e) {
                result.fail(action, c.name(), SyncErrorReason.INVALID_IMAGE_NAME, e.getMessage());
                return Optional.empty();
            }
            String imageId;
            try {
                Optional<RktJson.ImageEntry> present = images.find(c.image());
                if (c.imagePullPolicy() == ImagePullPolicy.ALWAYS || present.isEmpty()) {
                    if (c.imagePullPolicy() == ImagePullPolicy.NEVER) {
                        result.fail(action, c.name(), SyncErrorReason.ERR_IMAGE_NEVER_PULL,
                                "image " + c.image() + " is not present and the pull policy is Never");
                        return Optional.empty();
                    }
                    imageId = images.pull(c.image(), credentialsFor(c.image()), config.pullTimeout(),
                            io.corral.runtime.spi.PullProgressListener.NONE);
                } else {
                    imageId = present.get().id();
                }
            } catch (ContainerRuntimeException e) {
                if (e.reason() == Reason.INTERRUPTED) {
                    throw e;
                }
                result.fail(action, c.name(), SyncErrorReason.ERR_IMAGE_PULL, e.getMessage());
                return Optional.empty();
            }
            List<String> exec = new ArrayList<>();
            if (!c.command().isEmpty()) {
                exec.addAll(c.command());
                exec.addAll(c.args());
            } else {
                List<String> own = images.imageExec(imageId);
                if (own.isEmpty()) {
                    result.fail(action, c.name(), SyncErrorReason.RUN_CONTAINER_ERROR,
                            "image " + c.image() + " has no exec and the container no command");
                    return Optional.empty();
                }
                if (c.args().isEmpty()) {
                    exec.addAll(own);
                } else {
                    // An appc image has one exec array: the first element stands for the entrypoint.
                    exec.add(own.get(0));
                    exec.addAll(c.args());
                }
            }
            return Optional.of(new PodManifests.AppSpec(c, imageId, exec, restarts));
        }

        private RegistryCredentials credentialsFor(String image) {
            String store = ImageReferences.storeName(image, config.dockerImages());
            String host = store.substring(0, Math.max(0, store.indexOf('/')));
            return pullSecrets.stream().filter(c -> c.registry().equals(host)
                            || (host.equals(ImageReferences.DOCKER_HUB) && c.registry().endsWith("docker.io")))
                    .findFirst().orElse(null);
        }

        /** Prepares a rkt pod of the apps and starts it; its uuid. */
        private String prepareAndRun(String role, List<PodManifests.AppSpec> apps) {
            Path podDir = podsDir.resolve(pod.uid());
            Map<String, Path> volumes = materializeVolumes(podDir, apps);
            Path resolvConf = writeResolvConf(podDir, pod.dnsConfig());
            Path manifestFile;
            try {
                Files.createDirectories(podDir);
                manifestFile = Files.createTempFile(podDir, "manifest-", ".json");
                Files.writeString(manifestFile, mapper.writeValueAsString(manifests.manifest(pod, role, apps, volumes, resolvConf)));
            } catch (IOException e) {
                throw new ContainerRuntimeException(Reason.INTERNAL, "cannot write the pod manifest of " + pod.fullName() + ": " + e.getMessage(), e);
            }
            try {
                List<String> args = new ArrayList<>(List.of("prepare", "--quiet", "--pod-manifest=" + manifestFile));
                if (config.stage1Name() != null) {
                    args.add("--stage1-name=" + config.stage1Name());
                }
                if (config.stage1Path() != null) {
                    args.add("--stage1-path=" + config.stage1Path());
                }
                if (pod.hostNetwork()) {
                    args.add("--net=host");
                }
                RktCli.Result prepared = cli.check(args, config.commandTimeout());
                String uuid = prepared.stdout().strip();
                uuid = uuid.substring(uuid.lastIndexOf('\n') + 1).strip();
                if (!UUID.matcher(uuid).matches()) {
                    throw RktJson.unexpected(prepared, "expected the uuid of the prepared pod");
                }
                supervisor.start(uuid);
                awaitStarted(uuid);
                return uuid;
            } finally {
                try {
                    Files.deleteIfExists(manifestFile);
                } catch (IOException ignored) {
                    // scratch
                }
            }
        }

        private void awaitStarted(String uuid) {
            long deadline = System.nanoTime() + config.commandTimeout().toNanos();
            while (System.nanoTime() < deadline) {
                // Read the supervisor's exit status before the pod's state: a short-lived pod may run
                // and exit between the two reads, and then its state (no longer prepared) must win.
                Optional<Integer> exit = supervisor.exitStatus(uuid);
                if (hasLeftPrepared(uuid)) {
                    return;
                }
                if (exit.isPresent()) {
                    throw new ContainerRuntimeException(Reason.INTERNAL, "`rkt run-prepared " + uuid + "` exited with status "
                            + exit.get() + " before the pod ran; output: " + RktCli.abbreviate(readQuietly(supervisor.logFile(uuid))));
                }
                sleep(POLL);
            }
            throw new ContainerRuntimeException(Reason.TIMEOUT, "rkt pod " + uuid + " of " + pod.fullName()
                    + " did not start running within " + config.commandTimeout());
        }

        private boolean hasLeftPrepared(String uuid) {
            Optional<RktJson.Pod> p = rktPod(uuid);
            return p.isPresent() && !RktJson.PREPARED.equals(p.get().state()) && !RktJson.EMBRYO.equals(p.get().state())
                    && !RktJson.PREPARING.equals(p.get().state());
        }

        private Map<String, Path> materializeVolumes(Path podDir, List<PodManifests.AppSpec> apps) {
            Set<String> used = new HashSet<>();
            apps.forEach(a -> a.container().mounts().forEach(m -> used.add(m.name())));
            Map<String, Path> paths = new LinkedHashMap<>();
            try {
                for (Volume v : pod.volumes()) {
                    if (!used.contains(v.name())) {
                        continue;
                    }
                    Path path;
                    if (v instanceof Volume.EmptyDir) {
                        path = Files.createDirectories(podDir.resolve("volumes").resolve(v.name()));
                    } else if (v instanceof Volume.HostPath h) {
                        path = Path.of(h.path());
                    } else if (v instanceof Volume.PersistentDirectory d) {
                        path = Files.createDirectories(Path.of(d.path()));
                    } else if (v instanceof Volume.PreparedFiles f) {
                        path = f.sensitive() ? secretsDir().resolve(pod.uid()).resolve(v.name())
                                : podDir.resolve("volumes").resolve(v.name());
                        writeFiles(path, f.files());
                    } else {
                        throw new IllegalStateException("unknown volume " + v);
                    }
                    paths.put(v.name(), path);
                }
            } catch (IOException e) {
                throw new ContainerRuntimeException(Reason.INTERNAL, "cannot set up the volumes of " + pod.fullName() + ": " + e.getMessage(), e);
            }
            return paths;
        }

        private Path writeResolvConf(Path podDir, DnsConfig dns) {
            if (dns.nameservers().isEmpty() && dns.searches().isEmpty() && dns.options().isEmpty()) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            dns.nameservers().forEach(n -> sb.append("nameserver ").append(n).append('\n'));
            if (!dns.searches().isEmpty()) {
                sb.append("search ").append(String.join(" ", dns.searches())).append('\n');
            }
            if (!dns.options().isEmpty()) {
                sb.append("options ").append(String.join(" ", dns.options())).append('\n');
            }
            try {
                Files.createDirectories(podDir);
                Path file = podDir.resolve("resolv.conf");
                Files.writeString(file, sb.toString());
                return file;
            } catch (IOException e) {
                throw new ContainerRuntimeException(Reason.INTERNAL, "cannot write resolv.conf of " + pod.fullName(), e);
            }
        }
    }

    /** Where sensitive prepared files go: tmpfs, never the disk. */
    private Path secretsDir() {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm)) {
            throw new ContainerRuntimeException(Reason.UNSUPPORTED, "secret volumes need /dev/shm (tmpfs) on the host");
        }
        return shm.resolve("corral-rkt-" + Integer.toHexString(config.stateDir().toAbsolutePath().toString().hashCode()));
    }

    private static void writeFiles(Path dir, List<PreparedFile> files) throws IOException {
        Files.createDirectories(dir);
        for (PreparedFile f : files) {
            Path file = dir.resolve(f.path()).normalize();
            if (!file.startsWith(dir)) {
                throw ContainerRuntimeException.invalidArgument("preparedFile.path", "escapes the volume: " + f.path());
            }
            Files.createDirectories(file.getParent());
            Files.write(file, f.content());
            try {
                Files.setPosixFilePermissions(file, permissions(f.mode()));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(order[i]);
            }
        }
        return set;
    }

    /**
     * Stops a rkt pod: {@code rkt stop}, up to {@code grace} for it to exit, then
     * {@code rkt stop --force} and up to the stop timeout. True once it is no longer running.
     */
    boolean stopPod(String uuid, Duration grace) {
        Optional<RktJson.Pod> p = rktPod(uuid);
        if (p.isEmpty() || !p.get().isRunning()) {
            return true;
        }
        if (!grace.isZero()) {
            RktCli.Result r = cli.run(List.of("stop", uuid), config.commandTimeout());
            if (r.exitCode() != 0) {
                LOG.debug("{}", r.describe());
            }
            if (awaitNotRunning(uuid, grace)) {
                return true;
            }
        }
        RktCli.Result forced = cli.run(List.of("stop", "--force", uuid), config.commandTimeout());
        boolean gone = awaitNotRunning(uuid, config.stopTimeout());
        if (!gone && forced.exitCode() != 0) {
            throw RktCli.failure(forced);
        }
        return gone;
    }

    private boolean awaitNotRunning(String uuid, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<RktJson.Pod> p = rktPod(uuid);
            if (p.isEmpty() || !p.get().isRunning()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            sleep(POLL);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException(Reason.INTERRUPTED, "interrupted while waiting for rkt", e);
        }
    }

    @Override
    public PodSyncResult killPod(PodDescription pod, Pod runningPod, Duration gracePeriodOverride) {
        if (runningPod == null) {
            throw ContainerRuntimeException.invalidArgument("runningPod", "must not be null");
        }
        if (gracePeriodOverride != null && gracePeriodOverride.isNegative()) {
            throw ContainerRuntimeException.invalidArgument("gracePeriodOverride", "must not be negative");
        }
        Duration grace = gracePeriodOverride != null ? gracePeriodOverride
                : pod != null ? pod.terminationGrace() : PodDescription.DEFAULT_TERMINATION_GRACE;
        String target = runningPod.namespace().isEmpty() ? runningPod.uid() : runningPod.namespace() + "/" + runningPod.name();
        PodSyncResult.Builder result = PodSyncResult.builder();
        try {
            for (RktJson.Pod p : podsOf(runningPod.uid())) {
                if (p.isFinished()) {
                    continue;
                }
                List<String> live = p.apps().stream().filter(a -> appState(p, a) != ContainerState.EXITED)
                        .map(RktJson.App::name).toList();
                boolean stopped;
                String problem;
                try {
                    stopped = stopPod(p.uuid(), grace);
                    problem = "rkt pod " + p.uuid() + " did not stop within " + config.stopTimeout() + " after rkt stop --force";
                } catch (ContainerRuntimeException e) {
                    if (e.reason() == Reason.INTERRUPTED) {
                        throw e;
                    }
                    stopped = false;
                    problem = e.getMessage();
                }
                for (String app : live) {
                    if (stopped) {
                        result.ok(SyncAction.KILL_CONTAINER, app);
                    } else {
                        result.fail(SyncAction.KILL_CONTAINER, app, SyncErrorReason.KILL_CONTAINER_ERROR, problem);
                    }
                }
                if (isMain(p)) {
                    if (stopped) {
                        result.ok(SyncAction.KILL_POD_SANDBOX, target);
                    } else {
                        result.fail(SyncAction.KILL_POD_SANDBOX, target, SyncErrorReason.KILL_POD_SANDBOX_ERROR, problem);
                    }
                }
            }
        } catch (ContainerRuntimeException e) {
            if (e.reason() == Reason.INTERRUPTED) {
                throw e;
            }
            result.syncError(e);
        }
        return result.build();
    }

    // ---------------------------------------------------------------- containers

    @Override
    public Optional<String> getNetNs(ContainerId containerId) {
        Target t = target(containerId);
        RktJson.Pod p = rktPod(t.uuid()).orElseThrow(() -> ContainerRuntimeException.containerNotFound(containerId));
        if (t.app() != null && p.apps().stream().noneMatch(a -> a.name().equals(t.app()))) {
            throw ContainerRuntimeException.containerNotFound(containerId);
        }
        if (!p.isRunning() || config.dataDir() == null) {
            return Optional.empty();
        }
        // rkt records the path of the pod's network namespace in the pod directory.
        Path netns = config.dataDir().resolve("pods").resolve("run").resolve(t.uuid()).resolve("netns");
        String path = readQuietly(netns);
        return path.isEmpty() ? Optional.empty() : Optional.of(path);
    }

    @Override
    public ContainerId getPodContainerId(Pod pod) {
        if (pod == null) {
            throw ContainerRuntimeException.invalidArgument("pod", "must not be null");
        }
        return pod.sandboxes().stream().filter(s -> s.state() == ContainerState.RUNNING).findFirst()
                .or(() -> pod.sandboxes().stream().findFirst())
                .map(Container::id)
                .orElseThrow(() -> new ContainerRuntimeException(Reason.POD_NOT_FOUND, "pod " + pod.uid() + " has no rkt pod"));
    }

    @Override
    public void getContainerLogs(PodDescription pod, ContainerId containerId, LogOptions options, OutputStream stdout,
                                 OutputStream stderr) {
        if (options == null || stdout == null || stderr == null) {
            throw ContainerRuntimeException.invalidArgument(options == null ? "options" : "stdout/stderr", "must not be null");
        }
        Target t = target(containerId);
        Optional<RktJson.Pod> p = rktPod(t.uuid());
        Path log = supervisor.logFile(t.uuid());
        if (p.isEmpty() && !Files.exists(log)) {
            throw ContainerRuntimeException.containerNotFound(containerId);
        }
        if (p.isPresent() && t.app() != null && p.get().apps().stream().noneMatch(a -> a.name().equals(t.app()))) {
            throw ContainerRuntimeException.containerNotFound(containerId);
        }
        long[] nextCheck = {0};
        boolean[] finished = {p.isEmpty()};
        PodLogs.write(log, t.app(), options, stdout, stderr, () -> {
            if (finished[0]) {
                return true;
            }
            long now = System.nanoTime();
            if (now < nextCheck[0]) {
                return false;
            }
            nextCheck[0] = now + Duration.ofMillis(300).toNanos();
            Optional<RktJson.Pod> current = rktPod(t.uuid());
            finished[0] = current.isEmpty() || current.get().isFinished() || (t.app() != null && current.get().apps().stream()
                    .filter(a -> a.name().equals(t.app())).allMatch(a -> appState(current.get(), a) == ContainerState.EXITED));
            return finished[0];
        });
    }

    @Override
    public void deleteContainer(ContainerId containerId) {
        Target t;
        try {
            t = target(containerId);
        } catch (ContainerRuntimeException e) {
            if (e.reason() == Reason.CONTAINER_NOT_FOUND) {
                return;
            }
            throw e;
        }
        Optional<RktJson.Pod> p = rktPod(t.uuid());
        if (p.isEmpty()) {
            supervisor.forget(t.uuid());
            return;
        }
        // rkt cannot remove one app of an immutable pod: deleting an app removes its rkt pod.
        if (!p.get().isFinished() && RktJson.RUNNING.equals(p.get().state()) && !stopPod(t.uuid(), Duration.ZERO)) {
            throw new ContainerRuntimeException(Reason.INTERNAL, "rkt pod " + t.uuid() + " did not stop; cannot remove " + containerId);
        }
        RktCli.Result r = cli.run(List.of("rm", t.uuid()), config.commandTimeout());
        if (r.exitCode() != 0 && rktPod(t.uuid()).isPresent()) {
            throw RktCli.failure(r);
        }
        supervisor.forget(t.uuid());
        String uid = p.get().annotation(PodManifests.POD_UID);
        if (uid != null && podsOf(uid).isEmpty()) {
            RktImageService.deleteTree(podsDir.resolve(uid));
            try {
                RktImageService.deleteTree(secretsDir().resolve(uid));
            } catch (ContainerRuntimeException ignored) {
                // no tmpfs, so no secrets were written
            }
        }
    }

    @Override
    public ImageService imageService() {
        return images;
    }

    @Override
    public Optional<ContainerCommandRunner> commandRunner() {
        return Optional.of(this::exec);
    }

    private ExecResult exec(ContainerId containerId, List<String> command, Duration timeout) {
        if (command == null || command.isEmpty()) {
            throw ContainerRuntimeException.invalidArgument("command", "must not be empty");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw ContainerRuntimeException.invalidArgument("timeout", "must be positive, was " + timeout);
        }
        Target t = target(containerId);
        if (t.app() == null) {
            throw ContainerRuntimeException.invalidArgument("containerId", "exec needs an app container, not the rkt pod " + containerId);
        }
        RktJson.Pod p = rktPod(t.uuid()).orElseThrow(() -> ContainerRuntimeException.containerNotFound(containerId));
        RktJson.App app = p.apps().stream().filter(a -> a.name().equals(t.app())).findFirst()
                .orElseThrow(() -> ContainerRuntimeException.containerNotFound(containerId));
        if (appState(p, app) != ContainerState.RUNNING) {
            throw new ContainerRuntimeException(Reason.CONTAINER_NOT_RUNNING, "container " + containerId + " is not running (rkt pod "
                    + p.state() + ", app " + app.state() + ")");
        }
        List<String> args = new ArrayList<>(List.of("enter", "--app=" + t.app(), t.uuid()));
        args.addAll(command);
        RktCli.Result r;
        try {
            r = cli.run(args, timeout);
        } catch (ContainerRuntimeException e) {
            if (e.reason() == Reason.TIMEOUT) {
                throw new ContainerRuntimeException(Reason.TIMEOUT, "command " + command + " in " + containerId
                        + " did not finish within " + timeout, e);
            }
            throw e;
        }
        if (r.exitCode() == RktCli.RKT_ERROR && r.stderr().startsWith("enter:")) {
            boolean running = rktPod(t.uuid()).map(RktJson.Pod::isRunning).orElse(false);
            throw RktCli.failure(running ? Reason.INTERNAL : Reason.CONTAINER_NOT_RUNNING, r);
        }
        return new ExecResult(r.exitCode(), r.stdout().getBytes(StandardCharsets.UTF_8), r.stderr().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<ContainerAttacher> attacher() {
        return Optional.empty();
    }

    // ---------------------------------------------------------------- garbage collection

    /** Runs {@code rkt gc} and forgets the logs of pods rkt no longer has. Called on the schedule. */
    void collectGarbage() {
        if (closed.get()) {
            return;
        }
        try {
            cli.check(List.of("gc", "--grace-period=" + config.gcGracePeriod().toSeconds() + "s"), config.commandTimeout());
            Set<String> known = new HashSet<>();
            RktCli.Result list = cli.check(List.of("list", "--format=json"), config.commandTimeout());
            json.parsePodList(list).forEach(p -> known.add(p.uuid()));
            for (String uuid : supervisor.loggedPods()) {
                if (!known.contains(uuid)) {
                    supervisor.forget(uuid);
                }
            }
        } catch (ContainerRuntimeException e) {
            if (!closed.get()) {
                LOG.warn("rkt garbage collection failed: {}", e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.warn("rkt garbage collection failed", e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (gc != null) {
                gc.shutdownNow();
            }
            supervisor.close();
        }
    }

    static String toJson(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
