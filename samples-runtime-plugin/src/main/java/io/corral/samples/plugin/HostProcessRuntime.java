package io.corral.samples.plugin;

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
import io.corral.runtime.spi.ImageService;
import io.corral.runtime.spi.LogOptions;
import io.corral.runtime.spi.NodeFingerprint;
import io.corral.runtime.spi.Pod;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PodSyncResult;
import io.corral.runtime.spi.PullProgressListener;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.RestartPolicy;
import io.corral.runtime.spi.RuntimeStatus;
import io.corral.runtime.spi.SandboxStatus;
import io.corral.runtime.spi.SyncAction;
import io.corral.runtime.spi.SyncErrorReason;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * A container runtime that runs each container's command ({@code command} + {@code args}) as a plain process of
 * the host, in a scratch directory per pod. It shows how little a runtime must do to pass the conformance kit's
 * required rules: pods and sandboxes, init containers, restart policies with back-off, graceful and forced kills,
 * exit codes, idempotent deletes.
 *
 * <p>Logs: each run of a container writes its standard output and error to two files of the runtime's own directory
 * (outside the pod's scratch directory), kept until the container is deleted; they have no timestamps, so
 * {@code since} and {@code timestamps} are not supported (ignored).
 *
 * <p>What it is not: there is no isolation (no namespaces, no cgroups, no file system of the image), so of the
 * optional capabilities it declares only logs and killing one container: no exec, attach, port forwarding, volumes,
 * shared pod network or resource limits.
 * Images are names from a catalogue that the host's userland stands in for ({@link HostProcessImages}). A sandbox is
 * the pod's scratch directory; its IP is the loopback address.
 *
 * <p>Threading: every method is thread-safe; calls for one pod are serialized on that pod, calls for different pods
 * do not block each other. {@link #killPod} blocks for at most the grace period plus a few seconds.
 *
 * <p>Known limit: a container's processes are found through the process tree when it is killed; a process that
 * left the tree (a daemon that double-forked) survives. A real runtime kills the container's cgroup instead.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class HostProcessRuntime implements ContainerRuntime {
    /** The runtime type, also the scheme of its container ids. */
    public static final String TYPE = "host-process";
    private static final String VERSION = "0.1.0";
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final int SIGTERM = 15;
    private static final long TERM_POLL_MILLIS = 50;
    private static final Capabilities CAPABILITIES =
            Capabilities.builder().killContainer(true).logs(true).build();
    private static final long FOLLOW_POLL_MILLIS = 100;

    private final HostProcessImages images;
    private final Path root;
    private final Path logs;
    private final Map<String, HostPod> pods = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param images the image names the host's userland stands in for; pulling others fails
     * @throws UncheckedIOException if no scratch directory can be created
     */
    public HostProcessRuntime(Set<String> images) {
        this.images = new HostProcessImages(Objects.requireNonNull(images, "images"));
        try {
            this.root = Files.createTempDirectory("corral-host-process-");
            this.logs = Files.createDirectories(root.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the runtime's scratch directory", e);
        }
    }

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
        return "1";
    }

    @Override
    public RuntimeStatus status() {
        return closed ? RuntimeStatus.notReady("Closed", "the runtime was closed") : RuntimeStatus.allReady();
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public NodeFingerprint fingerprint() {
        String hostname;
        try {
            hostname = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            hostname = "localhost";
        }
        return NodeFingerprint.builder()
                .cpuMillis(Runtime.getRuntime().availableProcessors() * 1000L)
                .memoryBytes(Runtime.getRuntime().maxMemory())
                .podsCapacity(110)
                .operatingSystem(System.getProperty("os.name", "unknown").toLowerCase(java.util.Locale.ROOT))
                .runtimeName(TYPE)
                .runtimeVersion(VERSION)
                .hostname(hostname)
                .build();
    }

    // ------------------------------------------------------------------ listing and status

    @Override
    public List<Pod> getPods(boolean all) {
        List<Pod> result = new ArrayList<>();
        for (HostPod pod : pods.values()) {
            synchronized (pod) {
                boolean running = pod.sandboxReady || pod.containers.stream().anyMatch(HostContainer::isRunning);
                if (pod.isEmpty() || (!all && !running)) {
                    continue;
                }
                List<Container> containers = pod.containers.stream().map(c -> new Container(c.id, c.spec.name(),
                        c.spec.image(), c.state(), c.spec.hash())).toList();
                List<Container> sandboxes = pod.sandboxId == null ? List.of() : List.of(new Container(pod.sandboxId, "sandbox",
                        "", pod.sandboxReady ? ContainerState.RUNNING : ContainerState.EXITED, 0));
                result.add(new Pod(pod.uid, pod.name, pod.namespace, containers, sandboxes));
            }
        }
        return result;
    }

    @Override
    public PodStatus getPodStatus(String uid, String name, String namespace) {
        ensureOpen();
        HostPod pod = pods.get(uid);
        if (pod == null) {
            return PodStatus.empty(uid, name, namespace);
        }
        synchronized (pod) {
            List<SandboxStatus> sandboxes = pod.sandboxId == null ? List.of()
                    : List.of(new SandboxStatus(pod.sandboxId, pod.sandboxReady, pod.sandboxCreatedAt, "127.0.0.1"));
            List<ContainerStatus> containers = pod.containers.stream().map(HostContainer::status).toList();
            return new PodStatus(uid, pod.name, pod.namespace, pod.sandboxReady ? List.of("127.0.0.1") : List.of(),
                    sandboxes, containers);
        }
    }

    @Override
    public Optional<String> getNetNs(ContainerId containerId) {
        return Optional.empty(); // the host's network: no namespace of its own
    }

    @Override
    public ContainerId getPodContainerId(Pod pod) {
        HostPod found = pods.get(pod.uid());
        if (found != null) {
            synchronized (found) {
                if (found.sandboxId != null) {
                    return found.sandboxId;
                }
            }
        }
        throw new ContainerRuntimeException(Reason.POD_NOT_FOUND, "no sandbox for pod " + pod.namespace() + "/" + pod.name());
    }

    // ------------------------------------------------------------------ sync

    @Override
    public PodSyncResult syncPod(PodDescription pod, PodStatus status, List<RegistryCredentials> pullSecrets, Backoff backoff) {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(backoff, "backoff");
        PodSyncResult.Builder result = PodSyncResult.builder();
        if (closed) {
            return result.syncError(new ContainerRuntimeException(Reason.RUNTIME_UNAVAILABLE, "the runtime was closed")).build();
        }
        List<String> unsupported = CAPABILITIES.unsupportedFeatures(pod);
        if (!unsupported.isEmpty()) {
            return result.fail(SyncAction.CREATE_POD_SANDBOX, pod.fullName(), SyncErrorReason.UNSUPPORTED,
                    String.join("; ", unsupported)).build();
        }
        while (true) {
            HostPod host = pods.computeIfAbsent(pod.uid(), uid -> new HostPod(uid, pod.name(), pod.namespace()));
            synchronized (host) {
                if (host.removed) {
                    continue; // deleted concurrently: start over with a fresh record
                }
                sync(host, pod, backoff, result);
                return result.build();
            }
        }
    }

    private void sync(HostPod host, PodDescription pod, Backoff backoff, PodSyncResult.Builder result) {
        if (!host.sandboxReady) {
            if (!host.containers.isEmpty() && pod.restartPolicy() == RestartPolicy.NEVER) {
                return; // a finished pod that must not restart
            }
            for (HostContainer c : host.containers) {
                if (c.isRunning()) {
                    c.kill(Duration.ZERO);
                    result.ok(SyncAction.KILL_CONTAINER, c.spec.name());
                }
            }
            try {
                host.scratch = Files.createDirectories(root.resolve(pod.uid()));
            } catch (IOException e) {
                result.fail(SyncAction.CREATE_POD_SANDBOX, pod.fullName(), SyncErrorReason.CREATE_POD_SANDBOX_ERROR, e.toString());
                return;
            }
            host.sandboxId = new ContainerId(TYPE, pod.uid() + "-sandbox-" + sequence.incrementAndGet());
            host.sandboxCreatedAt = Instant.now();
            host.sandboxReady = true;
            result.ok(SyncAction.CREATE_POD_SANDBOX, pod.fullName());
        }
        for (HostContainer c : host.containers) {
            if (c.isRunning() && pod.findContainer(c.spec.name()).isEmpty()
                    && pod.initContainers().stream().noneMatch(i -> i.name().equals(c.spec.name()))) {
                c.kill(pod.terminationGrace());
                result.ok(SyncAction.KILL_CONTAINER, c.spec.name());
            }
        }
        for (ContainerDescription init : pod.initContainers()) {
            HostContainer current = host.newest(init.name());
            if (current == null) {
                start(host, pod, init, backoff, result);
                return;
            }
            if (current.isRunning()) {
                return; // wait for it to complete
            }
            if (current.exitCode() == 0) {
                continue;
            }
            if (pod.restartPolicy() == RestartPolicy.NEVER) {
                result.fail(SyncAction.INIT_CONTAINER, init.name(), SyncErrorReason.INIT_CONTAINER_FAILED,
                        "init container " + init.name() + " exited with code " + current.exitCode());
                return;
            }
            start(host, pod, init, backoff, result);
            return;
        }
        for (ContainerDescription spec : pod.containers()) {
            HostContainer current = host.newest(spec.name());
            if (current == null) {
                start(host, pod, spec, backoff, result);
            } else if (current.isRunning()) {
                if (!current.spec.equals(spec)) {
                    current.kill(pod.terminationGrace());
                    result.ok(SyncAction.KILL_CONTAINER, spec.name());
                    start(host, pod, spec, backoff, result);
                }
            } else if (pod.restartPolicy().shouldRestart(current.exitCode())) {
                start(host, pod, spec, backoff, result);
            }
        }
    }

    private void start(HostPod host, PodDescription pod, ContainerDescription spec, Backoff backoff,
                       PodSyncResult.Builder result) {
        HostContainer previous = host.newest(spec.name());
        if (previous != null && !previous.isRunning()) {
            String key = Backoff.key(pod, spec);
            Instant exitedAt = previous.finishedAt();
            if (backoff.isInBackOffSince(key, exitedAt)) {
                result.fail(SyncAction.START_CONTAINER, spec.name(), SyncErrorReason.CRASH_LOOP_BACK_OFF,
                        "back-off " + backoff.delay(key).toSeconds() + "s restarting failed container " + spec.name());
                return;
            }
            backoff.next(key, exitedAt);
        }
        if (!ensureImage(spec, result)) {
            return;
        }
        List<String> argv = Stream.concat(spec.command().stream(), spec.args().stream()).toList();
        if (argv.isEmpty()) {
            result.fail(SyncAction.START_CONTAINER, spec.name(), SyncErrorReason.RUN_CONTAINER_ERROR,
                    "container " + spec.name() + ": the host-process runtime needs a command (images have no entrypoint)");
            return;
        }
        ContainerId id = new ContainerId(TYPE, pod.uid() + "-" + spec.name() + "-" + sequence.incrementAndGet());
        ContainerLogs output = new ContainerLogs(logs.resolve(id.id() + ".out"), logs.resolve(id.id() + ".err"));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(host.scratch.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(output.stdout().toFile())
                .redirectError(output.stderr().toFile());
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", host.scratch.toString());
        env.put("HOSTNAME", pod.effectiveHostname());
        for (EnvVar var : spec.env()) {
            env.put(var.name(), var.value());
        }
        try {
            Process process = builder.start();
            int restartCount = previous == null ? 0 : previous.restartCount + 1;
            host.containers.add(new HostContainer(id, spec, process, Instant.now(), restartCount, output));
            result.ok(SyncAction.START_CONTAINER, spec.name());
        } catch (IOException e) {
            result.fail(SyncAction.START_CONTAINER, spec.name(), SyncErrorReason.RUN_CONTAINER_ERROR,
                    "cannot run " + argv + ": " + e.getMessage());
        }
    }

    private boolean ensureImage(ContainerDescription spec, PodSyncResult.Builder result) {
        boolean present = images.isPresent(spec.image());
        switch (spec.imagePullPolicy()) {
            case NEVER -> {
                if (!present) {
                    result.fail(SyncAction.START_CONTAINER, spec.name(), SyncErrorReason.ERR_IMAGE_NEVER_PULL,
                            "image " + spec.image() + " is not present with pull policy Never");
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
            images.pull(spec.image(), null, Duration.ofMinutes(1), PullProgressListener.NONE);
            return true;
        } catch (ContainerRuntimeException e) {
            result.fail(SyncAction.START_CONTAINER, spec.name(), SyncErrorReason.ERR_IMAGE_PULL, e.getMessage());
            return false;
        }
    }

    // ------------------------------------------------------------------ kill and delete

    @Override
    public PodSyncResult killPod(PodDescription pod, Pod runningPod, Duration gracePeriodOverride) {
        Objects.requireNonNull(runningPod, "runningPod");
        Duration grace = gracePeriodOverride != null ? gracePeriodOverride
                : pod != null ? pod.terminationGrace() : DEFAULT_GRACE;
        PodSyncResult.Builder result = PodSyncResult.builder();
        HostPod host = pods.get(runningPod.uid());
        if (host == null) {
            return result.build(); // unknown or already deleted: nothing to kill
        }
        synchronized (host) {
            for (HostContainer c : host.containers) {
                if (c.isRunning()) {
                    c.kill(grace);
                    result.ok(SyncAction.KILL_CONTAINER, c.spec.name());
                }
            }
            if (host.sandboxReady) {
                host.sandboxReady = false;
                result.ok(SyncAction.KILL_POD_SANDBOX, runningPod.namespace() + "/" + runningPod.name());
            }
        }
        return result.build();
    }

    /** SIGTERM (if the process handles it), up to the grace period, then SIGKILL of that container's process tree. */
    @Override
    public void killContainer(ContainerId containerId, Duration gracePeriod) {
        Objects.requireNonNull(containerId, "containerId");
        if (gracePeriod == null || gracePeriod.isNegative()) {
            throw ContainerRuntimeException.invalidArgument("gracePeriod", "must not be null or negative, was " + gracePeriod);
        }
        for (HostPod host : pods.values()) {
            synchronized (host) {
                if (containerId.equals(host.sandboxId)) {
                    throw ContainerRuntimeException.invalidArgument("containerId", containerId + " is a pod sandbox; use killPod");
                }
                for (HostContainer c : host.containers) {
                    if (c.id.equals(containerId)) {
                        c.kill(gracePeriod);
                        return;
                    }
                }
            }
        }
        // never created or already deleted: killing is idempotent
    }

    @Override
    public void deleteContainer(ContainerId containerId) {
        Objects.requireNonNull(containerId, "containerId");
        for (HostPod host : pods.values()) {
            synchronized (host) {
                boolean changed = host.containers.removeIf(c -> {
                    if (c.id.equals(containerId)) {
                        c.kill(Duration.ZERO);
                        c.output.delete();
                        return true;
                    }
                    return false;
                });
                if (containerId.equals(host.sandboxId)) {
                    host.sandboxId = null;
                    host.sandboxReady = false;
                    changed = true;
                }
                if (changed && host.isEmpty()) {
                    host.removed = true;
                    pods.remove(host.uid, host);
                    deleteTree(host.scratch);
                }
                if (changed) {
                    return;
                }
            }
        }
        // never created or already deleted: deleting is idempotent
    }

    @Override
    public void getContainerLogs(PodDescription pod, ContainerId containerId, LogOptions options, OutputStream stdout,
                                 OutputStream stderr) {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(options, "options");
        HostContainer container = find(containerId);
        try {
            if (!options.follow()) {
                stdout.write(tail(Files.readAllBytes(container.output.stdout()), options.tailLines()));
                stderr.write(tail(Files.readAllBytes(container.output.stderr()), options.tailLines()));
                return;
            }
            // follow: copy what each file has so far (the tail), then what is appended, until the process has exited
            long outAt = copyTail(container.output.stdout(), options.tailLines(), stdout);
            long errAt = copyTail(container.output.stderr(), options.tailLines(), stderr);
            while (true) {
                boolean exited = !container.isRunning();
                outAt = copyFrom(container.output.stdout(), outAt, stdout);
                errAt = copyFrom(container.output.stderr(), errAt, stderr);
                if (exited) {
                    return;
                }
                Thread.sleep(FOLLOW_POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ContainerRuntimeException(Reason.CONTAINER_NOT_FOUND, "container " + containerId + " was deleted");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the logs of " + containerId, e);
        }
    }

    private HostContainer find(ContainerId containerId) {
        for (HostPod host : pods.values()) {
            synchronized (host) {
                for (HostContainer c : host.containers) {
                    if (c.id.equals(containerId)) {
                        return c;
                    }
                }
            }
        }
        throw new ContainerRuntimeException(Reason.CONTAINER_NOT_FOUND, "no container " + containerId);
    }

    /** The last {@code lines} lines of {@code bytes} (all for -1). */
    private static byte[] tail(byte[] bytes, long lines) {
        if (lines < 0) {
            return bytes;
        }
        if (lines == 0) {
            return new byte[0];
        }
        // the final newline ends the last line rather than starting another
        int pos = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
        long count = 0;
        for (; pos > 0; pos--) {
            if (bytes[pos - 1] == '\n' && ++count == lines) {
                return java.util.Arrays.copyOfRange(bytes, pos, bytes.length);
            }
        }
        return bytes;
    }

    private static long copyTail(Path file, long lines, OutputStream out) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        out.write(tail(bytes, lines));
        out.flush();
        return bytes.length;
    }

    private static long copyFrom(Path file, long position, OutputStream out) throws IOException {
        try (java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size <= position) {
                return position;
            }
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size - position, 1 << 20));
            channel.position(position);
            int read = channel.read(buffer);
            if (read > 0) {
                out.write(buffer.array(), 0, read);
                out.flush();
                return position + read;
            }
            return position;
        }
    }

    @Override
    public ImageService imageService() {
        return images;
    }

    @Override
    public Optional<ContainerCommandRunner> commandRunner() {
        return Optional.empty();
    }

    @Override
    public Optional<ContainerAttacher> attacher() {
        return Optional.empty();
    }

    /** Kills every process at once and removes the scratch directories. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (HostPod host : pods.values()) {
            synchronized (host) {
                host.containers.forEach(c -> c.kill(Duration.ZERO));
            }
        }
        pods.clear();
        deleteTree(root);
    }

    private void ensureOpen() {
        if (closed) {
            throw new ContainerRuntimeException(Reason.RUNTIME_UNAVAILABLE, "the runtime was closed");
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a scratch directory left in the temp folder is harmless
        }
    }

    /** A pod's record; guarded by its own monitor. */
    private static final class HostPod {
        final String uid;
        final String name;
        final String namespace;
        final List<HostContainer> containers = new ArrayList<>();
        ContainerId sandboxId;
        Instant sandboxCreatedAt;
        boolean sandboxReady;
        boolean removed;
        Path scratch;

        HostPod(String uid, String name, String namespace) {
            this.uid = uid;
            this.name = name;
            this.namespace = namespace;
        }

        HostContainer newest(String containerName) {
            HostContainer newest = null;
            for (HostContainer c : containers) {
                if (c.spec.name().equals(containerName)) {
                    newest = c;
                }
            }
            return newest;
        }

        boolean isEmpty() {
            return containers.isEmpty() && sandboxId == null;
        }
    }

    /** One run of a container: a host process and what became of it. */
    private static final class HostContainer {
        final ContainerId id;
        final ContainerDescription spec;
        final Process process;
        final Instant startedAt;
        final int restartCount;
        final ContainerLogs output;
        private Instant finishedAt;

        HostContainer(ContainerId id, ContainerDescription spec, Process process, Instant startedAt, int restartCount,
                      ContainerLogs output) {
            this.id = id;
            this.spec = spec;
            this.process = process;
            this.startedAt = startedAt;
            this.restartCount = restartCount;
            this.output = output;
            process.onExit().thenRun(this::markFinished);
        }

        boolean isRunning() {
            return process.isAlive();
        }

        ContainerState state() {
            return isRunning() ? ContainerState.RUNNING : ContainerState.EXITED;
        }

        /** The exit code; a process killed by signal N reports 128 + N, as a shell would. */
        int exitCode() {
            return process.exitValue();
        }

        synchronized Instant finishedAt() {
            markFinished();
            return finishedAt;
        }

        private synchronized void markFinished() {
            if (finishedAt == null && !process.isAlive()) {
                finishedAt = Instant.now();
            }
        }

        /**
         * Sends SIGTERM and waits up to {@code grace}, then SIGKILLs the process and its descendants. A zero grace
         * kills at once (exit code 137). Like a container's PID 1, a process that does not handle SIGTERM is not
         * terminated by it: it gets SIGKILL when the grace period is over.
         */
        void kill(Duration grace) {
            if (!process.isAlive()) {
                return;
            }
            try {
                if (!grace.isZero() && !grace.isNegative()) {
                    // A just-started shell may not have installed its TERM handler yet: keep looking
                    // through the grace period and send SIGTERM once it has one, as PID 1 would receive it.
                    long deadline = System.nanoTime() + grace.toNanos();
                    boolean sent = false;
                    while (true) {
                        if (!sent && handlesTerm(process.pid())) {
                            process.destroy();
                            sent = true;
                        }
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        if (process.waitFor(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, TERM_POLL_MILLIS),
                                TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    }
                }
                // the tree is read just before the kill: a child forked during the grace period is in it
                List<ProcessHandle> descendants = process.descendants().toList();
                process.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                List<ProcessHandle> descendants = process.descendants().toList();
                process.destroyForcibly();
                descendants.forEach(ProcessHandle::destroyForcibly);
            } finally {
                markFinished();
            }
        }

        /** Whether the process catches SIGTERM (Linux: bit 15 of SigCgt in /proc/PID/status); true elsewhere. */
        private static boolean handlesTerm(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith("SigCgt:")) {
                        long caught = Long.parseUnsignedLong(line.substring("SigCgt:".length()).trim(), 16);
                        return (caught & (1L << (SIGTERM - 1))) != 0;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // no procfs: fall back to sending SIGTERM
            }
            return true;
        }

        ContainerStatus status() {
            ContainerStatus.Builder b = ContainerStatus.builder().id(id).name(spec.name()).state(state())
                    .createdAt(startedAt).startedAt(startedAt).image(spec.image())
                    .imageId(HostProcessImages.idOf(spec.image())).restartCount(restartCount).hash(spec.hash());
            if (!isRunning()) {
                int code = exitCode();
                b.finishedAt(finishedAt()).exitCode(code)
                        .reason(code == 0 ? ContainerStatus.REASON_COMPLETED : ContainerStatus.REASON_ERROR);
            }
            return b.build();
        }
    }

    /** The files a container run's output goes to. */
    private record ContainerLogs(Path stdout, Path stderr) {
        void delete() {
            try {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            } catch (IOException e) {
                // a log file left in the runtime's directory goes with it on close
            }
        }
    }
}
