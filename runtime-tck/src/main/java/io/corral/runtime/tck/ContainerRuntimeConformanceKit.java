package io.corral.runtime.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.Capabilities;
import io.corral.runtime.spi.ContainerAttacher;
import io.corral.runtime.spi.ContainerCommandRunner;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.ContainerState;
import io.corral.runtime.spi.ContainerStatus;
import io.corral.runtime.spi.ExecResult;
import io.corral.runtime.spi.Image;
import io.corral.runtime.spi.ImagePullPolicy;
import io.corral.runtime.spi.LogOptions;
import io.corral.runtime.spi.Pod;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PodSyncResult;
import io.corral.runtime.spi.PreparedFile;
import io.corral.runtime.spi.PullProgressListener;
import io.corral.runtime.spi.Resources;
import io.corral.runtime.spi.RestartPolicy;
import io.corral.runtime.spi.SandboxStatus;
import io.corral.runtime.spi.SyncAction;
import io.corral.runtime.spi.SyncErrorReason;
import io.corral.runtime.spi.SyncResult;
import io.corral.runtime.spi.Volume;
import io.corral.runtime.spi.VolumeKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apiguardian.api.API;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conformance kit of the container runtime SPI: the rules of {@link ContainerRuntime} as tests.
 * A runtime's whole conformance test is a subclass with one factory method:
 *
 * <pre>{@code
 * class DockerRuntimeConformanceIT extends ContainerRuntimeConformanceKit {
 *     @Override
 *     protected ContainerRuntime createRuntime() {
 *         return new DockerRuntime(DockerRuntimeConfig.defaults());
 *     }
 * }
 * }</pre>
 *
 * <p>Each test gets a fresh runtime from {@link #createRuntime()} and closes it afterwards; pods it
 * created are killed and their containers deleted. Tests of a capability the runtime does not
 * declare in {@link ContainerRuntime#capabilities()} are skipped (JUnit assumptions), not failed.
 *
 * <p>Behaviour is described with a tiny POSIX shell vocabulary that a real {@code sh} runs and a
 * simulator can interpret: {@code sh -c} scripts of {@code echo} (with {@code >}, {@code >>},
 * {@code >&2}), {@code cat}, {@code sleep N}, {@code exit N}, {@code trap 'exit N' TERM}, {@code trap '' TERM} (ignore it),
 * {@code while true; do sleep 1; done}, {@code $VAR}; plus {@code httpd} and {@code wget} for
 * the shared-network test and {@code head}/{@code tail} for the out-of-memory test. The
 * {@link #testImage() test image} must provide them (busybox does).
 *
 * <p>Optional hooks: {@link #testImage()}, {@link #removableImage()}, {@link #cleanUp(ContainerRuntime)},
 * {@link #awaitTimeout()}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public abstract class ContainerRuntimeConformanceKit {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRuntimeConformanceKit.class);
    private static final String NAMESPACE = "corral-tck";
    private static final String FOREVER = "sleep 3600";
    /** An image reference no registry has. */
    protected static final String MISSING_IMAGE = "corral-tck/does-not-exist:0";

    /** The runtime under test; created before each test, closed after it. */
    protected ContainerRuntime runtime;
    /** The clock of {@link #backoff}; tests move it to skip restart delays. */
    protected AdjustableClock backoffClock;
    /** The restart back-off passed to {@code syncPod}: kubelet's defaults on {@link #backoffClock}. */
    protected Backoff backoff;

    private final List<PodDescription> createdPods = new CopyOnWriteArrayList<>();
    private final List<Path> createdDirectories = new CopyOnWriteArrayList<>();

    /**
     * Creates the runtime under test; called once per test. The kit closes it after the test.
     */
    protected abstract ContainerRuntime createRuntime();

    /**
     * The image the test pods run; it must provide {@code sh}, {@code echo}, {@code cat},
     * {@code sleep}, {@code head}, {@code tail}, {@code httpd} and {@code wget}. Pulled if absent.
     */
    protected String testImage() {
        return "busybox:1.36";
    }

    /**
     * An image the kit may pull and remove again, different from {@link #testImage()}; empty to skip
     * the pull-and-remove test (for example without registry access).
     */
    protected Optional<String> removableImage() {
        return Optional.of("busybox:1.36.1-musl");
    }

    /** Called after each test, after the kit removed its pods and before it closes the runtime. */
    protected void cleanUp(ContainerRuntime runtime) {
    }

    /** How long the kit waits for a pod to reach a state; raise it for slow runtimes. */
    protected Duration awaitTimeout() {
        return Duration.ofSeconds(60);
    }

    @BeforeEach
    final void createRuntimeUnderTest() {
        runtime = createRuntime();
        assertThat(runtime).as("createRuntime()").isNotNull();
        backoffClock = new AdjustableClock();
        backoff = Backoff.withDefaults(backoffClock);
        if (!runtime.imageService().isPresent(testImage())) {
            runtime.imageService().pull(testImage(), null, Duration.ofMinutes(5), PullProgressListener.NONE);
        }
    }

    @AfterEach
    final void removePodsAndCloseRuntime() {
        if (runtime == null) {
            return; // createRuntime() skipped the test (an assumption failed) or threw
        }
        try {
            for (PodDescription pod : createdPods) {
                try {
                    removePod(pod);
                } catch (RuntimeException e) {
                    LOG.warn("Could not remove test pod {}", pod.fullName(), e);
                }
            }
            cleanUp(runtime);
        } finally {
            runtime.close();
            for (Path dir : createdDirectories) {
                deleteQuietly(dir);
            }
        }
    }

    // ---------------------------------------------------------------- helpers for tests

    /** A pod builder with a fresh uid and name, remembered for clean-up when built through {@link #remember}. */
    protected PodDescription.Builder pod(String baseName) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return PodDescription.builder(UUID.randomUUID().toString(), "tck-" + baseName + "-" + suffix, NAMESPACE)
                .terminationGrace(Duration.ofSeconds(2));
    }

    /** Remembers a pod so the kit removes it after the test, and returns it. */
    protected PodDescription remember(PodDescription pod) {
        createdPods.add(pod);
        return pod;
    }

    /** A container of the test image running {@code sh -c script}. */
    protected ContainerDescription.Builder container(String name, String script) {
        return ContainerDescription.builder(name, testImage()).imagePullPolicy(ImagePullPolicy.IF_NOT_PRESENT)
                .command("sh", "-c", script);
    }

    /** A pod of one container named {@code app} running {@code sh -c script}. */
    protected PodDescription singleContainerPod(String baseName, String script, RestartPolicy policy) {
        return remember(pod(baseName).restartPolicy(policy).container(container("app", script).build()).build());
    }

    /** The pod's current status. */
    protected PodStatus status(PodDescription pod) {
        return runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace());
    }

    /** One level-triggered sync with the current status. */
    protected PodSyncResult sync(PodDescription pod) {
        return runtime.syncPod(pod, status(pod), List.of(), backoff);
    }

    /** Syncs the pod until its status satisfies the condition, and returns that status. */
    protected PodStatus syncUntil(PodDescription pod, String what, Predicate<PodStatus> condition) {
        PodStatus[] last = new PodStatus[1];
        await(what + " (pod " + pod.fullName() + ")").atMost(awaitTimeout()).pollInterval(Duration.ofMillis(100))
                .pollDelay(Duration.ZERO)
                .until(() -> {
                    sync(pod);
                    last[0] = status(pod);
                    return condition.test(last[0]);
                });
        return last[0];
    }

    /** Syncs until every application container of the pod is running. */
    protected PodStatus syncUntilRunning(PodDescription pod) {
        return syncUntil(pod, "all containers running",
                s -> pod.containers().stream().allMatch(c -> s.findContainer(c.name())
                        .map(cs -> cs.state() == ContainerState.RUNNING).orElse(false)));
    }

    /** Waits (without syncing) until the newest instance of the container exited. */
    protected ContainerStatus awaitExited(PodDescription pod, String containerName) {
        ContainerStatus[] last = new ContainerStatus[1];
        await(containerName + " exited").atMost(awaitTimeout()).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    last[0] = status(pod).findContainer(containerName).orElse(null);
                    return last[0] != null && last[0].state() == ContainerState.EXITED;
                });
        return last[0];
    }

    /** The newest instance of a container, which must exist. */
    protected static ContainerStatus container(PodStatus status, String name) {
        return status.findContainer(name).orElseThrow(() -> new AssertionError("no container " + name + " in " + status));
    }

    /** Runs {@code sh -c script} in a container. */
    protected ExecResult exec(ContainerId id, String script) {
        return commandRunner().runInContainer(id, List.of("sh", "-c", script), Duration.ofSeconds(20));
    }

    /** The pod as {@link ContainerRuntime#getPods(boolean) getPods(true)} lists it. */
    protected Optional<Pod> runningPod(PodDescription pod) {
        return runtime.getPods(true).stream().filter(p -> p.uid().equals(pod.uid())).findFirst();
    }

    protected Capabilities capabilities() {
        return runtime.capabilities();
    }

    private ContainerCommandRunner commandRunner() {
        return runtime.commandRunner().orElseThrow(() -> new AssertionError("exec declared but no command runner"));
    }

    private void assumeExec() {
        assumeTrue(capabilities().exec(), "the runtime does not declare exec");
    }

    private void assumeLogs() {
        assumeTrue(capabilities().logs(), "the runtime does not declare logs");
    }

    private void assumeVolumes(VolumeKind kind) {
        assumeTrue(capabilities().supports(kind), "the runtime does not declare " + kind + " volumes");
    }

    private String logs(ContainerId id, LogOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runtime.getContainerLogs(null, id, options, out, new ByteArrayOutputStream());
        return out.toString(StandardCharsets.UTF_8);
    }

    private void removePod(PodDescription pod) {
        Optional<Pod> found = runningPod(pod);
        if (found.isEmpty()) {
            return;
        }
        runtime.killPod(pod, found.get(), Duration.ZERO);
        for (var c : found.get().containers()) {
            runtime.deleteContainer(c.id());
        }
        for (var s : found.get().sandboxes()) {
            runtime.deleteContainer(s.id());
        }
    }

    private Path newDirectory() throws IOException {
        Path dir = Files.createTempDirectory("corral-tck-");
        createdDirectories.add(dir);
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not delete {}", dir, e);
        }
    }

    private static Reason reasonOf(Throwable t) {
        return ((ContainerRuntimeException) t).reason();
    }

    // ---------------------------------------------------------------- the rules

    @Nested
    @DisplayName("The runtime describes itself")
    class Describes {

        @Test
        @DisplayName("with a type, a version and an API version")
        void typeAndVersions() {
            assertThat(runtime.type()).isNotBlank().doesNotContain("://");
            assertThat(runtime.version()).isNotNull();
            assertThat(runtime.apiVersion()).isNotNull();
        }

        @Test
        @DisplayName("as ready with its network")
        void ready() {
            assertThat(runtime.status().ready()).as("ready: %s", runtime.status()).isTrue();
            assertThat(runtime.status().networkReady()).as("network ready: %s", runtime.status()).isTrue();
        }

        @Test
        @DisplayName("with a fingerprint of the node's capacity and identity")
        void fingerprint() {
            var fingerprint = runtime.fingerprint();
            assertThat(fingerprint.cpuMillis()).isPositive();
            assertThat(fingerprint.memoryBytes()).isPositive();
            assertThat(fingerprint.podsCapacity()).isPositive();
            assertThat(fingerprint.hostname()).isNotBlank();
            assertThat(fingerprint.runtimeName()).isNotBlank();
        }

        @Test
        @DisplayName("with constant capabilities that match its optional services")
        void capabilitiesMatchServices() {
            assertThat(runtime.capabilities()).isEqualTo(runtime.capabilities());
            assertThat(runtime.commandRunner().isPresent()).as("commandRunner present").isEqualTo(capabilities().exec());
            assertThat(runtime.attacher().isPresent()).as("attacher present").isEqualTo(capabilities().attach());
            assertThat(runtime.portForwarder().isPresent()).as("portForwarder present").isEqualTo(capabilities().portForward());
        }
    }

    @Nested
    @DisplayName("A pod's lifecycle")
    class Lifecycle {

        @Test
        @DisplayName("runs a single-container pod in a ready sandbox")
        void singleContainer() {
            PodDescription pod = singleContainerPod("single", FOREVER, RestartPolicy.ALWAYS);

            PodStatus status = syncUntilRunning(pod);

            ContainerStatus app = container(status, "app");
            assertThat(app.id().type()).isEqualTo(runtime.type());
            assertThat(app.startedAt()).isNotNull();
            assertThat(app.finishedAt()).isNull();
            assertThat(app.image()).isEqualTo(testImage());
            assertThat(app.restartCount()).isZero();
            assertThat(status.sandboxes()).anyMatch(SandboxStatus::ready);
            Pod running = runtime.getPods(false).stream().filter(p -> p.uid().equals(pod.uid())).findFirst()
                    .orElseThrow(() -> new AssertionError("getPods(false) does not list the running pod"));
            assertThat(running.containers()).anySatisfy(c -> {
                assertThat(c.name()).isEqualTo("app");
                assertThat(c.id()).isEqualTo(app.id());
                assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
            });
            assertThat(status.sandboxes()).extracting(SandboxStatus::id).contains(runtime.getPodContainerId(running));
        }

        @Test
        @DisplayName("runs every container of a multi-container pod")
        void multiContainer() {
            PodDescription pod = remember(pod("multi")
                    .container(container("first", FOREVER).build())
                    .container(container("second", FOREVER).build())
                    .container(container("third", FOREVER).build())
                    .build());

            PodStatus status = syncUntilRunning(pod);

            Set<ContainerId> ids = new HashSet<>();
            for (String name : List.of("first", "second", "third")) {
                ids.add(container(status, name).id());
            }
            assertThat(ids).hasSize(3);
        }

        @Test
        @DisplayName("takes no step when an up-to-date pod is synced again")
        void levelTriggered() {
            PodDescription pod = singleContainerPod("steady", FOREVER, RestartPolicy.ALWAYS);
            ContainerId before = container(syncUntilRunning(pod), "app").id();

            PodSyncResult again = sync(pod);

            assertThat(again.steps()).as("steps of a second sync").isEmpty();
            assertThat(container(status(pod), "app").id()).isEqualTo(before);
        }

        @Test
        @DisplayName("replaces a container whose spec changed")
        void specChange() {
            PodDescription pod = singleContainerPod("change", FOREVER, RestartPolicy.ALWAYS);
            ContainerId before = container(syncUntilRunning(pod), "app").id();

            PodDescription changed = pod.toBuilder()
                    .containers(List.of(container("app", "sleep 3601").build())).build();
            PodStatus after = syncUntil(changed, "the changed container running",
                    s -> s.findContainer("app").filter(c -> !c.id().equals(before) && c.state() == ContainerState.RUNNING).isPresent());

            assertThat(after.containers()).filteredOn(c -> c.id().equals(before))
                    .allSatisfy(old -> assertThat(old.state()).isEqualTo(ContainerState.EXITED));
        }

        @Test
        @DisplayName("kills a container that is no longer in the description")
        void removedContainer() {
            PodDescription pod = remember(pod("removed")
                    .container(container("app", FOREVER).build())
                    .container(container("sidecar", FOREVER).build()).build());
            syncUntilRunning(pod);

            PodDescription withoutSidecar = pod.toBuilder().containers(List.of(pod.containers().get(0))).build();
            PodStatus status = syncUntil(withoutSidecar, "the sidecar stopped", s -> !s.isRunning("sidecar"));

            assertThat(status.isRunning("app")).isTrue();
        }

        @Test
        @DisplayName("runs init containers to completion before the application containers")
        void initContainers() {
            PodDescription pod = remember(pod("init")
                    .initContainer(container("setup", "echo setting up; sleep 1").build())
                    .container(container("app", FOREVER).build()).build());

            PodStatus status = syncUntilRunning(pod);

            ContainerStatus setup = container(status, "setup");
            assertThat(setup.state()).isEqualTo(ContainerState.EXITED);
            assertThat(setup.exitCode()).isZero();
            assertThat(setup.finishedAt()).isNotNull().isBeforeOrEqualTo(container(status, "app").startedAt());
        }

        @Test
        @DisplayName("does not start application containers after an init container failed under restart policy Never")
        void failedInitContainer() {
            PodDescription pod = remember(pod("init-fails").restartPolicy(RestartPolicy.NEVER)
                    .initContainer(container("setup", "exit 2").build())
                    .container(container("app", FOREVER).build()).build());

            syncUntil(pod, "the init container exited",
                    s -> s.findContainer("setup").filter(c -> c.state() == ContainerState.EXITED).isPresent());
            sync(pod);
            sync(pod);

            PodStatus status = status(pod);
            assertThat(container(status, "setup").exitCode()).isEqualTo(2);
            assertThat(status.findContainer("app")).as("application container").isEmpty();
        }
    }

    @Nested
    @DisplayName("Containers of one pod share")
    class Sharing {

        @Test
        @DisplayName("a network namespace: one reaches another on localhost")
        void network() {
            assumeTrue(capabilities().sharedNetwork(), "the runtime does not declare a shared pod network");
            assumeExec();
            PodDescription pod = remember(pod("net")
                    .container(container("server", "mkdir -p /tmp/www && echo hello-from-server > /tmp/www/index.html"
                            + " && httpd -f -p 8080 -h /tmp/www").build())
                    .container(container("client", FOREVER).build()).build());
            ContainerId client = container(syncUntilRunning(pod), "client").id();

            await("the server answers on localhost").atMost(awaitTimeout()).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(exec(client, "wget -q -O - http://127.0.0.1:8080/index.html").stdoutText())
                            .isEqualTo("hello-from-server\n"));
        }

        @Test
        @DisplayName("an emptyDir volume: what one writes another reads")
        void emptyDir() {
            assumeVolumes(VolumeKind.EMPTY_DIR);
            assumeExec();
            PodDescription pod = remember(pod("volume")
                    .volume(Volume.EmptyDir.of("data"))
                    .container(container("writer", "echo shared-data > /data/msg; " + FOREVER).mount("data", "/data", false).build())
                    .container(container("reader", FOREVER).mount("data", "/data", true).build()).build());
            ContainerId reader = container(syncUntilRunning(pod), "reader").id();

            await("the reader sees the writer's file").atMost(awaitTimeout()).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(exec(reader, "cat /data/msg").stdoutText()).isEqualTo("shared-data\n"));
        }

        @Test
        @DisplayName("a memory-backed emptyDir volume")
        void memoryEmptyDir() {
            assumeVolumes(VolumeKind.EMPTY_DIR);
            assumeTrue(capabilities().memoryEmptyDir(), "the runtime does not declare memory-medium emptyDir");
            assumeExec();
            PodDescription pod = remember(pod("tmpfs")
                    .volume(new Volume.EmptyDir("scratch", Volume.Medium.MEMORY, 16L << 20))
                    .container(container("writer", "echo in-memory > /scratch/f; " + FOREVER).mount("scratch", "/scratch", false).build())
                    .container(container("reader", FOREVER).mount("scratch", "/scratch", false).build()).build());
            ContainerId reader = container(syncUntilRunning(pod), "reader").id();

            await().atMost(awaitTimeout()).untilAsserted(
                    () -> assertThat(exec(reader, "cat /scratch/f").stdoutText()).isEqualTo("in-memory\n"));
        }

        @Test
        @DisplayName("prepared files such as secrets, readable where mounted")
        void preparedFiles() {
            assumeVolumes(VolumeKind.PREPARED_FILES);
            assumeExec();
            var files = List.of(new PreparedFile("password", "s3cret".getBytes(StandardCharsets.UTF_8), 0400),
                    new PreparedFile("nested/user", "admin".getBytes(StandardCharsets.UTF_8), 0444));
            PodDescription pod = remember(pod("secret")
                    .volume(new Volume.PreparedFiles("creds", files, true))
                    .container(container("app", FOREVER).mount("creds", "/etc/creds", true).build()).build());
            ContainerId app = container(syncUntilRunning(pod), "app").id();

            assertThat(exec(app, "cat /etc/creds/password").stdoutText()).isEqualTo("s3cret");
            assertThat(exec(app, "cat /etc/creds/nested/user").stdoutText()).isEqualTo("admin");
        }

        @Test
        @DisplayName("a persistent directory that outlives the pod")
        void persistentDirectory() throws IOException {
            assumeVolumes(VolumeKind.PERSISTENT_DIRECTORY);
            assumeExec();
            String dir = newDirectory().toString();
            PodDescription first = remember(pod("keep-1").volume(new Volume.PersistentDirectory("state", dir))
                    .container(container("app", FOREVER).mount("state", "/state", false).build()).build());
            ContainerId writer = container(syncUntilRunning(first), "app").id();
            assertThat(exec(writer, "echo kept > /state/file").exitCode()).isZero();
            removePod(first);

            PodDescription second = remember(pod("keep-2").volume(new Volume.PersistentDirectory("state", dir))
                    .container(container("app", FOREVER).mount("state", "/state", false).build()).build());
            ContainerId reader = container(syncUntilRunning(second), "app").id();

            assertThat(exec(reader, "cat /state/file").stdoutText()).isEqualTo("kept\n");
        }

        @Test
        @DisplayName("nothing of their environment: each sees its own variables")
        void environment() {
            assumeExec();
            PodDescription pod = remember(pod("env")
                    .container(container("a", FOREVER).env("GREETING", "hello-a").build())
                    .container(container("b", FOREVER).env("GREETING", "hello-b").build()).build());
            PodStatus status = syncUntilRunning(pod);

            assertThat(exec(container(status, "a").id(), "echo $GREETING").stdoutText()).isEqualTo("hello-a\n");
            assertThat(exec(container(status, "b").id(), "echo $GREETING").stdoutText()).isEqualTo("hello-b\n");
        }
    }

    @Nested
    @DisplayName("Restarts under syncPod")
    class Restarts {

        @Test
        @DisplayName("restart a crashed container with back-off and a rising restart count")
        void crashLoop() {
            PodDescription pod = singleContainerPod("crash", "exit 1", RestartPolicy.ALWAYS);

            PodStatus first = syncUntil(pod, "the first restart exited",
                    s -> s.findContainer("app").filter(c -> c.restartCount() == 1 && c.state() == ContainerState.EXITED).isPresent());
            assertThat(container(first, "app").exitCode()).isEqualTo(1);

            PodSyncResult inBackOff = sync(pod);
            assertThat(inBackOff.steps(SyncAction.START_CONTAINER)).singleElement().satisfies(step -> {
                assertThat(step.target()).isEqualTo("app");
                assertThat(step.error()).isEqualTo(SyncErrorReason.CRASH_LOOP_BACK_OFF);
            });
            assertThat(container(status(pod), "app").restartCount()).as("no restart during back-off").isEqualTo(1);

            backoffClock.advance(Backoff.DEFAULT_INITIAL.plusSeconds(1));
            syncUntil(pod, "the second restart exited",
                    s -> s.findContainer("app").filter(c -> c.restartCount() == 2 && c.state() == ContainerState.EXITED).isPresent());
            assertThat(sync(pod).steps(SyncAction.START_CONTAINER)).singleElement()
                    .extracting(SyncResult::error).isEqualTo(SyncErrorReason.CRASH_LOOP_BACK_OFF);

            // 16 s after that exit: past the first delay (10 s), within the doubled one (20 s)
            backoffClock.advance(Duration.ofSeconds(5));
            assertThat(sync(pod).steps(SyncAction.START_CONTAINER)).as("the delay doubled to 20s").singleElement()
                    .extracting(SyncResult::error).isEqualTo(SyncErrorReason.CRASH_LOOP_BACK_OFF);
        }

        @Test
        @DisplayName("never restart under restart policy Never")
        void never() {
            PodDescription pod = singleContainerPod("never", "exit 1", RestartPolicy.NEVER);
            syncUntil(pod, "the container exited",
                    s -> s.findContainer("app").filter(c -> c.state() == ContainerState.EXITED).isPresent());

            PodSyncResult again = sync(pod);

            assertThat(again.steps(SyncAction.START_CONTAINER)).isEmpty();
            assertThat(status(pod).containers()).filteredOn(c -> c.name().equals("app")).singleElement()
                    .extracting(ContainerStatus::restartCount).isEqualTo(0);
        }

        @Test
        @DisplayName("restart only failed containers under restart policy OnFailure")
        void onFailure() {
            PodDescription pod = remember(pod("on-failure").restartPolicy(RestartPolicy.ON_FAILURE)
                    .container(container("ok", "exit 0").build())
                    .container(container("fails", "exit 1").build()).build());

            PodStatus status = syncUntil(pod, "the failing container restarted",
                    s -> s.findContainer("fails").filter(c -> c.restartCount() >= 1).isPresent()
                            && s.findContainer("ok").filter(c -> c.state() == ContainerState.EXITED).isPresent());

            assertThat(container(status, "ok").restartCount()).isZero();
            assertThat(status.containers()).filteredOn(c -> c.name().equals("ok")).hasSize(1);
        }
    }

    @Nested
    @DisplayName("Killing and deleting")
    class Termination {

        @Test
        @DisplayName("killPod with no grace period kills at once with exit code 137")
        void killNow() {
            PodDescription pod = singleContainerPod("kill-now", FOREVER, RestartPolicy.ALWAYS);
            syncUntilRunning(pod);

            PodSyncResult result = runtime.killPod(pod, runningPod(pod).orElseThrow(), Duration.ZERO);

            assertThat(result.succeeded()).as("kill result %s", result).isTrue();
            PodStatus status = status(pod);
            assertThat(container(status, "app").state()).isEqualTo(ContainerState.EXITED);
            assertThat(container(status, "app").exitCode()).isEqualTo(137);
            assertThat(status.sandboxes()).noneMatch(SandboxStatus::ready);
            assertThat(runtime.getPods(false)).extracting(Pod::uid).doesNotContain(pod.uid());
            assertThat(runtime.getPods(true)).extracting(Pod::uid).contains(pod.uid());
        }

        @Test
        @DisplayName("killPod with a grace period lets a container handle SIGTERM and exit by itself")
        void killGracefully() {
            PodDescription pod = singleContainerPod("kill-graceful",
                    "trap 'exit 0' TERM; while true; do sleep 1; done", RestartPolicy.ALWAYS);
            syncUntilRunning(pod);

            Instant before = Instant.now();
            PodSyncResult result = runtime.killPod(pod, runningPod(pod).orElseThrow(), Duration.ofSeconds(30));

            assertThat(result.succeeded()).as("kill result %s", result).isTrue();
            assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(20));
            ContainerStatus app = container(status(pod), "app");
            assertThat(app.state()).isEqualTo(ContainerState.EXITED);
            assertThat(app.exitCode()).isZero();
        }

        @Test
        @DisplayName("killPod kills a container that ignores SIGTERM once the grace period is over")
        void killAfterGrace() {
            PodDescription pod = singleContainerPod("kill-grace", FOREVER, RestartPolicy.ALWAYS);
            syncUntilRunning(pod);

            PodSyncResult result = runtime.killPod(null, runningPod(pod).orElseThrow(), Duration.ofSeconds(1));

            assertThat(result.succeeded()).as("kill result %s", result).isTrue();
            assertThat(container(status(pod), "app").exitCode()).isEqualTo(137);
        }

        @Test
        @DisplayName("killPod of a pod already killed or unknown succeeds")
        void killIdempotent() {
            PodDescription pod = singleContainerPod("kill-twice", FOREVER, RestartPolicy.ALWAYS);
            syncUntilRunning(pod);
            Pod running = runningPod(pod).orElseThrow();

            assertThat(runtime.killPod(pod, running, Duration.ZERO).succeeded()).isTrue();
            assertThat(runtime.killPod(pod, running, Duration.ZERO).succeeded()).as("second kill").isTrue();
            Pod unknown = new Pod(UUID.randomUUID().toString(), "unknown", NAMESPACE, List.of(), List.of());
            assertThat(runtime.killPod(null, unknown, Duration.ZERO).succeeded()).as("kill of an unknown pod").isTrue();
        }

        @Test
        @DisplayName("deleteContainer of a container already deleted or never created succeeds")
        void deleteIdempotent() {
            PodDescription pod = singleContainerPod("delete-twice", FOREVER, RestartPolicy.ALWAYS);
            ContainerId app = container(syncUntilRunning(pod), "app").id();

            runtime.deleteContainer(app);
            runtime.deleteContainer(app);
            runtime.deleteContainer(new ContainerId(runtime.type(), "corral-tck-no-such-container"));

            assertThat(status(pod).containers()).extracting(ContainerStatus::id).doesNotContain(app);
        }

        @Test
        @DisplayName("deleting every container and sandbox of a pod makes it unknown")
        void deleteAll() {
            PodDescription pod = singleContainerPod("delete-all", FOREVER, RestartPolicy.ALWAYS);
            syncUntilRunning(pod);

            removePod(pod);

            assertThat(runningPod(pod)).isEmpty();
            assertThat(status(pod).isEmpty()).isTrue();
        }
    }

    @Nested
    @DisplayName("Killing a single container (rule 12)")
    class SingleContainerKill {
        private static final String IGNORES_TERM = "trap '' TERM; while true; do sleep 1; done";
        private static final String HANDLES_TERM = "trap 'exit 0' TERM; while true; do sleep 1; done";

        private void assumeKillContainer() {
            assumeTrue(capabilities().killContainer(), "the runtime does not declare killContainer");
        }

        private PodDescription appWithSidecar(String baseName, String appScript) {
            return remember(pod(baseName).restartPolicy(RestartPolicy.ALWAYS)
                    .container(container("app", appScript).build())
                    .container(container("sidecar", FOREVER).build()).build());
        }

        @Test
        @DisplayName("stops only that container: the others keep running in the same sandbox with the same IP, "
                + "and the next sync restarts it with a higher restart count")
        void othersUntouched() {
            assumeKillContainer();
            PodDescription pod = appWithSidecar("kill-one", FOREVER);
            PodStatus before = syncUntilRunning(pod);
            ContainerStatus app = container(before, "app");
            ContainerStatus sidecar = container(before, "sidecar");

            runtime.killContainer(app.id(), Duration.ZERO);

            PodStatus killed = status(pod);
            ContainerStatus dead = container(killed, "app");
            assertThat(dead.id()).isEqualTo(app.id());
            assertThat(dead.state()).isEqualTo(ContainerState.EXITED);
            assertThat(dead.exitCode()).isEqualTo(137);
            assertThat(dead.finishedAt()).isNotNull();
            assertUntouched(killed, sidecar, before);

            PodStatus restarted = syncUntil(pod, "app restarted",
                    s -> s.findContainer("app").filter(c -> !c.id().equals(app.id()) && c.state() == ContainerState.RUNNING)
                            .isPresent());
            assertThat(container(restarted, "app").restartCount()).isEqualTo(app.restartCount() + 1);
            assertUntouched(restarted, sidecar, before);
        }

        private void assertUntouched(PodStatus now, ContainerStatus sidecar, PodStatus before) {
            ContainerStatus other = container(now, "sidecar");
            assertThat(other.id()).as("the other container's id").isEqualTo(sidecar.id());
            assertThat(other.state()).as("the other container's state").isEqualTo(ContainerState.RUNNING);
            assertThat(other.startedAt()).as("the other container's start").isEqualTo(sidecar.startedAt());
            assertThat(other.restartCount()).as("the other container's restart count").isEqualTo(sidecar.restartCount());
            assertThat(readySandboxes(now)).as("ready sandboxes").isEqualTo(readySandboxes(before)).isNotEmpty();
            assertThat(now.ips()).as("pod IPs").isEqualTo(before.ips());
        }

        private Set<ContainerId> readySandboxes(PodStatus status) {
            Set<ContainerId> ids = new HashSet<>();
            status.sandboxes().stream().filter(SandboxStatus::ready).forEach(sb -> ids.add(sb.id()));
            return ids;
        }

        @Test
        @DisplayName("lets a container that handles SIGTERM exit by itself within the grace period")
        void graceful() {
            assumeKillContainer();
            PodDescription pod = appWithSidecar("kill-one-graceful", HANDLES_TERM);
            ContainerStatus app = container(syncUntilRunning(pod), "app");

            Instant before = Instant.now();
            runtime.killContainer(app.id(), Duration.ofSeconds(30));

            assertThat(Duration.between(before, Instant.now())).as("time to stop").isLessThan(Duration.ofSeconds(20));
            PodStatus status = status(pod);
            ContainerStatus dead = container(status, "app");
            assertThat(dead.state()).isEqualTo(ContainerState.EXITED);
            assertThat(dead.exitCode()).as("the exit code of its TERM handler").isZero();
            assertThat(dead.finishedAt()).isBefore(before.plusSeconds(20));
            assertThat(status.isRunning("sidecar")).isTrue();
        }

        @Test
        @DisplayName("kills a container that ignores SIGTERM with 137 once the grace period is over, not before")
        void afterGrace() {
            assumeKillContainer();
            PodDescription pod = appWithSidecar("kill-one-stubborn", IGNORES_TERM);
            ContainerStatus app = container(syncUntilRunning(pod), "app");
            Duration grace = Duration.ofSeconds(2);

            Instant before = Instant.now();
            runtime.killContainer(app.id(), grace);

            ContainerStatus dead = container(status(pod), "app");
            assertThat(dead.state()).isEqualTo(ContainerState.EXITED);
            assertThat(dead.exitCode()).isEqualTo(137);
            // finish times come from the runtime's clock: allow a little skew and the runtime's own rounding
            assertThat(dead.finishedAt()).as("killed after the grace period")
                    .isAfterOrEqualTo(before.plus(grace).minusMillis(300))
                    .isBefore(before.plus(grace).plusSeconds(10));
            assertThat(status(pod).isRunning("sidecar")).isTrue();
        }

        @Test
        @DisplayName("of a container already exited or unknown succeeds")
        void idempotent() {
            assumeKillContainer();
            PodDescription pod = appWithSidecar("kill-one-twice", FOREVER);
            ContainerStatus app = container(syncUntilRunning(pod), "app");

            runtime.killContainer(app.id(), Duration.ZERO);
            runtime.killContainer(app.id(), Duration.ZERO);
            runtime.killContainer(new ContainerId(runtime.type(), "corral-tck-no-such-container"), Duration.ZERO);

            assertThat(container(status(pod), "app").exitCode()).isEqualTo(137);
            assertThat(status(pod).isRunning("sidecar")).isTrue();
        }

        @Test
        @DisplayName("rejects a negative grace period with INVALID_ARGUMENT")
        void negativeGrace() {
            assumeKillContainer();
            assertThatThrownBy(() -> runtime.killContainer(new ContainerId(runtime.type(), "corral-tck-any"),
                    Duration.ofSeconds(-1)))
                    .isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.INVALID_ARGUMENT));
        }

        @Test
        @DisplayName("fails with UNSUPPORTED when the runtime does not declare it")
        void undeclared() {
            assumeTrue(!capabilities().killContainer(), "the runtime declares killContainer");
            assertThatThrownBy(() -> runtime.killContainer(new ContainerId(runtime.type(), "corral-tck-any"), Duration.ZERO))
                    .isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.UNSUPPORTED));
        }
    }

    @Nested
    @DisplayName("The pod IP placeholder (rule 13)")
    class PodIpPlaceholder {

        @Test
        @DisplayName("is replaced by the pod's IP in the environment and the command, and the container is not replaced afterwards")
        void replaced() {
            assumeTrue(capabilities().podIpPlaceholder(), "the runtime does not declare the pod IP placeholder");
            assumeExec();
            String ip = ContainerDescription.POD_IP_PLACEHOLDER;
            PodDescription pod = remember(pod("pod-ip").container(container("app",
                    "echo at-" + ip + " > /tmp/ip; " + FOREVER)
                    .env("POD_IP", ip).env("URL", "http://" + ip + ":8080/").build()).build());
            PodStatus status = syncUntilRunning(pod);
            ContainerId app = container(status, "app").id();
            assertThat(status.ips()).as("pod IPs").isNotEmpty();
            String podIp = status.ips().get(0);

            assertThat(exec(app, "echo $POD_IP $URL").stdoutText()).isEqualTo(podIp + " http://" + podIp + ":8080/\n");
            await().atMost(awaitTimeout()).untilAsserted(
                    () -> assertThat(exec(app, "cat /tmp/ip").stdoutText()).isEqualTo("at-" + podIp + "\n"));
            assertThat(sync(pod).steps()).as("steps of a second sync").isEmpty();
            assertThat(container(status(pod), "app").id()).isEqualTo(app);
            assertThat(container(status(pod), "app").hash()).as("the stored hash is the description's")
                    .isEqualTo(pod.containers().get(0).hash());
        }
    }

    @Nested
    @DisplayName("Exit codes and reasons")
    class ExitCodes {

        @Test
        @DisplayName("report Completed for exit code 0 and Error otherwise")
        void completedAndError() {
            PodDescription pod = remember(pod("exits").restartPolicy(RestartPolicy.NEVER)
                    .container(container("ok", "exit 0").build())
                    .container(container("fails", "exit 3").build()).build());

            PodStatus status = syncUntil(pod, "both exited", s -> List.of("ok", "fails").stream().allMatch(
                    n -> s.findContainer(n).filter(c -> c.state() == ContainerState.EXITED).isPresent()));

            ContainerStatus ok = container(status, "ok");
            assertThat(ok.exitCode()).isZero();
            assertThat(ok.reason()).isEqualTo(ContainerStatus.REASON_COMPLETED);
            assertThat(ok.finishedAt()).isNotNull().isAfterOrEqualTo(ok.startedAt());
            ContainerStatus fails = container(status, "fails");
            assertThat(fails.exitCode()).isEqualTo(3);
            assertThat(fails.reason()).isEqualTo(ContainerStatus.REASON_ERROR);
        }

        @Test
        @DisplayName("report OOMKilled for a container over its memory limit")
        void oomKilled() {
            assumeTrue(capabilities().resourceLimits(), "the runtime does not declare resource limits");
            PodDescription pod = remember(pod("oom").restartPolicy(RestartPolicy.NEVER)
                    .container(container("hog", "head -c 512m /dev/zero | tail")
                            .resources(new Resources(0, 0, 32L << 20, 32L << 20)).build()).build());

            PodStatus status = syncUntil(pod, "the container exited",
                    s -> s.findContainer("hog").filter(c -> c.state() == ContainerState.EXITED).isPresent());

            assertThat(container(status, "hog").reason()).isEqualTo(ContainerStatus.REASON_OOM_KILLED);
        }
    }

    @Nested
    @DisplayName("Container logs")
    class Logs {

        @Test
        @DisplayName("contain what the container wrote, all of it or the last lines")
        void allAndTail() {
            assumeLogs();
            PodDescription pod = singleContainerPod("logs", "echo one; echo two; echo three; " + FOREVER, RestartPolicy.ALWAYS);
            ContainerId app = container(syncUntilRunning(pod), "app").id();

            await().atMost(awaitTimeout()).untilAsserted(
                    () -> assertThat(logs(app, LogOptions.ALL)).isEqualTo("one\ntwo\nthree\n"));
            assertThat(logs(app, LogOptions.ALL.withTailLines(2))).isEqualTo("two\nthree\n");
            assertThat(logs(app, LogOptions.ALL.withTailLines(0))).isEmpty();
        }

        @Test
        @DisplayName("keep standard output and standard error apart")
        void streams() {
            assumeLogs();
            PodDescription pod = singleContainerPod("streams", "echo out; echo err >&2; " + FOREVER, RestartPolicy.ALWAYS);
            ContainerId app = container(syncUntilRunning(pod), "app").id();

            await().atMost(awaitTimeout()).untilAsserted(() -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                runtime.getContainerLogs(pod, app, LogOptions.ALL, out, err);
                assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out\n");
                assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("err\n");
            });
        }

        @Test
        @DisplayName("prefix lines with their timestamps and filter by time")
        void timestamps() {
            assumeLogs();
            assumeTrue(capabilities().logTimestamps(), "the runtime does not declare log timestamps");
            Instant start = Instant.now().minusSeconds(2);
            PodDescription pod = singleContainerPod("stamps", "echo first; echo second; " + FOREVER, RestartPolicy.ALWAYS);
            ContainerId app = container(syncUntilRunning(pod), "app").id();

            await().atMost(awaitTimeout()).untilAsserted(
                    () -> assertThat(logs(app, LogOptions.ALL)).isEqualTo("first\nsecond\n"));
            String stamped = logs(app, LogOptions.ALL.withTimestamps(true));
            List<String> lines = stamped.lines().toList();
            assertThat(lines).hasSize(2);
            for (int i = 0; i < 2; i++) {
                String[] parts = lines.get(i).split(" ", 2);
                assertThat(Instant.parse(parts[0])).isBetween(start, Instant.now().plusSeconds(2));
                assertThat(parts[1]).isEqualTo(i == 0 ? "first" : "second");
            }
            assertThat(logs(app, LogOptions.ALL.withSince(Instant.now().plusSeconds(60)))).isEmpty();
        }

        @Test
        @DisplayName("can be followed until the container exits")
        void follow() throws Exception {
            assumeLogs();
            PodDescription pod = singleContainerPod("follow", "echo first; sleep 2; echo second; exit 0", RestartPolicy.NEVER);
            ContainerId app = container(syncUntilRunning(pod), "app").id();
            ByteArrayOutputStream out = new ByteArrayOutputStream();

            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                Future<?> following = thread.submit(
                        () -> runtime.getContainerLogs(pod, app, LogOptions.ALL.withFollow(true), out, new ByteArrayOutputStream()));
                following.get(awaitTimeout().toSeconds(), TimeUnit.SECONDS);
            } finally {
                thread.shutdownNow();
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("first\nsecond\n");
        }

        @Test
        @DisplayName("stay readable after the container exited")
        void afterExit() {
            assumeLogs();
            PodDescription pod = singleContainerPod("last-words", "echo bye; exit 0", RestartPolicy.NEVER);
            syncUntil(pod, "exited", s -> s.findContainer("app").filter(c -> c.state() == ContainerState.EXITED).isPresent());

            assertThat(logs(container(status(pod), "app").id(), LogOptions.ALL)).isEqualTo("bye\n");
        }

        @Test
        @DisplayName("of an unknown container fail with CONTAINER_NOT_FOUND")
        void unknown() {
            assumeLogs();
            assertThatThrownBy(() -> logs(new ContainerId(runtime.type(), "corral-tck-no-such-container"), LogOptions.ALL))
                    .isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.CONTAINER_NOT_FOUND));
        }
    }

    @Nested
    @DisplayName("Exec in a container")
    class Exec {

        @Test
        @DisplayName("returns standard output and exit code 0")
        void output() {
            assumeExec();
            PodDescription pod = singleContainerPod("exec", FOREVER, RestartPolicy.ALWAYS);
            ContainerId app = container(syncUntilRunning(pod), "app").id();

            ExecResult result = commandRunner().runInContainer(app, List.of("echo", "hi"), Duration.ofSeconds(20));

            assertThat(result.exitCode()).isZero();
            assertThat(result.stdoutText()).isEqualTo("hi\n");
            assertThat(result.stderrText()).isEmpty();
        }

        @Test
        @DisplayName("returns a non-zero exit code and standard error as a result, not an error")
        void failure() {
            assumeExec();
            PodDescription pod = singleContainerPod("exec-fails", FOREVER, RestartPolicy.ALWAYS);
            ContainerId app = container(syncUntilRunning(pod), "app").id();

            ExecResult result = exec(app, "echo oops >&2; exit 7");

            assertThat(result.exitCode()).isEqualTo(7);
            assertThat(result.stderrText()).isEqualTo("oops\n");
        }

        @Test
        @DisplayName("fails with TIMEOUT when the command outlives its timeout")
        void timeout() {
            assumeExec();
            PodDescription pod = singleContainerPod("exec-timeout", FOREVER, RestartPolicy.ALWAYS);
            ContainerId app = container(syncUntilRunning(pod), "app").id();

            Instant before = Instant.now();
            assertThatThrownBy(() -> commandRunner().runInContainer(app, List.of("sleep", "30"), Duration.ofSeconds(1)))
                    .isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.TIMEOUT))
                    .hasMessageContaining("sleep");
            assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(15));
        }

        @Test
        @DisplayName("fails with CONTAINER_NOT_FOUND for an unknown container and CONTAINER_NOT_RUNNING for an exited one")
        void notRunning() {
            assumeExec();
            assertThatThrownBy(() -> exec(new ContainerId(runtime.type(), "corral-tck-no-such-container"), "true"))
                    .isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.CONTAINER_NOT_FOUND));

            PodDescription pod = singleContainerPod("exec-exited", "exit 0", RestartPolicy.NEVER);
            syncUntil(pod, "exited", s -> s.findContainer("app").filter(c -> c.state() == ContainerState.EXITED).isPresent());
            ContainerId exited = container(status(pod), "app").id();
            assertThatThrownBy(() -> exec(exited, "true"))
                    .isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.CONTAINER_NOT_RUNNING));
        }
    }

    @Nested
    @DisplayName("Recovery")
    class Recovery {

        @Test
        @DisplayName("a new runtime instance finds the pods an earlier one started")
        void findsPodsAgain() {
            assumeTrue(capabilities().survivesHostRestart(), "the runtime does not declare that it survives a host restart");
            PodDescription pod = singleContainerPod("recover", FOREVER, RestartPolicy.ALWAYS);
            ContainerId app = container(syncUntilRunning(pod), "app").id();

            try (ContainerRuntime restarted = createRuntime()) {
                Pod found = restarted.getPods(false).stream().filter(p -> p.uid().equals(pod.uid())).findFirst()
                        .orElseThrow(() -> new AssertionError("a new instance does not list pod " + pod.fullName()));
                assertThat(found.name()).isEqualTo(pod.name());
                assertThat(found.namespace()).isEqualTo(pod.namespace());
                assertThat(found.findContainer("app")).get().extracting(c -> c.id()).isEqualTo(app);
                assertThat(container(restarted.getPodStatus(pod.uid(), pod.name(), pod.namespace()), "app").state())
                        .isEqualTo(ContainerState.RUNNING);
            }
        }
    }

    @Nested
    @DisplayName("Attach and port forwarding")
    class Streams {

        @Test
        @DisplayName("attach streams standard input in and standard output out")
        void attach() throws IOException {
            assumeTrue(capabilities().attach(), "the runtime does not declare attach");
            PodDescription pod = remember(pod("attach").container(container("app", "cat").stdin(true).build()).build());
            ContainerId app = container(syncUntilRunning(pod), "app").id();
            PipedOutputStream feed = new PipedOutputStream();
            PipedInputStream stdin = new PipedInputStream(feed);
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();

            try (ContainerAttacher.Attachment attachment = runtime.attacher().orElseThrow()
                    .attach(app, stdin, stdout, new ByteArrayOutputStream(), false)) {
                feed.write("hello through attach\n".getBytes(StandardCharsets.UTF_8));
                feed.flush();
                await().atMost(awaitTimeout()).untilAsserted(
                        () -> assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("hello through attach"));
                assertThat(attachment.completion()).isNotNull();
            }
        }

        @Test
        @DisplayName("port forwarding reaches a server on the pod's loopback")
        void portForward() {
            assumeTrue(capabilities().portForward(), "the runtime does not declare port forwarding");
            PodDescription pod = remember(pod("forward")
                    .container(container("server", "mkdir -p /tmp/www && echo forwarded > /tmp/www/index.html"
                            + " && httpd -f -p 8080 -h /tmp/www").build()).build());
            syncUntilRunning(pod);
            ContainerId sandbox = runtime.getPodContainerId(runningPod(pod).orElseThrow());

            await().atMost(awaitTimeout()).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                runtime.portForwarder().orElseThrow().portForward(sandbox, 8080,
                        new java.io.ByteArrayInputStream("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                        answer);
                assertThat(answer.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.").contains("forwarded");
            });
        }
    }

    @Nested
    @DisplayName("Images")
    class Images {

        @Test
        @DisplayName("a pulled image is present, listed and inspectable")
        void presentAndListed() {
            var images = runtime.imageService();
            assertThat(images.isPresent(testImage())).isTrue();
            Image image = images.inspect(testImage()).orElseThrow(() -> new AssertionError("inspect(" + testImage() + ")"));
            assertThat(images.list()).extracting(Image::id).contains(image.id());
            assertThat(image.repoTags()).anyMatch(tag -> tag.endsWith(testImage()));
            assertThat(images.stats().imageCount()).isPositive();
        }

        @Test
        @DisplayName("pulling an image no registry has fails with IMAGE_PULL_FAILED or IMAGE_NOT_FOUND")
        void pullMissing() {
            assertThatThrownBy(() -> runtime.imageService().pull(MISSING_IMAGE, null, Duration.ofMinutes(2), PullProgressListener.NONE))
                    .isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(reasonOf(e)).isIn(Reason.IMAGE_PULL_FAILED, Reason.IMAGE_NOT_FOUND));
            assertThat(runtime.imageService().isPresent(MISSING_IMAGE)).isFalse();
        }

        @Test
        @DisplayName("an image can be pulled and removed, and removing it again succeeds")
        void pullAndRemove() {
            assumeTrue(removableImage().isPresent(), "no removable image configured");
            String image = removableImage().get();
            var images = runtime.imageService();

            String id = images.pull(image, null, Duration.ofMinutes(5), PullProgressListener.NONE);
            assertThat(id).isNotBlank();
            assertThat(images.isPresent(image)).isTrue();

            images.remove(image);
            images.remove(image);
            assertThat(images.isPresent(image)).isFalse();
            images.remove(MISSING_IMAGE);
        }

        @Test
        @DisplayName("a pod whose image cannot be pulled reports ErrImagePull, and ErrImageNeverPull under policy Never")
        void podWithMissingImage() {
            PodDescription pulling = remember(pod("bad-image").container(
                    ContainerDescription.builder("app", MISSING_IMAGE).imagePullPolicy(ImagePullPolicy.IF_NOT_PRESENT).build()).build());
            PodSyncResult result = sync(pulling);
            assertThat(result.find(SyncAction.START_CONTAINER, "app")).get().extracting(SyncResult::error)
                    .isIn(SyncErrorReason.ERR_IMAGE_PULL, SyncErrorReason.IMAGE_PULL_BACK_OFF);

            PodDescription never = remember(pod("never-pull").container(
                    ContainerDescription.builder("app", MISSING_IMAGE).imagePullPolicy(ImagePullPolicy.NEVER).build()).build());
            assertThat(sync(never).find(SyncAction.START_CONTAINER, "app")).get().extracting(SyncResult::error)
                    .isEqualTo(SyncErrorReason.ERR_IMAGE_NEVER_PULL);
        }
    }

    @Nested
    @DisplayName("Status")
    class Statuses {

        @Test
        @DisplayName("of an unknown pod is empty, not an error")
        void unknownPod() {
            String uid = UUID.randomUUID().toString();

            PodStatus status = runtime.getPodStatus(uid, "nobody", NAMESPACE);

            assertThat(status.isEmpty()).isTrue();
            assertThat(status.uid()).isEqualTo(uid);
            assertThat(runtime.getPods(true)).extracting(Pod::uid).doesNotContain(uid);
        }

        @Test
        @DisplayName("gives no sandbox id for a pod without a sandbox: POD_NOT_FOUND")
        void noSandbox() {
            Pod empty = new Pod(UUID.randomUUID().toString(), "nobody", NAMESPACE, List.of(), List.of());
            assertThatThrownBy(() -> runtime.getPodContainerId(empty))
                    .isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(reasonOf(e)).isEqualTo(Reason.POD_NOT_FOUND));
        }
    }

    @Nested
    @DisplayName("Concurrency")
    class Concurrency {

        @Test
        @DisplayName("eight pods synced from eight threads all run, each with its own containers")
        void eightPodsEightThreads() throws Exception {
            List<PodDescription> pods = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                pods.add(singleContainerPod("concurrent-" + i, FOREVER, RestartPolicy.ALWAYS));
            }
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<PodStatus>> started = new ArrayList<>();
                for (PodDescription pod : pods) {
                    started.add(threads.submit(() -> syncUntilRunning(pod)));
                }
                Set<ContainerId> ids = new HashSet<>();
                for (Future<PodStatus> f : started) {
                    ids.add(container(f.get(awaitTimeout().toSeconds() * 2, TimeUnit.SECONDS), "app").id());
                }
                assertThat(ids).hasSize(8);
                assertThat(runtime.getPods(false)).extracting(Pod::uid)
                        .containsAll(pods.stream().map(PodDescription::uid).toList());

                List<Future<PodSyncResult>> killed = new ArrayList<>();
                for (PodDescription pod : pods) {
                    killed.add(threads.submit(() -> runtime.killPod(pod, runningPod(pod).orElseThrow(), Duration.ZERO)));
                }
                for (Future<PodSyncResult> f : killed) {
                    assertThat(f.get(awaitTimeout().toSeconds(), TimeUnit.SECONDS).succeeded()).isTrue();
                }
                assertThat(runtime.getPods(false)).extracting(Pod::uid)
                        .doesNotContainAnyElementsOf(pods.stream().map(PodDescription::uid).toList());
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
