package io.corral.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Version;
import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.Capabilities;
import io.corral.runtime.spi.Container;
import io.corral.runtime.spi.ContainerAttacher;
import io.corral.runtime.spi.ContainerCommandRunner;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.ContainerState;
import io.corral.runtime.spi.ContainerStatus;
import io.corral.runtime.spi.ImageService;
import io.corral.runtime.spi.LogOptions;
import io.corral.runtime.spi.NodeAddress;
import io.corral.runtime.spi.NodeFingerprint;
import io.corral.runtime.spi.Pod;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PodSyncResult;
import io.corral.runtime.spi.PortForwarder;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.RuntimeStatus;
import io.corral.runtime.spi.SandboxStatus;
import io.corral.runtime.spi.SyncAction;
import io.corral.runtime.spi.SyncErrorReason;
import io.corral.runtime.spi.VolumeKind;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Docker container runtime: pods on a Docker engine through docker-java (httpclient5 transport).
 *
 * <h2>Pods on Docker</h2>
 * A pod is an infrastructure ("pause") container holding the pod's network and IPC namespaces
 * (IPC mode {@code shareable}), its hostname, DNS settings and host port bindings, plus one Docker
 * container per application or init container joined to it with network and IPC mode
 * {@code container:<pause id>}: the containers of a pod share {@code localhost} and System V IPC.
 * The default pause image ({@link DockerRuntimeConfig#DEFAULT_PAUSE_IMAGE}) is built on first use from
 * the host's static busybox and runs {@code sleep} under Docker's init ({@code --init}, tini), which
 * reaps zombies and exits at once on {@code SIGTERM}; it needs no registry. Every container carries
 * {@link DockerLabels labels} naming its pod (uid, name, namespace), container name and type,
 * restart count and spec hash, so a new instance finds the pods of an earlier one
 * ({@link Capabilities#survivesHostRestart()}). Containers without those labels are never listed,
 * stopped or removed.
 *
 * <h2>Resources</h2>
 * CPU requests become CPU shares (millicores × 1024 / 1000, at least 2), CPU limits a CFS quota over a
 * 100 ms period, memory limits the memory (and memory+swap) limit, memory requests the soft reservation.
 *
 * <h2>Volumes</h2>
 * See {@link PodVolumes}. A pod's volumes are removed when the last of its containers is deleted
 * ({@link #deleteContainer}).
 *
 * <p>Thread-safe. {@link #close()} closes the engine connections and the runtime's threads, never containers.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DockerContainerRuntime implements ContainerRuntime {
    /** How often a followed log stream that the engine ended early is resumed. */
    private static final int MAX_LOG_RESUMES = 1_000;

    /** The runtime type and container id scheme. */
    public static final String TYPE = "docker";
    private static final Logger LOG = LoggerFactory.getLogger(DockerContainerRuntime.class);
    private static final Capabilities CAPABILITIES = Capabilities.builder()
            .exec(true).attach(true).logs(true).logTimestamps(true).portForward(true)
            .sharedNetwork(true).hostNetwork(true).hostPorts(true)
            .volumeKinds(VolumeKind.EMPTY_DIR, VolumeKind.HOST_PATH, VolumeKind.PREPARED_FILES, VolumeKind.PERSISTENT_DIRECTORY)
            .memoryEmptyDir(true).resourceLimits(true).survivesHostRestart(true).killContainer(true)
            .podIpPlaceholder(true)
            .build();

    private final DockerRuntimeConfig config;
    private final DockerClients clients;
    private final DockerImageService images;
    private final PodVolumes volumes;
    private final DockerCommandRunner commandRunner;
    private final DockerAttacher attacher;
    private final DockerPortForwarder portForwarder;
    private final ExecutorService workers;
    private final Object pauseImageLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Connects to the engine of the configuration; connects lazily, so an engine that is down is no error here. */
    public DockerContainerRuntime(DockerRuntimeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.clients = new DockerClients(config.effectiveDockerHost(), config.requestTimeout());
        this.images = new DockerImageService(clients);
        this.volumes = new PodVolumes(clients, config.volumesRoot());
        this.commandRunner = new DockerCommandRunner(this, clients);
        this.attacher = new DockerAttacher(this, clients, config.requestTimeout());
        this.portForwarder = new DockerPortForwarder(this, clients);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "corral-docker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newCachedThreadPool(threads);
    }

    /** The configuration of this runtime. */
    public DockerRuntimeConfig config() {
        return config;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String version() {
        return engineVersion().getVersion();
    }

    @Override
    public String apiVersion() {
        return engineVersion().getApiVersion();
    }

    private Version engineVersion() {
        try {
            return clients.quick().versionCmd().exec();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "query the engine version at " + clients.host());
        }
    }

    @Override
    public RuntimeStatus status() {
        RuntimeException failure = null;
        // Twice: the first request after an engine restart may hit a stale pooled connection.
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                clients.quick().pingCmd().exec();
                return RuntimeStatus.allReady();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        return RuntimeStatus.notReady("DockerUnreachable", "the Docker engine at " + clients.host()
                + " does not answer: " + DockerErrors.rootMessage(failure));
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public NodeFingerprint fingerprint() {
        Info info;
        try {
            info = clients.quick().infoCmd().exec();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "query the engine info at " + clients.host());
        }
        String hostname = info.getName() != null && !info.getName().isBlank() ? info.getName() : localHostname();
        String arch = normalizedArch(info.getArchitecture());
        String os = info.getOsType() == null || info.getOsType().isBlank() ? "linux" : info.getOsType();
        NodeFingerprint.Builder b = NodeFingerprint.builder()
                .cpuMillis(info.getNCPU() == null ? 0 : info.getNCPU() * 1000L)
                .memoryBytes(info.getMemTotal() == null ? 0 : info.getMemTotal())
                .operatingSystem(os).architecture(arch)
                .kernelVersion(info.getKernelVersion() == null ? "" : info.getKernelVersion())
                .runtimeName(TYPE).runtimeVersion(info.getServerVersion() == null ? "" : info.getServerVersion())
                .hostname(hostname)
                .address(NodeAddress.Type.HOSTNAME, hostname)
                .label("kubernetes.io/hostname", hostname)
                .label("kubernetes.io/os", os)
                .label("kubernetes.io/arch", arch);
        if (clients.host().startsWith("unix:")) {
            firstSiteAddress().ifPresent(ip -> b.address(NodeAddress.Type.INTERNAL_IP, ip));
        }
        return b.build();
    }

    @Override
    public List<Pod> getPods(boolean all) {
        Map<String, List<com.github.dockerjava.api.model.Container>> byUid = new LinkedHashMap<>();
        for (var c : listOurs(Map.of())) {
            byUid.computeIfAbsent(c.getLabels().get(DockerLabels.POD_UID), k -> new ArrayList<>()).add(c);
        }
        List<Pod> pods = new ArrayList<>();
        byUid.forEach((uid, list) -> {
            List<Container> containers = new ArrayList<>();
            List<Container> sandboxes = new ArrayList<>();
            for (var c : list) {
                Map<String, String> labels = c.getLabels();
                Container container = new Container(id(c.getId()), labels.getOrDefault(DockerLabels.CONTAINER_NAME, "unknown"),
                        labels.getOrDefault(DockerLabels.CONTAINER_IMAGE, c.getImage() == null ? "" : c.getImage()),
                        stateOf(c.getState()), DockerLabels.hash(labels));
                (DockerLabels.TYPE_SANDBOX.equals(labels.get(DockerLabels.CONTAINER_TYPE)) ? sandboxes : containers).add(container);
            }
            boolean running = list.stream().anyMatch(c -> "running".equals(c.getState()));
            if (all || running) {
                Map<String, String> first = list.get(0).getLabels();
                pods.add(new Pod(uid, first.getOrDefault(DockerLabels.POD_NAME, ""),
                        first.getOrDefault(DockerLabels.POD_NAMESPACE, ""), containers, sandboxes));
            }
        });
        return pods;
    }

    @Override
    public PodSyncResult syncPod(PodDescription pod, PodStatus status, List<RegistryCredentials> pullSecrets, Backoff backoff) {
        if (pod == null) {
            throw ContainerRuntimeException.invalidArgument("pod", "must not be null");
        }
        if (status == null) {
            throw ContainerRuntimeException.invalidArgument("status", "must not be null");
        }
        if (backoff == null) {
            throw ContainerRuntimeException.invalidArgument("backoff", "must not be null");
        }
        if (!status.uid().equals(pod.uid())) {
            throw ContainerRuntimeException.invalidArgument("status.uid", "is " + status.uid() + ", not the pod's uid " + pod.uid());
        }
        PodSyncResult.Builder result = PodSyncResult.builder();
        try {
            new PodSync(this, pod, status, pullSecrets == null ? List.of() : pullSecrets, backoff, result).run();
        } catch (ContainerRuntimeException e) {
            LOG.debug("Sync of pod {} stopped: {}", pod.fullName(), e.toString());
            result.syncError(e);
        } catch (RuntimeException e) {
            result.syncError(DockerErrors.map(e, "sync of pod " + pod.fullName()));
        }
        return result.build();
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
                : pod != null ? pod.terminationGrace() : storedGrace(runningPod);
        PodSyncResult.Builder result = PodSyncResult.builder();
        // Only containers of ours that carry this pod's uid: a Pod built by hand cannot make us stop anything else.
        java.util.Set<String> ours = new java.util.HashSet<>();
        try {
            listOurs(Map.of(DockerLabels.POD_UID, runningPod.uid())).forEach(c -> ours.add(c.getId()));
        } catch (ContainerRuntimeException e) {
            return result.syncError(e).build();
        }
        List<Container> targets = runningPod.containers().stream()
                .filter(c -> c.state() != ContainerState.EXITED && ours.contains(c.id().id())).toList();
        List<Future<?>> kills = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Container c : targets) {
            kills.add(workers.submit(() -> stopContainer(c.id().id(), grace)));
            names.add(c.name());
        }
        if (!awaitKills(kills, names, SyncAction.KILL_CONTAINER, SyncErrorReason.KILL_CONTAINER_ERROR, result)) {
            return result.build();
        }
        String fullName = runningPod.namespace() + "/" + runningPod.name();
        String target = fullName.equals("/") ? runningPod.uid() : fullName;
        kills.clear();
        names.clear();
        for (Container s : runningPod.sandboxes()) {
            if (s.state() != ContainerState.EXITED && ours.contains(s.id().id())) {
                kills.add(workers.submit(() -> stopContainer(s.id().id(), Duration.ZERO)));
                names.add(target);
            }
        }
        awaitKills(kills, names, SyncAction.KILL_POD_SANDBOX, SyncErrorReason.KILL_POD_SANDBOX_ERROR, result);
        return result.build();
    }

    /** {@code docker stop -t <grace rounded up to seconds>} of that one container; a zero grace is {@code docker kill}. */
    @Override
    public void killContainer(ContainerId containerId, Duration gracePeriod) {
        if (gracePeriod == null || gracePeriod.isNegative()) {
            throw ContainerRuntimeException.invalidArgument("gracePeriod", "must not be null or negative, was " + gracePeriod);
        }
        InspectContainerResponse inspect;
        try {
            inspect = inspectOurs(containerId);
        } catch (ContainerRuntimeException e) {
            if (e.reason() == Reason.CONTAINER_NOT_FOUND && !(e.getCause() instanceof ForeignContainer)) {
                return; // gone: rule 6
            }
            throw e;
        }
        if (DockerLabels.TYPE_SANDBOX.equals(inspect.getConfig().getLabels().get(DockerLabels.CONTAINER_TYPE))) {
            throw ContainerRuntimeException.invalidArgument("containerId", containerId + " is a pod sandbox; use killPod");
        }
        if (inspect.getState() != null && !Boolean.TRUE.equals(inspect.getState().getRunning())) {
            return;
        }
        stopContainer(containerId.id(), gracePeriod);
    }

    private boolean awaitKills(List<Future<?>> kills, List<String> names, SyncAction action, SyncErrorReason error,
                               PodSyncResult.Builder result) {
        for (int i = 0; i < kills.size(); i++) {
            try {
                kills.get(i).get();
                result.ok(action, names.get(i));
            } catch (InterruptedException e) {
                result.syncError(DockerErrors.interrupted("killing pod containers"));
                return false;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                result.fail(action, names.get(i), error, cause.getMessage());
            }
        }
        return true;
    }

    private Duration storedGrace(Pod runningPod) {
        for (var c : listOurs(Map.of(DockerLabels.POD_UID, runningPod.uid()))) {
            String millis = c.getLabels().get(DockerLabels.POD_GRACE_MILLIS);
            if (millis != null) {
                try {
                    return Duration.ofMillis(Long.parseLong(millis));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return PodDescription.DEFAULT_TERMINATION_GRACE;
    }

    /** Stops a container: SIGTERM, then SIGKILL after the grace period (at once for zero); gone or stopped is fine. */
    void stopContainer(String id, Duration grace) {
        try {
            if (grace.isZero()) {
                clients.quick().killContainerCmd(id).exec();
            } else {
                int seconds = (int) Math.min(Integer.MAX_VALUE, (grace.toMillis() + 999) / 1000);
                clients.streaming().stopContainerCmd(id).withTimeout(seconds).exec();
            }
            LOG.debug("Stopped container {} (grace {})", id, grace);
        } catch (NotFoundException | NotModifiedException e) {
            // Gone or already stopped.
        } catch (ConflictException e) {
            if (!DockerErrors.message(e).contains("is not running")) {
                throw DockerErrors.map(e, "stop container " + id);
            }
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "stop container " + id);
        }
    }

    @Override
    public PodStatus getPodStatus(String uid, String name, String namespace) {
        if (uid == null || uid.isBlank()) {
            throw ContainerRuntimeException.invalidArgument("uid", "must not be blank");
        }
        List<com.github.dockerjava.api.model.Container> listed = listOurs(Map.of(DockerLabels.POD_UID, uid));
        if (listed.isEmpty()) {
            return PodStatus.empty(uid, name == null ? "" : name, namespace == null ? "" : namespace);
        }
        List<SandboxStatus> sandboxes = new ArrayList<>();
        List<ContainerStatus> containers = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (var c : listed) {
            InspectContainerResponse inspect;
            try {
                inspect = clients.quick().inspectContainerCmd(c.getId()).exec();
            } catch (NotFoundException e) {
                continue;
            } catch (RuntimeException e) {
                throw DockerErrors.map(e, "inspect container " + c.getId());
            }
            Map<String, String> labels = c.getLabels();
            if (DockerLabels.TYPE_SANDBOX.equals(labels.get(DockerLabels.CONTAINER_TYPE))) {
                boolean ready = Boolean.TRUE.equals(inspect.getState().getRunning());
                String ip = ipOf(inspect);
                sandboxes.add(new SandboxStatus(id(c.getId()), ready, instant(inspect.getCreated()), ip));
                if (ready && ip != null && ips.isEmpty()) {
                    ips.add(ip);
                }
            } else {
                containers.add(containerStatus(inspect, labels));
            }
        }
        Comparator<Instant> newestFirst = Comparator.nullsLast(Comparator.<Instant>reverseOrder());
        sandboxes.sort(Comparator.comparing(SandboxStatus::createdAt, newestFirst));
        containers.sort(Comparator.comparing(ContainerStatus::createdAt, newestFirst));
        Map<String, String> first = listed.get(0).getLabels();
        return new PodStatus(uid, first.getOrDefault(DockerLabels.POD_NAME, name == null ? "" : name),
                first.getOrDefault(DockerLabels.POD_NAMESPACE, namespace == null ? "" : namespace), ips, sandboxes, containers);
    }

    static ContainerStatus containerStatus(InspectContainerResponse inspect, Map<String, String> labels) {
        var state = inspect.getState();
        ContainerState s = stateOf(state.getStatus());
        Long exit = state.getExitCodeLong();
        int exitCode = exit == null ? 0 : exit.intValue();
        String reason = null;
        if (s == ContainerState.EXITED) {
            if (Boolean.TRUE.equals(state.getOOMKilled())) {
                reason = ContainerStatus.REASON_OOM_KILLED;
            } else {
                reason = exitCode == 0 ? ContainerStatus.REASON_COMPLETED : ContainerStatus.REASON_ERROR;
            }
        }
        String error = state.getError();
        Instant startedAt = instant(state.getStartedAt());
        Instant finishedAt = s == ContainerState.EXITED ? instant(state.getFinishedAt()) : null;
        if (startedAt != null && finishedAt != null && finishedAt.isBefore(startedAt)) {
            // The engine stamps StartedAt after containerd returns, so a process that exits at once
            // can show a finish a moment before its start; it cannot have started later than it ended.
            startedAt = finishedAt;
        }
        String image = labels.getOrDefault(DockerLabels.CONTAINER_IMAGE,
                inspect.getConfig() == null || inspect.getConfig().getImage() == null ? "" : inspect.getConfig().getImage());
        return ContainerStatus.builder()
                .id(id(inspect.getId()))
                .name(labels.getOrDefault(DockerLabels.CONTAINER_NAME, "unknown"))
                .state(s)
                .createdAt(instant(inspect.getCreated()))
                .startedAt(startedAt)
                .finishedAt(finishedAt)
                .exitCode(s == ContainerState.EXITED ? exitCode : 0)
                .reason(reason)
                .message(error == null || error.isBlank() ? null : error)
                .image(image)
                .imageId(inspect.getImageId())
                .restartCount(DockerLabels.restartCount(labels))
                .hash(DockerLabels.hash(labels))
                .build();
    }

    /** The IP of a sandbox as {@link #getPodStatus} reports it; empty if it has none (host network). */
    String sandboxIp(String sandboxId) {
        try {
            return Objects.toString(ipOf(clients.quick().inspectContainerCmd(sandboxId).exec()), "");
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "inspect sandbox " + sandboxId);
        }
    }

    private static String ipOf(InspectContainerResponse inspect) {
        var settings = inspect.getNetworkSettings();
        if (settings == null) {
            return null;
        }
        if (settings.getIpAddress() != null && !settings.getIpAddress().isBlank()) {
            return settings.getIpAddress();
        }
        if (settings.getNetworks() != null) {
            for (ContainerNetwork n : settings.getNetworks().values()) {
                if (n.getIpAddress() != null && !n.getIpAddress().isBlank()) {
                    return n.getIpAddress();
                }
            }
        }
        return null;
    }

    @Override
    public Optional<String> getNetNs(ContainerId containerId) {
        InspectContainerResponse inspect = inspectOurs(containerId);
        Map<String, String> labels = inspect.getConfig().getLabels();
        if (!DockerLabels.TYPE_SANDBOX.equals(labels.get(DockerLabels.CONTAINER_TYPE))) {
            String sandbox = labels.get(DockerLabels.SANDBOX_ID);
            if (sandbox == null) {
                throw new ContainerRuntimeException(Reason.INTERNAL, "container " + containerId + " names no sandbox");
            }
            inspect = inspectOurs(id(sandbox));
        }
        if ("host".equals(inspect.getHostConfig().getNetworkMode())) {
            return Optional.empty();
        }
        Long pid = inspect.getState().getPidLong();
        if (pid == null || pid <= 0 || !Boolean.TRUE.equals(inspect.getState().getRunning())) {
            throw new ContainerRuntimeException(Reason.CONTAINER_NOT_RUNNING, "the sandbox of container " + containerId
                    + " is not running: it has no network namespace");
        }
        return Optional.of("/proc/" + pid + "/ns/net");
    }

    @Override
    public ContainerId getPodContainerId(Pod pod) {
        if (pod == null) {
            throw ContainerRuntimeException.invalidArgument("pod", "must not be null");
        }
        return pod.sandboxes().stream().filter(s -> s.state() == ContainerState.RUNNING).findFirst()
                .or(() -> pod.sandboxes().stream().findFirst())
                .map(Container::id)
                .orElseThrow(() -> new ContainerRuntimeException(Reason.POD_NOT_FOUND,
                        "pod " + pod.namespace() + "/" + pod.name() + " (" + pod.uid() + ") has no sandbox"));
    }

    @Override
    public void getContainerLogs(PodDescription pod, ContainerId containerId, LogOptions options, OutputStream stdout,
                                 OutputStream stderr) {
        if (options == null) {
            throw ContainerRuntimeException.invalidArgument("options", "must not be null");
        }
        if (stdout == null || stderr == null) {
            throw ContainerRuntimeException.invalidArgument(stdout == null ? "stdout" : "stderr", "must not be null");
        }
        inspectOurs(containerId);
        Instant since = options.since();
        // Following reads timestamps too: the engine may end a followed stream while the container
        // still runs, and the stream is then resumed after the last line it delivered.
        boolean stamped = options.timestamps() || since != null || options.follow();
        Instant after = null;
        for (int resumes = 0; ; resumes++) {
            LogContainerCmd cmd = clients.streaming().logContainerCmd(containerId.id()).withStdOut(true).withStdErr(true)
                    .withTimestamps(stamped).withFollowStream(options.follow());
            if (after == null && options.tailLines() >= 0) {
                cmd.withTail((int) Math.min(Integer.MAX_VALUE, options.tailLines()));
            } else {
                cmd.withTailAll();
            }
            Instant from = after != null ? after : since;
            if (from != null) {
                cmd.withSince((int) Math.max(0, Math.min(Integer.MAX_VALUE, from.getEpochSecond())));
            }
            LogCallback callback = new LogCallback(stdout, stderr, stamped, since, after, options.timestamps());
            try {
                cmd.exec(callback);
                callback.awaitCompletion();
            } catch (InterruptedException e) {
                callback.closeQuietly();
                throw DockerErrors.interrupted("reading the logs of " + containerId);
            } catch (NotFoundException e) {
                throw DockerErrors.notFound(containerId, e);
            } catch (UncheckedIOException e) {
                throw new ContainerRuntimeException(Reason.INTERNAL, "writing the logs of " + containerId + " failed: " + e.getCause(), e);
            } catch (RuntimeException e) {
                throw DockerErrors.map(e, "read the logs of " + containerId);
            }
            if (callback.writeFailure != null) {
                throw new ContainerRuntimeException(Reason.INTERNAL, "writing the logs of " + containerId + " failed: "
                        + callback.writeFailure, callback.writeFailure);
            }
            if (!options.follow() || resumes >= MAX_LOG_RESUMES || !stillRunning(containerId)) {
                return;
            }
            if (callback.lastSeen != null) {
                after = callback.lastSeen;
            } else if (after == null) {
                after = since != null ? since.minusNanos(1) : Instant.EPOCH;
            }
            LOG.debug("Log stream of {} ended while it runs; resuming after {}", containerId, after);
        }
    }

    private boolean stillRunning(ContainerId containerId) {
        try {
            Boolean running = clients.quick().inspectContainerCmd(containerId.id()).exec().getState().getRunning();
            return Boolean.TRUE.equals(running);
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public void deleteContainer(ContainerId containerId) {
        InspectContainerResponse inspect;
        try {
            inspect = inspectOurs(containerId);
        } catch (ContainerRuntimeException e) {
            if (e.reason() == Reason.CONTAINER_NOT_FOUND && !(e.getCause() instanceof ForeignContainer)) {
                return;
            }
            throw e;
        }
        String uid = inspect.getConfig().getLabels().get(DockerLabels.POD_UID);
        try {
            clients.quick().removeContainerCmd(containerId.id()).withForce(true).withRemoveVolumes(false).exec();
            LOG.debug("Removed container {} of pod {}", containerId, uid);
        } catch (NotFoundException e) {
            // Gone meanwhile.
        } catch (ConflictException e) {
            if (!DockerErrors.message(e).contains("already in progress")) {
                throw DockerErrors.map(e, "remove container " + containerId);
            }
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "remove container " + containerId);
        }
        volumes.forgetSandbox(containerId.id());
        if (listOurs(Map.of(DockerLabels.POD_UID, uid)).isEmpty()) {
            volumes.cleanup(uid);
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
        return Optional.of(attacher);
    }

    @Override
    public Optional<PortForwarder> portForwarder() {
        return Optional.of(portForwarder);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            workers.shutdownNow();
            clients.close();
        }
    }

    // ---------------------------------------------------------------- shared with PodSync and the services

    DockerClients clients() {
        return clients;
    }

    DockerImageService images() {
        return images;
    }

    PodVolumes volumes() {
        return volumes;
    }

    ExecutorService workers() {
        return workers;
    }

    Object pauseImageLock() {
        return pauseImageLock;
    }

    /** Every container of ours (running or not) matching the extra label filters, newest first. */
    List<com.github.dockerjava.api.model.Container> listOurs(Map<String, String> labels) {
        Map<String, String> filter = new LinkedHashMap<>(labels);
        filter.put(DockerLabels.MANAGED, DockerLabels.MANAGED_VALUE);
        try {
            return clients.quick().listContainersCmd().withShowAll(true).withLabelFilter(filter).exec().stream()
                    .filter(c -> DockerLabels.isOurs(c.getLabels()))
                    .toList();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "list containers");
        }
    }

    /**
     * Inspects a container this runtime created.
     *
     * @throws ContainerRuntimeException {@code CONTAINER_NOT_FOUND} if it does not exist, is not a Docker id or
     *                                   is not ours (the cause is then a {@link ForeignContainer})
     */
    InspectContainerResponse inspectOurs(ContainerId containerId) {
        if (containerId == null) {
            throw ContainerRuntimeException.invalidArgument("containerId", "must not be null");
        }
        if (!TYPE.equals(containerId.type())) {
            throw new ContainerRuntimeException(Reason.CONTAINER_NOT_FOUND, "container " + containerId + " is not a "
                    + TYPE + " container");
        }
        InspectContainerResponse inspect;
        try {
            inspect = clients.quick().inspectContainerCmd(containerId.id()).exec();
        } catch (NotFoundException e) {
            throw DockerErrors.notFound(containerId, e);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "inspect container " + containerId);
        }
        if (inspect.getConfig() == null || !DockerLabels.isOurs(inspect.getConfig().getLabels())) {
            throw new ContainerRuntimeException(Reason.CONTAINER_NOT_FOUND, "container " + containerId
                    + " was not created by Corral; it is left alone", new ForeignContainer());
        }
        return inspect;
    }

    /** Marks a {@code CONTAINER_NOT_FOUND} for a container that exists but is not ours. */
    static final class ForeignContainer extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ForeignContainer() {
            super("not managed by Corral", null, false, false);
        }
    }

    static ContainerId id(String dockerId) {
        return new ContainerId(TYPE, dockerId);
    }

    static ContainerState stateOf(String dockerState) {
        if (dockerState == null) {
            return ContainerState.UNKNOWN;
        }
        return switch (dockerState) {
            case "created" -> ContainerState.CREATED;
            case "running", "paused", "restarting" -> ContainerState.RUNNING;
            case "exited", "dead" -> ContainerState.EXITED;
            default -> ContainerState.UNKNOWN;
        };
    }

    /** Parses the engine's RFC 3339 times; null for absent or the zero time. */
    static Instant instant(String text) {
        if (text == null || text.isBlank() || text.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String normalizedArch(String arch) {
        if (arch == null || arch.isBlank()) {
            return "amd64";
        }
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static Optional<String> firstSiteAddress() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback() || nif.getName().startsWith("docker") || nif.getName().startsWith("veth")
                        || nif.getName().startsWith("br-")) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return Optional.of(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("Cannot list network interfaces", e);
        }
        return Optional.empty();
    }

    /** Writes log frames to the caller's streams, dropping lines before {@code since} and timestamps not asked for. */
    private static final class LogCallback extends ResultCallback.Adapter<Frame> {
        private final OutputStream stdout;
        private final OutputStream stderr;
        private final boolean stamped;
        private final Instant since;
        private final Instant after;
        private final boolean keepTimestamps;
        private volatile IOException writeFailure;
        /** The timestamp of the last line written, when the stream is stamped. */
        private volatile Instant lastSeen;

        /**
         * @param stamped whether the engine prefixes each line with its timestamp
         * @param since   lines before it are dropped (inclusive bound), or null
         * @param after   lines at or before it are dropped (already delivered), or null
         */
        LogCallback(OutputStream stdout, OutputStream stderr, boolean stamped, Instant since, Instant after,
                    boolean keepTimestamps) {
            this.stdout = stdout;
            this.stderr = stderr;
            this.stamped = stamped;
            this.since = since;
            this.after = after;
            this.keepTimestamps = keepTimestamps;
        }

        @Override
        public void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            if (stamped) {
                String line = new String(payload, StandardCharsets.UTF_8);
                int space = line.indexOf(' ');
                Instant at = space > 0 ? instant(line.substring(0, space)) : null;
                if (at != null && ((since != null && at.isBefore(since)) || (after != null && !at.isAfter(after)))) {
                    return;
                }
                if (at != null) {
                    lastSeen = at;
                }
                if (!keepTimestamps && space > 0) {
                    payload = line.substring(space + 1).getBytes(StandardCharsets.UTF_8);
                }
            }
            try {
                (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).write(payload);
            } catch (IOException e) {
                writeFailure = e;
                closeQuietly();
            }
        }

        void closeQuietly() {
            try {
                close();
            } catch (IOException e) {
                // Abandoning the stream anyway.
            }
        }
    }
}
