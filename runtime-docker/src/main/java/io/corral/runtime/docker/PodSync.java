package io.corral.runtime.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.Container;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.ContainerState;
import io.corral.runtime.spi.ContainerStatus;
import io.corral.runtime.spi.ImagePullPolicy;
import io.corral.runtime.spi.Pod;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PodSyncResult;
import io.corral.runtime.spi.PortMapping;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.Resources;
import io.corral.runtime.spi.RestartPolicy;
import io.corral.runtime.spi.SyncAction;
import io.corral.runtime.spi.SyncErrorReason;
import io.corral.runtime.spi.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * One level-triggered sync of a pod (kubelet's {@code computePodActions} then {@code SyncPod}):
 * ensure a ready sandbox of the current spec, kill containers no longer wanted, run the next init
 * container, then start missing application containers and restart exited ones as the restart
 * policy and back-off allow. Init containers are started one per sync; the sync returns while one
 * runs, and the next sync continues once it exited with 0. Application containers are created and started
 * in parallel, their steps reported in the order of the description. Not thread-safe: one per call.
 */
final class PodSync {
    private static final Logger LOG = LoggerFactory.getLogger(PodSync.class);
    private static final long CPU_PERIOD_MICROS = 100_000;

    private final DockerContainerRuntime runtime;
    private final DockerClients clients;
    private final PodDescription pod;
    private final PodStatus status;
    private final List<RegistryCredentials> pullSecrets;
    private final Backoff backoff;
    private final PodSyncResult.Builder result;
    private final List<Instance> instances = new ArrayList<>();
    private final List<com.github.dockerjava.api.model.Container> sandboxes = new ArrayList<>();

    /** A container instance of the pod: its labels from the engine, its status from the caller when known. */
    private record Instance(String id, Map<String, String> labels, ContainerStatus status) {
        String name() {
            return status.name();
        }

        String type() {
            return labels.getOrDefault(DockerLabels.CONTAINER_TYPE, DockerLabels.TYPE_APP);
        }

        String sandboxId() {
            return labels.get(DockerLabels.SANDBOX_ID);
        }
    }

    PodSync(DockerContainerRuntime runtime, PodDescription pod, PodStatus status, List<RegistryCredentials> pullSecrets,
            Backoff backoff, PodSyncResult.Builder result) {
        this.runtime = runtime;
        this.clients = runtime.clients();
        this.pod = pod;
        this.status = status;
        this.pullSecrets = pullSecrets;
        this.backoff = backoff;
        this.result = result;
    }

    /** A sync sharing {@code parent}'s view of the pod, recording its steps in its own result. */
    private PodSync(PodSync parent, PodSyncResult.Builder result) {
        this(parent.runtime, parent.pod, parent.status, parent.pullSecrets, parent.backoff, result);
        instances.addAll(parent.instances);
        sandboxes.addAll(parent.sandboxes);
    }

    void run() {
        load();
        String sandboxHash = DockerLabels.hex(sandboxHash());
        Optional<com.github.dockerjava.api.model.Container> current = sandboxes.stream().findFirst();
        boolean ready = current.isPresent() && "running".equals(current.get().getState())
                && sandboxHash.equals(current.get().getLabels().get(DockerLabels.CONTAINER_HASH));
        String sandboxId;
        if (ready) {
            sandboxId = current.get().getId();
            try {
                runtime.volumes().populate(sandboxId, pod);
            } catch (ContainerRuntimeException e) {
                result.fail(SyncAction.CONFIG_POD_SANDBOX, pod.fullName(), SyncErrorReason.CONFIG_POD_SANDBOX_ERROR, e.getMessage());
                return;
            }
        } else {
            boolean ranBefore = instances.stream().anyMatch(i -> DockerLabels.TYPE_APP.equals(i.type()));
            if (!sandboxes.isEmpty() && pod.restartPolicy() == RestartPolicy.NEVER && ranBefore) {
                // As kubelet: a pod that must not restart is not brought back when its sandbox died.
                return;
            }
            killEverything();
            if (result.hasFailed()) {
                return;
            }
            sandboxId = createSandbox(sandboxHash);
            if (sandboxId == null) {
                return;
            }
        }
        String sandbox = sandboxId;
        Predicate<Instance> inSandbox = i -> sandbox.equals(i.sandboxId());

        killUnwanted();
        if (!initDone(inSandbox, sandbox)) {
            return;
        }
        if (pod.containers().size() == 1) {
            syncAppContainer(pod.containers().get(0), inSandbox, sandbox);
            return;
        }
        // Application containers are independent of each other: create and start them in parallel.
        List<Future<PodSyncResult>> perContainer = new ArrayList<>();
        for (ContainerDescription c : pod.containers()) {
            perContainer.add(runtime.workers().submit(() -> {
                PodSync child = new PodSync(this, PodSyncResult.builder());
                child.syncAppContainer(c, inSandbox, sandbox);
                return child.result.build();
            }));
        }
        for (Future<PodSyncResult> f : perContainer) {
            try {
                result.addAll(f.get());
            } catch (InterruptedException e) {
                throw DockerErrors.interrupted("sync of pod " + pod.fullName());
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? DockerErrors.map(re, "sync of pod " + pod.fullName())
                        : new ContainerRuntimeException(Reason.INTERNAL, "sync of pod " + pod.fullName() + " failed: " + e.getCause(), e.getCause());
            }
        }
    }

    private void load() {
        Map<String, ContainerStatus> known = new HashMap<>();
        status.containers().forEach(c -> known.put(c.id().id(), c));
        for (var c : runtime.listOurs(Map.of(DockerLabels.POD_UID, pod.uid()))) {
            Map<String, String> labels = c.getLabels();
            if (DockerLabels.TYPE_SANDBOX.equals(labels.get(DockerLabels.CONTAINER_TYPE))) {
                sandboxes.add(c);
                continue;
            }
            ContainerStatus st = known.get(c.getId());
            if (st == null) {
                // The caller's status is older than this container: ask the engine (exit code, finish time).
                try {
                    st = DockerContainerRuntime.containerStatus(clients.quick().inspectContainerCmd(c.getId()).exec(), labels);
                } catch (NotFoundException e) {
                    continue;
                } catch (RuntimeException e) {
                    throw DockerErrors.map(e, "inspect container " + c.getId());
                }
            }
            instances.add(new Instance(c.getId(), labels, st));
        }
        Comparator<Instant> newestFirst = Comparator.nullsLast(Comparator.<Instant>reverseOrder());
        instances.sort(Comparator.comparing((Instance i) -> i.status().createdAt(), newestFirst));
        sandboxes.sort(Comparator.comparing((com.github.dockerjava.api.model.Container c) -> c.getCreated() == null ? 0L : c.getCreated())
                .reversed());
    }

    // ---------------------------------------------------------------- sandbox

    private void killEverything() {
        List<Container> containers = new ArrayList<>();
        for (Instance i : instances) {
            if (i.status().state() == ContainerState.RUNNING || i.status().state() == ContainerState.CREATED) {
                containers.add(new Container(DockerContainerRuntime.id(i.id()), i.name(), i.status().image(),
                        i.status().state(), i.status().hash()));
            }
        }
        List<Container> sandboxContainers = new ArrayList<>();
        for (var s : sandboxes) {
            if ("running".equals(s.getState())) {
                sandboxContainers.add(new Container(DockerContainerRuntime.id(s.getId()), DockerLabels.SANDBOX_NAME, "",
                        ContainerState.RUNNING, 0));
            }
        }
        if (!containers.isEmpty() || !sandboxContainers.isEmpty()) {
            LOG.info("Pod {} needs a new sandbox; killing its {} running container(s)", pod.fullName(), containers.size());
            result.addAll(runtime.killPod(pod, new Pod(pod.uid(), pod.name(), pod.namespace(), containers, sandboxContainers), null));
        }
    }

    private String createSandbox(String sandboxHash) {
        String target = pod.fullName();
        try {
            ensurePauseImage();
        } catch (ContainerRuntimeException e) {
            rethrowIfInterrupted(e);
            result.fail(SyncAction.CREATE_POD_SANDBOX, target, SyncErrorReason.CREATE_POD_SANDBOX_ERROR, e.getMessage());
            return null;
        }
        try {
            runtime.volumes().prepare(pod);
        } catch (RuntimeException e) {
            result.fail(SyncAction.CONFIG_POD_SANDBOX, target, SyncErrorReason.CONFIG_POD_SANDBOX_ERROR,
                    e instanceof ContainerRuntimeException ? e.getMessage() : DockerErrors.map(e, "prepare volumes").getMessage());
            return null;
        }
        String pauseImage = runtime.config().pauseImage();
        Map<String, String> labels = baseLabels();
        labels.put(DockerLabels.CONTAINER_NAME, DockerLabels.SANDBOX_NAME);
        labels.put(DockerLabels.CONTAINER_TYPE, DockerLabels.TYPE_SANDBOX);
        labels.put(DockerLabels.CONTAINER_HASH, sandboxHash);
        labels.put(DockerLabels.CONTAINER_IMAGE, pauseImage);
        labels.put(DockerLabels.CONTAINER_RESTART_COUNT, Integer.toString(sandboxes.size()));

        HostConfig host = HostConfig.newHostConfig().withIpcMode("shareable")
                .withBinds(runtime.volumes().sandboxBinds(pod));
        if (DockerRuntimeConfig.DEFAULT_PAUSE_IMAGE.equals(pauseImage)) {
            host.withInit(true);
        }
        CreateContainerCmd cmd = clients.quick().createContainerCmd(pauseImage)
                .withName(dockerName(DockerLabels.SANDBOX_NAME, sandboxes.size())).withLabels(labels);
        if (pod.hostNetwork()) {
            host.withNetworkMode("host");
        } else {
            cmd.withHostName(hostname());
            if (!pod.dnsConfig().nameservers().isEmpty()) {
                host.withDns(pod.dnsConfig().nameservers());
            }
            if (!pod.dnsConfig().searches().isEmpty()) {
                host.withDnsSearch(pod.dnsConfig().searches());
            }
            if (!pod.dnsConfig().options().isEmpty()) {
                host.withDnsOptions(pod.dnsConfig().options());
            }
            List<ExposedPort> exposed = new ArrayList<>();
            Ports bindings = new Ports();
            for (PortMapping p : hostPorts()) {
                ExposedPort port = new ExposedPort(p.containerPort(), InternetProtocol.valueOf(p.protocol().name()));
                exposed.add(port);
                bindings.bind(port, Ports.Binding.bindPort(p.hostPort()));
            }
            if (!exposed.isEmpty()) {
                cmd.withExposedPorts(exposed);
                host.withPortBindings(bindings);
            }
        }
        cmd.withHostConfig(host);
        String id = null;
        try {
            id = createWithUniqueName(cmd);
            clients.quick().startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            ContainerRuntimeException mapped = DockerErrors.map(e, "create the sandbox of pod " + target);
            rethrowIfUnavailable(mapped);
            result.fail(SyncAction.CREATE_POD_SANDBOX, target, SyncErrorReason.CREATE_POD_SANDBOX_ERROR, mapped.getMessage());
            removeQuietly(id);
            return null;
        }
        result.ok(SyncAction.CREATE_POD_SANDBOX, target);
        LOG.debug("Created sandbox {} of pod {}", id, target);
        try {
            runtime.volumes().populate(id, pod);
        } catch (ContainerRuntimeException e) {
            result.fail(SyncAction.CONFIG_POD_SANDBOX, target, SyncErrorReason.CONFIG_POD_SANDBOX_ERROR, e.getMessage());
            return null;
        }
        // Older sandboxes are dead now; their containers stay for status and logs.
        for (var old : sandboxes) {
            removeQuietly(old.getId());
            runtime.volumes().forgetSandbox(old.getId());
        }
        return id;
    }

    private void ensurePauseImage() {
        String image = runtime.config().pauseImage();
        if (runtime.images().isPresent(image)) {
            return;
        }
        synchronized (runtime.pauseImageLock()) {
            if (runtime.images().isPresent(image)) {
                return;
            }
            if (DockerRuntimeConfig.DEFAULT_PAUSE_IMAGE.equals(image)) {
                byte[] archive = BusyboxImage.saveArchive(image, runtime.config().busyboxPath(), List.of("sleep", "2147483647"),
                        Map.of(DockerLabels.MANAGED, DockerLabels.MANAGED_VALUE));
                try {
                    clients.quick().loadImageCmd(new ByteArrayInputStream(archive)).exec();
                } catch (RuntimeException e) {
                    throw DockerErrors.map(e, "load the pause image " + image);
                }
                LOG.info("Built the pause image {} from {}", image, runtime.config().busyboxPath());
            } else {
                ImageReference ref = ImageReference.parse(image);
                runtime.images().pull(image, ref.credentialsFrom(pullSecrets).orElse(null), runtime.config().pullTimeout(),
                        (img, st, cur, tot) -> LOG.debug("{}: {}", img, st));
            }
        }
    }

    private String hostname() {
        String h = pod.effectiveHostname();
        if (h.length() > 63) {
            h = h.substring(0, 63);
        }
        while (h.endsWith("-") || h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private List<PortMapping> hostPorts() {
        List<PortMapping> ports = new ArrayList<>();
        for (ContainerDescription c : pod.containers()) {
            c.ports().stream().filter(p -> p.hostPort() > 0).forEach(ports::add);
        }
        ports.sort(Comparator.comparingInt(PortMapping::hostPort).thenComparing(p -> p.protocol().name()));
        return ports;
    }

    /** A hash of everything that needs a new sandbox when changed. */
    private long sandboxHash() {
        StringBuilder s = new StringBuilder();
        s.append(runtime.config().pauseImage()).append('\0').append(hostname()).append('\0').append(pod.hostNetwork()).append('\0');
        s.append(pod.dnsConfig().nameservers()).append(pod.dnsConfig().searches()).append(pod.dnsConfig().options()).append('\0');
        hostPorts().forEach(p -> s.append(p.containerPort()).append(':').append(p.hostPort()).append('/').append(p.protocol()).append(','));
        s.append('\0');
        for (Volume v : pod.volumes()) {
            if (PodVolumes.isDockerVolume(v)) {
                s.append(v.name()).append(':').append(v.kind());
                if (v instanceof Volume.EmptyDir e) {
                    s.append(':').append(e.sizeLimitBytes());
                }
                s.append(',');
            }
        }
        long h = 0xcbf29ce484222325L;
        for (byte b : s.toString().getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }

    // ---------------------------------------------------------------- containers

    private void killUnwanted() {
        for (Instance i : instances) {
            if (i.status().state() != ContainerState.RUNNING) {
                continue;
            }
            boolean wanted = DockerLabels.TYPE_INIT.equals(i.type())
                    ? pod.initContainers().stream().anyMatch(c -> c.name().equals(i.name()))
                    : pod.containers().stream().anyMatch(c -> c.name().equals(i.name()));
            if (!wanted) {
                kill(i, "not in the pod's description");
            }
        }
    }

    private boolean kill(Instance i, String why) {
        LOG.debug("Killing container {} of pod {}: {}", i.name(), pod.fullName(), why);
        try {
            runtime.stopContainer(i.id(), pod.terminationGrace());
            result.ok(SyncAction.KILL_CONTAINER, i.name());
            return true;
        } catch (ContainerRuntimeException e) {
            rethrowIfUnavailable(e);
            result.fail(SyncAction.KILL_CONTAINER, i.name(), SyncErrorReason.KILL_CONTAINER_ERROR, e.getMessage());
            return false;
        }
    }

    /** Runs the next init container; true once all of them completed (or the app containers already started). */
    private boolean initDone(Predicate<Instance> inSandbox, String sandboxId) {
        if (pod.initContainers().isEmpty()
                || instances.stream().anyMatch(i -> inSandbox.test(i) && DockerLabels.TYPE_APP.equals(i.type()))) {
            return true;
        }
        for (ContainerDescription init : pod.initContainers()) {
            Optional<Instance> latest = newest(init.name(), inSandbox);
            if (latest.isEmpty()) {
                start(init, DockerLabels.TYPE_INIT, sandboxId);
                return false;
            }
            ContainerStatus st = latest.get().status();
            switch (st.state()) {
                case RUNNING, UNKNOWN -> {
                    return false;
                }
                case CREATED -> {
                    removeQuietly(latest.get().id());
                    start(init, DockerLabels.TYPE_INIT, sandboxId);
                    return false;
                }
                case EXITED -> {
                    if (st.exitCode() == 0) {
                        continue;
                    }
                    if (pod.restartPolicy() == RestartPolicy.NEVER) {
                        result.fail(SyncAction.INIT_CONTAINER, init.name(), SyncErrorReason.INIT_CONTAINER_FAILED,
                                "init container " + init.name() + " exited with code " + st.exitCode());
                        return false;
                    }
                    restartWithBackoff(init, st, DockerLabels.TYPE_INIT, sandboxId);
                    return false;
                }
                default -> throw new IllegalStateException("unexpected state " + st.state());
            }
        }
        return true;
    }

    private void syncAppContainer(ContainerDescription c, Predicate<Instance> inSandbox, String sandboxId) {
        Optional<Instance> latest = newest(c.name(), inSandbox);
        if (latest.isEmpty()) {
            start(c, DockerLabels.TYPE_APP, sandboxId);
            return;
        }
        ContainerStatus st = latest.get().status();
        switch (st.state()) {
            case RUNNING -> {
                if (st.hash() != c.hash() && kill(latest.get(), "its spec changed")) {
                    start(c, DockerLabels.TYPE_APP, sandboxId);
                }
            }
            case CREATED -> {
                removeQuietly(latest.get().id());
                start(c, DockerLabels.TYPE_APP, sandboxId);
            }
            case EXITED -> {
                if (pod.restartPolicy().shouldRestart(st.exitCode())) {
                    restartWithBackoff(c, st, DockerLabels.TYPE_APP, sandboxId);
                }
            }
            default -> {
                // UNKNOWN: the engine is mid-way (removing, restarting); look again next sync.
            }
        }
    }

    private void restartWithBackoff(ContainerDescription c, ContainerStatus exited, String type, String sandboxId) {
        String key = Backoff.key(pod, c);
        Instant finished = exited.finishedAt() != null ? exited.finishedAt() : backoff.clock().instant();
        if (backoff.isInBackOffSince(key, finished)) {
            result.fail(SyncAction.START_CONTAINER, c.name(), SyncErrorReason.CRASH_LOOP_BACK_OFF,
                    "back-off " + backoff.delay(key).toSeconds() + "s restarting failed container " + c.name()
                            + " of pod " + pod.fullName());
            return;
        }
        backoff.next(key, finished);
        start(c, type, sandboxId);
    }

    private Optional<Instance> newest(String name, Predicate<Instance> filter) {
        return instances.stream().filter(i -> i.name().equals(name) && filter.test(i)).findFirst();
    }

    private int nextRestartCount(String name) {
        return instances.stream().filter(i -> i.name().equals(name))
                .mapToInt(i -> i.status().restartCount() + 1).max().orElse(0);
    }

    /** Creates and starts a container; records a START_CONTAINER step. */
    private void start(ContainerDescription c, String type, String sandboxId) {
        if (!ensureImage(c)) {
            return;
        }
        // rule 13: what runs has the sandbox's IP for the placeholder; the labels keep the description's hash
        ContainerDescription run = c.usesPodIpPlaceholder() ? c.withPodIp(runtime.sandboxIp(sandboxId)) : c;
        int restartCount = nextRestartCount(c.name());
        Map<String, String> labels = baseLabels();
        labels.put(DockerLabels.CONTAINER_NAME, c.name());
        labels.put(DockerLabels.CONTAINER_TYPE, type);
        labels.put(DockerLabels.CONTAINER_RESTART_COUNT, Integer.toString(restartCount));
        labels.put(DockerLabels.CONTAINER_HASH, DockerLabels.hex(c.hash()));
        labels.put(DockerLabels.CONTAINER_IMAGE, c.image());
        labels.put(DockerLabels.SANDBOX_ID, sandboxId);

        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode("container:" + sandboxId)
                .withIpcMode("container:" + sandboxId)
                .withBinds(runtime.volumes().containerBinds(pod, c));
        applyResources(host, c.resources());
        CreateContainerCmd cmd = clients.quick().createContainerCmd(c.image())
                .withName(dockerName(c.name(), restartCount)).withLabels(labels)
                .withEnv(run.env().stream().map(e -> e.name() + "=" + e.value()).toList())
                .withHostConfig(host)
                .withStdinOpen(c.stdin()).withStdInOnce(false).withTty(c.tty());
        if (!run.command().isEmpty()) {
            cmd.withEntrypoint(run.command());
        }
        if (!run.args().isEmpty()) {
            cmd.withCmd(run.args());
        }
        if (c.workingDir() != null && !c.workingDir().isBlank()) {
            cmd.withWorkingDir(c.workingDir());
        }
        String id = null;
        try {
            id = createWithUniqueName(cmd);
            clients.quick().startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            ContainerRuntimeException mapped = DockerErrors.map(e, "start container " + c.name() + " of pod " + pod.fullName());
            rethrowIfUnavailable(mapped);
            result.fail(SyncAction.START_CONTAINER, c.name(), SyncErrorReason.RUN_CONTAINER_ERROR, mapped.getMessage());
            removeQuietly(id);
            return;
        }
        result.ok(SyncAction.START_CONTAINER, c.name());
        LOG.debug("Started container {} ({}) of pod {}, restart count {}", c.name(), id, pod.fullName(), restartCount);
        collectGarbage(c.name());
    }

    /** Keeps the newest exited instance of a container (for its logs) besides the one just started. */
    private void collectGarbage(String name) {
        List<Instance> exited = instances.stream()
                .filter(i -> i.name().equals(name) && i.status().state() == ContainerState.EXITED).toList();
        for (int i = 1; i < exited.size(); i++) {
            removeQuietly(exited.get(i).id());
        }
    }

    static void applyResources(HostConfig host, Resources r) {
        long request = r.cpuRequestMillis() > 0 ? r.cpuRequestMillis() : r.cpuLimitMillis();
        host.withCpuShares((int) Math.max(2, request * 1024 / 1000));
        if (r.cpuLimitMillis() > 0) {
            host.withCpuPeriod(CPU_PERIOD_MICROS).withCpuQuota(Math.max(1000, r.cpuLimitMillis() * CPU_PERIOD_MICROS / 1000));
        }
        if (r.memoryLimitBytes() > 0) {
            host.withMemory(r.memoryLimitBytes()).withMemorySwap(r.memoryLimitBytes());
        }
        if (r.memoryRequestBytes() > 0 && (r.memoryLimitBytes() == 0 || r.memoryRequestBytes() < r.memoryLimitBytes())) {
            host.withMemoryReservation(r.memoryRequestBytes());
        }
    }

    private boolean ensureImage(ContainerDescription c) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(c.image());
        } catch (ContainerRuntimeException e) {
            result.fail(SyncAction.START_CONTAINER, c.name(), SyncErrorReason.INVALID_IMAGE_NAME, e.getMessage());
            return false;
        }
        boolean present = c.imagePullPolicy() != ImagePullPolicy.ALWAYS && runtime.images().isPresent(c.image());
        if (present) {
            return true;
        }
        if (c.imagePullPolicy() == ImagePullPolicy.NEVER) {
            result.fail(SyncAction.START_CONTAINER, c.name(), SyncErrorReason.ERR_IMAGE_NEVER_PULL,
                    "image " + c.image() + " is not present and the pull policy is Never");
            return false;
        }
        try {
            runtime.images().pull(c.image(), ref.credentialsFrom(pullSecrets).orElse(null), runtime.config().pullTimeout(),
                    (img, st, cur, tot) -> LOG.debug("{}: {} {}/{}", img, st, cur, tot));
            return true;
        } catch (ContainerRuntimeException e) {
            rethrowIfInterrupted(e);
            result.fail(SyncAction.START_CONTAINER, c.name(), SyncErrorReason.ERR_IMAGE_PULL, e.getMessage());
            return false;
        }
    }

    private String createWithUniqueName(CreateContainerCmd cmd) {
        try {
            return cmd.exec().getId();
        } catch (ConflictException e) {
            // A leftover of that name (a crash between create and label bookkeeping): make the name unique.
            cmd.withName(cmd.getName() + "_" + UUID.randomUUID().toString().substring(0, 8));
            return cmd.exec().getId();
        }
    }

    private void removeQuietly(String id) {
        if (id == null) {
            return;
        }
        try {
            clients.quick().removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // Gone already.
        } catch (RuntimeException e) {
            LOG.debug("Could not remove container {}", id, e);
        }
    }

    private Map<String, String> baseLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(DockerLabels.MANAGED, DockerLabels.MANAGED_VALUE);
        labels.put(DockerLabels.POD_UID, pod.uid());
        labels.put(DockerLabels.POD_NAME, pod.name());
        labels.put(DockerLabels.POD_NAMESPACE, pod.namespace());
        labels.put(DockerLabels.POD_GRACE_MILLIS, Long.toString(pod.terminationGrace().toMillis()));
        return labels;
    }

    /** {@code corral_<container>_<pod>_<namespace>_<uid>_<attempt>}, as kubelet's {@code k8s_...} names. */
    private String dockerName(String container, int attempt) {
        return "corral_" + container + "_" + pod.name() + "_" + pod.namespace() + "_" + pod.uid() + "_" + attempt;
    }

    private static void rethrowIfInterrupted(ContainerRuntimeException e) {
        if (e.reason() == Reason.INTERRUPTED) {
            throw e;
        }
    }

    private static void rethrowIfUnavailable(ContainerRuntimeException e) {
        if (e.reason() == Reason.RUNTIME_UNAVAILABLE || e.reason() == Reason.INTERRUPTED) {
            throw e;
        }
    }
}
