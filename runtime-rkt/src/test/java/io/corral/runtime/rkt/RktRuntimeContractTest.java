package io.corral.runtime.rkt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.ContainerState;
import io.corral.runtime.spi.ContainerStatus;
import io.corral.runtime.spi.ExecResult;
import io.corral.runtime.spi.ImagePullPolicy;
import io.corral.runtime.spi.LogOptions;
import io.corral.runtime.spi.Pod;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PodSyncResult;
import io.corral.runtime.spi.PortMapping;
import io.corral.runtime.spi.PullProgressListener;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.Resources;
import io.corral.runtime.spi.RestartPolicy;
import io.corral.runtime.spi.RuntimeStatus;
import io.corral.runtime.spi.SyncAction;
import io.corral.runtime.spi.SyncErrorReason;
import io.corral.runtime.spi.SyncResult;
import io.corral.runtime.spi.Volume;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rkt runtime against the stand-in rkt ({@link FakeRkt}): the whole lifecycle and every error
 * path, checked on the commands the runtime issues and the answers it makes of rkt's output.
 */
class RktRuntimeContractTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;
    FakeRkt fake;
    RktContainerRuntime runtime;
    Backoff backoff;

    @BeforeEach
    void setUp() {
        fake = new FakeRkt(tmp);
        runtime = fake.runtime();
        backoff = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(60), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        try {
            for (FakeRkt f : List.of(fake)) {
                f.heal("list");
                f.heal("status");
                f.heal("stop");
            }
            for (Pod p : runtime.getPods(true)) {
                runtime.killPod(null, p, Duration.ZERO);
            }
        } finally {
            runtime.close();
        }
    }

    private static PodDescription.Builder pod(String name) {
        return PodDescription.builder(UUID.randomUUID().toString(), name, "default").terminationGrace(Duration.ofSeconds(5));
    }

    private static ContainerDescription shell(String name, String script) {
        return ContainerDescription.builder(name, "busybox:1.36").command("sh", "-c", script).build();
    }

    private PodSyncResult sync(PodDescription pod) {
        return runtime.syncPod(pod, runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace()), List.of(), backoff);
    }

    private ContainerStatus awaitContainer(PodDescription pod, String name, ContainerState state) {
        AtomicReference<ContainerStatus> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            var s = runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace()).findContainer(name);
            s.ifPresent(found::set);
            return s.isPresent() && s.get().state() == state;
        });
        return found.get();
    }

    private String logs(ContainerId id, LogOptions options) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runtime.getContainerLogs(null, id, options, out, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String uuidOf(ContainerId id) {
        return id.id().split(":")[0];
    }

    // ------------------------------------------------------------------ status, version, provider

    @Test
    void reportsVersionsAndReadiness() {
        assertThat(runtime.type()).isEqualTo("rkt");
        assertThat(runtime.version()).isEqualTo("1.30.0");
        assertThat(runtime.apiVersion()).isEqualTo("0.8.11");
        assertThat(runtime.status()).isEqualTo(RuntimeStatus.allReady());
        assertThat(runtime.fingerprint().runtimeName()).isEqualTo("rkt");
        assertThat(runtime.fingerprint().runtimeVersion()).isEqualTo("1.30.0");
    }

    @Test
    void missingBinaryIsNotReadyWithTheReason() {
        try (RktContainerRuntime missing = new RktContainerRuntime(fake.config().rktBinary(tmp.resolve("no/such/rkt")).build())) {
            RuntimeStatus status = missing.status();
            assertThat(status.ready()).isFalse();
            assertThat(status.reason()).isEqualTo("RktBinaryMissing");
            assertThat(status.message()).contains("no/such/rkt");
            assertThatThrownBy(() -> missing.getPods(true)).isInstanceOfSatisfying(ContainerRuntimeException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.RUNTIME_UNAVAILABLE));
        }
    }

    @Test
    void tooOldRktIsNotReady() {
        fake.version("rkt Version: 1.29.0\nappc Version: 0.8.11\nGo Version: go1.9.2\n");
        RuntimeStatus status = runtime.status();
        assertThat(status.ready()).isFalse();
        assertThat(status.reason()).isEqualTo("RktVersionTooOld");
        assertThat(status.message()).contains("1.29.0").contains("1.30.0");
    }

    @Test
    void unparsableVersionIsNotReadyAndNamesTheCommand() {
        fake.version("rkt, some version\n");
        RuntimeStatus status = runtime.status();
        assertThat(status.ready()).isFalse();
        assertThat(status.reason()).isEqualTo("RktUnavailable");
        assertThat(status.message()).contains("version").contains("rkt, some version");
    }

    @Test
    void providerIsFoundByServiceLoaderAndChecksTheBinary() {
        var providers = io.corral.runtime.spi.ContainerRuntimes.load();
        assertThat(providers.find("rkt")).get().isInstanceOf(RktRuntimeProvider.class);
        assertThat(RktRuntimeProvider.availability(fake.binary).available()).isTrue();
        var missing = RktRuntimeProvider.availability(tmp.resolve("absent/rkt"));
        assertThat(missing.available()).isFalse();
        assertThat(missing.reason()).contains("absent/rkt");
        fake.version("rkt Version: 1.25.0\nappc Version: 0.8.10\n");
        // The provider checks the binary with rkt's default data dir, so use a config map instead.
        try (var created = new RktRuntimeProvider().create(java.util.Map.of("binary", fake.binary.toString(),
                "dir", fake.dataDir.toString(), "stateDir", fake.stateDir.toString(), "gcInterval", "0"))) {
            assertThat(created.status().reason()).isEqualTo("RktVersionTooOld");
        }
    }

    @Test
    void badSettingsNameTheKey() {
        assertThatThrownBy(() -> RktConfig.fromMap(java.util.Map.of("stageOne", "x")))
                .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("rkt.stageOne");
                });
        assertThatThrownBy(() -> RktConfig.fromMap(java.util.Map.of("commandTimeout", "soon")))
                .hasMessageContaining("rkt.commandTimeout");
        assertThatThrownBy(() -> RktConfig.fromMap(java.util.Map.of("supervisor", "cron")))
                .hasMessageContaining("rkt.supervisor");
        RktConfig config = RktConfig.fromMap(java.util.Map.of("stage1Name", "coreos.com/rkt/stage1-fly:1.30.0",
                "insecureOptions", "image,http", "supervisor", "systemd-run", "commandTimeout", "PT3S"));
        assertThat(config.stage1Name()).isEqualTo("coreos.com/rkt/stage1-fly:1.30.0");
        assertThat(config.insecureOptions()).containsExactly("image", "http");
        assertThat(config.supervisor()).isEqualTo(RktConfig.Supervisor.SYSTEMD_RUN);
        assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    // ------------------------------------------------------------------ lifecycle

    @Test
    void runsAPodThroughItsWholeLifecycle() throws Exception {
        PodDescription pod = pod("web")
                .label("app", "web")
                .container(ContainerDescription.builder("main", "busybox:1.36")
                        .command("sh", "-c", "echo hello from $GREETING; exec sleep 60")
                        .env("GREETING", "main").port(new PortMapping(8080, 18080, PortMapping.Protocol.TCP))
                        .resources(new Resources(250, 500, 64L << 20, 128L << 20)).build())
                .container(shell("sidecar", "echo sidecar up; exec sleep 60"))
                .build();

        PodSyncResult first = sync(pod);

        assertThat(first.succeeded()).as(first.toString()).isTrue();
        assertThat(first.steps()).extracting(SyncResult::action, SyncResult::target).containsExactly(
                org.assertj.core.groups.Tuple.tuple(SyncAction.CREATE_POD_SANDBOX, "default/web"),
                org.assertj.core.groups.Tuple.tuple(SyncAction.START_CONTAINER, "main"),
                org.assertj.core.groups.Tuple.tuple(SyncAction.START_CONTAINER, "sidecar"));
        PodStatus status = runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace());
        assertThat(status.sandboxes()).hasSize(1);
        assertThat(status.sandboxes().get(0).ready()).isTrue();
        assertThat(status.ips()).singleElement().asString().startsWith("172.16.28.");
        ContainerStatus main = status.findContainer("main").orElseThrow();
        assertThat(main.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(main.hash()).isEqualTo(pod.containers().get(0).hash());
        assertThat(main.image()).isEqualTo("busybox:1.36");
        assertThat(main.imageId()).startsWith("sha512-");
        assertThat(main.id().toString()).matches("rkt://[0-9a-f-]{36}:main");
        String uuid = uuidOf(main.id());

        // The manifest: appc 0.8.11, mapped back to the pod by annotations, with isolators and ports.
        JsonNode manifest = MAPPER.readTree(fake.manifestOf(uuid));
        assertThat(manifest.path("acVersion").asText()).isEqualTo("0.8.11");
        assertThat(manifest.path("acKind").asText()).isEqualTo("PodManifest");
        assertThat(manifest.path("annotations").findValuesAsText("value")).contains(pod.uid(), "web", "default");
        assertThat(manifest.path("userAnnotations").path("io.corral.pod.uid").asText()).isEqualTo(pod.uid());
        JsonNode app = manifest.path("apps").get(0);
        assertThat(app.path("image").path("name").asText()).isEqualTo("registry-1.docker.io/library/busybox");
        assertThat(app.path("image").path("labels").get(0).path("value").asText()).isEqualTo("1.36");
        assertThat(app.path("app").path("exec").get(0).asText()).isEqualTo("sh");
        assertThat(app.path("app").path("isolators").toString())
                .contains("resource/cpu").contains("\"request\":\"250m\"").contains("\"limit\":\"500m\"")
                .contains("resource/memory").contains("\"limit\":\"134217728\"");
        assertThat(app.path("app").path("ports").get(0).path("port").asInt()).isEqualTo(8080);
        assertThat(manifest.path("ports").get(0).path("hostPort").asInt()).isEqualTo(18080);

        // Level-triggered: nothing to do the second time.
        assertThat(sync(pod).steps()).isEmpty();

        // Found again by a new instance (annotations, not memory).
        try (RktContainerRuntime other = fake.runtime()) {
            assertThat(other.getPods(false)).singleElement().satisfies(p -> {
                assertThat(p.uid()).isEqualTo(pod.uid());
                assertThat(p.name()).isEqualTo("web");
                assertThat(p.namespace()).isEqualTo("default");
                assertThat(p.containers()).extracting(c -> c.name()).containsExactlyInAnyOrder("main", "sidecar");
                assertThat(p.sandboxes()).singleElement().satisfies(s -> assertThat(s.id().id()).isEqualTo(uuid));
                assertThat(other.getPodContainerId(p).id()).isEqualTo(uuid);
            });
        }

        // Logs, per app.
        await().atMost(Duration.ofSeconds(5)).until(() -> logs(main.id(), LogOptions.ALL).contains("hello from main"));
        assertThat(logs(main.id(), LogOptions.ALL)).isEqualTo("hello from main\n");
        ContainerId sidecar = status.findContainer("sidecar").orElseThrow().id();
        await().atMost(Duration.ofSeconds(5)).until(() -> logs(sidecar, LogOptions.ALL).equals("sidecar up\n"));

        // Exec through rkt enter, with the app's environment.
        ExecResult exec = runtime.commandRunner().orElseThrow()
                .runInContainer(main.id(), List.of("sh", "-c", "echo $GREETING; echo oops >&2; exit 3"), Duration.ofSeconds(5));
        assertThat(exec.exitCode()).isEqualTo(3);
        assertThat(exec.stdoutText()).isEqualTo("main\n");
        assertThat(exec.stderrText()).isEqualTo("oops\n");
        assertThat(fake.commands()).anyMatch(c -> c.startsWith("enter --app=main " + uuid + " sh -c"));

        // Kill: every app stopped, nothing removed, exit codes kept.
        Pod running = runtime.getPods(false).get(0);
        PodSyncResult kill = runtime.killPod(pod, running, null);
        assertThat(kill.succeeded()).as(kill.toString()).isTrue();
        assertThat(kill.steps(SyncAction.KILL_CONTAINER)).extracting(SyncResult::target).containsExactlyInAnyOrder("main", "sidecar");
        assertThat(kill.steps(SyncAction.KILL_POD_SANDBOX)).hasSize(1);
        PodStatus stopped = runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace());
        assertThat(stopped.sandboxes().get(0).ready()).isFalse();
        assertThat(stopped.findContainer("main").orElseThrow()).satisfies(c -> {
            assertThat(c.state()).isEqualTo(ContainerState.EXITED);
            assertThat(c.exitCode()).isEqualTo(143);
            assertThat(c.reason()).isEqualTo("Error");
            assertThat(c.finishedAt()).isNotNull().isAfterOrEqualTo(c.startedAt());
        });
        assertThat(runtime.getPods(false)).isEmpty();
        assertThat(runtime.getPods(true)).hasSize(1);
        assertThat(runtime.killPod(pod, running, null).steps()).as("idempotent").isEmpty();
        assertThatThrownBy(() -> runtime.commandRunner().orElseThrow().runInContainer(main.id(), List.of("true"), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CONTAINER_NOT_RUNNING));
        assertThat(logs(main.id(), LogOptions.ALL)).as("logs outlive the pod").isEqualTo("hello from main\n");

        // Delete: rkt rm; idempotent.
        runtime.deleteContainer(running.sandboxes().get(0).id());
        assertThat(runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace()).isEmpty()).isTrue();
        runtime.deleteContainer(running.sandboxes().get(0).id());
        assertThat(fake.commands()).anyMatch(c -> c.equals("rm " + uuid));
        assertThatThrownBy(() -> logs(main.id(), LogOptions.ALL)).isInstanceOfSatisfying(ContainerRuntimeException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CONTAINER_NOT_FOUND));
    }

    @Test
    void unknownPodHasAnEmptyStatus() {
        assertThat(runtime.getPodStatus("no-such-uid", "x", "y")).isEqualTo(PodStatus.empty("no-such-uid", "x", "y"));
        ContainerId unknown = new ContainerId("rkt", "00000000-0000-0000-0000-000000000000:main");
        assertThatThrownBy(() -> runtime.getNetNs(unknown)).isInstanceOfSatisfying(ContainerRuntimeException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CONTAINER_NOT_FOUND));
        runtime.deleteContainer(unknown);
        assertThatThrownBy(() -> runtime.deleteContainer(new ContainerId("docker", "abc")))
                .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT));
    }

    @Test
    void restartsAnExitedContainerInANewRktPodWithBackOff() {
        PodDescription pod = pod("crashy").container(shell("app", "echo run; exit 1")).build();
        sync(pod);
        ContainerStatus firstRun = awaitContainer(pod, "app", ContainerState.EXITED);
        assertThat(firstRun.exitCode()).isEqualTo(1);
        assertThat(firstRun.reason()).isEqualTo("Error");
        assertThat(firstRun.restartCount()).isZero();

        PodSyncResult restart = sync(pod);

        assertThat(restart.succeeded()).as(restart.toString()).isTrue();
        assertThat(restart.steps(SyncAction.START_CONTAINER)).extracting(SyncResult::target).containsExactly("app");
        assertThat(backoff.delay(Backoff.key(pod, pod.containers().get(0)))).isEqualTo(Duration.ofSeconds(30));
        ContainerStatus secondRun = awaitContainer(pod, "app", ContainerState.EXITED);
        assertThat(secondRun.id()).isNotEqualTo(firstRun.id());
        assertThat(uuidOf(secondRun.id())).isNotEqualTo(uuidOf(firstRun.id()));
        assertThat(secondRun.restartCount()).isEqualTo(1);

        PodSyncResult inBackOff = sync(pod);

        assertThat(inBackOff.steps()).singleElement().satisfies(s -> {
            assertThat(s.action()).isEqualTo(SyncAction.START_CONTAINER);
            assertThat(s.error()).isEqualTo(SyncErrorReason.CRASH_LOOP_BACK_OFF);
        });
        assertThat(runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace()).sandboxes()).hasSize(2);
    }

    @Test
    void completedContainerIsNotRestartedUnderNeverOrOnFailure() {
        PodDescription pod = pod("job").restartPolicy(RestartPolicy.ON_FAILURE).container(shell("task", "echo done")).build();
        sync(pod);
        ContainerStatus done = awaitContainer(pod, "task", ContainerState.EXITED);
        assertThat(done.exitCode()).isZero();
        assertThat(done.reason()).isEqualTo("Completed");
        assertThat(sync(pod).steps()).isEmpty();
    }

    @Test
    void changedContainerReplacesTheRktPod() {
        PodDescription v1 = pod("rolling").container(shell("app", "exec sleep 60")).container(shell("other", "exec sleep 60")).build();
        sync(v1);
        ContainerStatus before = awaitContainer(v1, "app", ContainerState.RUNNING);
        PodDescription v2 = v1.toBuilder().containers(List.of(shell("app", "echo v2; exec sleep 60"), shell("other", "exec sleep 60"))).build();

        PodSyncResult change = sync(v2);

        assertThat(change.succeeded()).as(change.toString()).isTrue();
        assertThat(change.steps(SyncAction.KILL_CONTAINER)).extracting(SyncResult::target).containsExactlyInAnyOrder("app", "other");
        assertThat(change.steps(SyncAction.START_CONTAINER)).extracting(SyncResult::target).containsExactlyInAnyOrder("app", "other");
        PodStatus status = runtime.getPodStatus(v2.uid(), v2.name(), v2.namespace());
        ContainerStatus after = status.findContainer("app").orElseThrow();
        assertThat(after.hash()).isEqualTo(v2.containers().get(0).hash()).isNotEqualTo(before.hash());
        assertThat(after.state()).isEqualTo(ContainerState.RUNNING);
        assertThat(after.restartCount()).isEqualTo(1);
        assertThat(status.sandboxes()).extracting(s -> s.ready()).containsExactly(true, false);
        assertThat(sync(v2).steps()).isEmpty();

        PodDescription v3 = v2.toBuilder().containers(List.of(v2.containers().get(0))).build();
        PodSyncResult removal = sync(v3);
        assertThat(removal.steps(SyncAction.KILL_CONTAINER)).extracting(SyncResult::target).contains("other");
        assertThat(runtime.getPodStatus(v3.uid(), v3.name(), v3.namespace()).sandboxes().get(0).ready()).isTrue();
    }

    @Test
    void runsInitContainersInOrderBeforeTheApps() {
        Path marker = tmp.resolve("marker");
        PodDescription pod = pod("init")
                .initContainer(shell("first", "echo one > " + marker))
                .initContainer(shell("second", "echo two >> " + marker))
                .container(shell("app", "cat " + marker + "; exec sleep 60"))
                .build();

        PodSyncResult result = sync(pod);

        assertThat(result.succeeded()).as(result.toString()).isTrue();
        assertThat(result.steps()).extracting(SyncResult::action).containsExactly(SyncAction.INIT_CONTAINER,
                SyncAction.INIT_CONTAINER, SyncAction.CREATE_POD_SANDBOX, SyncAction.START_CONTAINER);
        PodStatus status = runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace());
        assertThat(status.findContainer("first").orElseThrow().reason()).isEqualTo("Completed");
        assertThat(status.sandboxes()).hasSize(1);
        ContainerId app = status.findContainer("app").orElseThrow().id();
        await().atMost(Duration.ofSeconds(5)).until(() -> logs(app, LogOptions.ALL).equals("one\ntwo\n"));
        assertThat(sync(pod).steps()).isEmpty();
    }

    @Test
    void failedInitContainerStopsThePodUnderNever() {
        PodDescription pod = pod("badinit").restartPolicy(RestartPolicy.NEVER)
                .initContainer(shell("setup", "exit 7")).container(shell("app", "exec sleep 60")).build();

        PodSyncResult result = sync(pod);

        assertThat(result.failures()).singleElement().satisfies(s -> {
            assertThat(s.action()).isEqualTo(SyncAction.INIT_CONTAINER);
            assertThat(s.error()).isEqualTo(SyncErrorReason.INIT_CONTAINER_FAILED);
            assertThat(s.message()).contains("7");
        });
        assertThat(runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace()).findContainer("app")).isEmpty();
    }

    @Test
    void killWaitsTheGracePeriodThenForces() {
        PodDescription pod = pod("stubborn").terminationGrace(Duration.ofMillis(500))
                .container(shell("app", "trap '' TERM; echo ready; while :; do sleep 0.1; done")).build();
        sync(pod);
        ContainerStatus running = awaitContainer(pod, "app", ContainerState.RUNNING);
        await().atMost(Duration.ofSeconds(5)).until(() -> logs(running.id(), LogOptions.ALL).contains("ready"));

        PodSyncResult kill = runtime.killPod(pod, runtime.getPods(false).get(0), null);

        assertThat(kill.succeeded()).as(kill.toString()).isTrue();
        String uuid = uuidOf(running.id());
        assertThat(fake.commands()).containsSubsequence("stop " + uuid, "stop --force " + uuid);
        assertThat(runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace()).findContainer("app").orElseThrow().exitCode())
                .isEqualTo(137);
    }

    @Test
    void zeroGraceKillsAtOnce() {
        PodDescription pod = pod("quick").container(shell("app", "exec sleep 60")).build();
        sync(pod);
        ContainerStatus running = awaitContainer(pod, "app", ContainerState.RUNNING);
        runtime.killPod(pod, runtime.getPods(false).get(0), Duration.ZERO);
        String uuid = uuidOf(running.id());
        assertThat(fake.commands()).contains("stop --force " + uuid).doesNotContain("stop " + uuid);
    }

    // ------------------------------------------------------------------ logs

    @Test
    void logsSupportTailSinceTimestampsAndFollow() {
        PodDescription pod = pod("logger").restartPolicy(RestartPolicy.NEVER)
                .container(shell("app", "echo one; echo two; sleep 0.3; echo three; sleep 0.5; echo four")).build();
        sync(pod);
        ContainerId id = runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace()).findContainer("app").orElseThrow().id();

        String followed = logs(id, LogOptions.ALL.withFollow(true));

        assertThat(followed).isEqualTo("one\ntwo\nthree\nfour\n");
        assertThat(logs(id, LogOptions.ALL.withTailLines(2))).isEqualTo("three\nfour\n");
        assertThat(logs(id, LogOptions.ALL.withTailLines(0))).isEmpty();
        String stamped = logs(id, LogOptions.ALL.withTimestamps(true));
        List<String> lines = stamped.lines().toList();
        assertThat(lines).hasSize(4);
        Instant threeAt = Instant.parse(lines.get(2).split(" ", 2)[0]);
        assertThat(lines.get(2)).endsWith(" three");
        assertThat(logs(id, LogOptions.ALL.withSince(threeAt))).isEqualTo("three\nfour\n");
        assertThat(logs(id, LogOptions.ALL.withSince(Instant.now().plusSeconds(3600)))).isEmpty();
        assertThat(logs(new ContainerId("rkt", uuidOf(id)), LogOptions.ALL)).as("the rkt pod's whole output").contains("one", "four");
    }

    @Test
    void followRespondsToInterruption() throws Exception {
        PodDescription pod = pod("forever").container(shell("app", "echo hi; exec sleep 60")).build();
        sync(pod);
        ContainerId id = awaitContainer(pod, "app", ContainerState.RUNNING).id();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread follower = new Thread(() -> {
            try {
                logs(id, LogOptions.ALL.withFollow(true));
            } catch (Throwable t) {
                thrown.set(t);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        follower.start();
        Thread.sleep(300);
        follower.interrupt();
        follower.join(5000);
        assertThat(follower.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOfSatisfying(ContainerRuntimeException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INTERRUPTED));
        assertThat(flag.get()).isTrue();
    }

    // ------------------------------------------------------------------ images

    @Test
    void imageServiceFetchesListsAndRemoves() {
        var images = runtime.imageService();
        List<String> progress = new java.util.ArrayList<>();
        PullProgressListener listener = (image, status, current, total) -> progress.add(status);

        String id = images.pull("busybox:1.36", null, Duration.ofSeconds(10), listener);

        assertThat(id).startsWith("sha512-");
        assertThat(progress).contains("Fetching", "Fetch complete");
        assertThat(fake.commands()).contains("fetch --full --pull-policy=update docker://busybox:1.36");
        assertThat(images.isPresent("busybox:1.36")).isTrue();
        assertThat(images.isPresent("docker.io/library/busybox:1.36")).isTrue();
        assertThat(images.isPresent("busybox:1.35")).isFalse();
        assertThat(images.inspect(id)).get().satisfies(i ->
                assertThat(i.repoTags()).containsExactly("registry-1.docker.io/library/busybox:1.36"));
        assertThat(images.list()).hasSize(1);
        assertThat(images.stats().imageCount()).isEqualTo(1);
        assertThat(images.stats().usedBytes()).isPositive();
        images.remove("busybox:1.36");
        assertThat(images.isPresent("busybox:1.36")).isFalse();
        images.remove("busybox:1.36");
        assertThatThrownBy(() -> images.pull("Not A Ref", null, Duration.ofSeconds(5), PullProgressListener.NONE))
                .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ARGUMENT));
    }

    @Test
    void failedFetchCarriesRktsMessage() {
        assertThatThrownBy(() -> runtime.imageService().pull("does-not-exist:1", null, Duration.ofSeconds(5), PullProgressListener.NONE))
                .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.IMAGE_PULL_FAILED);
                    assertThat(e.getMessage()).contains("fetch").contains("254").contains("image not found");
                });
        try (RktContainerRuntime strict = new RktContainerRuntime(fake.config().insecureOptions(List.of()).build())) {
            assertThatThrownBy(() -> strict.imageService().pull("busybox", null, Duration.ofSeconds(5), PullProgressListener.NONE))
                    .hasMessageContaining("--insecure-options=image");
        }
    }

    @Test
    void credentialsGoToRktAsADockerAuthUserConfig() {
        runtime.imageService().pull("registry.example.com/team/app:2", new RegistryCredentials("registry.example.com", "u", "p", null),
                Duration.ofSeconds(5), PullProgressListener.NONE);
        assertThat(fake.commands()).anyMatch(c -> c.equals("fetch --full --pull-policy=update docker://registry.example.com/team/app:2"));
        assertThat(tmp.resolve("corral-state/tmp")).isEmptyDirectory();
    }

    @Test
    void pullPolicyNeverFailsForAnAbsentImage() {
        PodDescription pod = pod("never").container(ContainerDescription.builder("app", "busybox:9")
                .imagePullPolicy(ImagePullPolicy.NEVER).command("true").build()).build();
        PodSyncResult result = sync(pod);
        assertThat(result.failures()).singleElement().satisfies(s -> assertThat(s.error()).isEqualTo(SyncErrorReason.ERR_IMAGE_NEVER_PULL));
        assertThat(runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace()).isEmpty()).isTrue();
    }

    @Test
    void failedPullIsAStepAndKeepsTheRunningPod() {
        PodDescription pod = pod("pull").container(ContainerDescription.builder("app", "does-not-exist:1").command("true").build()).build();
        PodSyncResult result = sync(pod);
        assertThat(result.failures()).singleElement().satisfies(s -> {
            assertThat(s.action()).isEqualTo(SyncAction.START_CONTAINER);
            assertThat(s.error()).isEqualTo(SyncErrorReason.ERR_IMAGE_PULL);
            assertThat(s.message()).contains("image not found");
        });
    }

    @Test
    void imageExecIsUsedWhenTheContainerHasNoCommand() {
        PodDescription pod = pod("default-exec").container(ContainerDescription.builder("app", "busybox").build()).build();
        assertThat(sync(pod).succeeded()).isTrue();
        ContainerStatus app = awaitContainer(pod, "app", ContainerState.RUNNING);
        assertThat(fake.manifestOf(uuidOf(app.id()))).contains("\"exec\":[\"sleep\",\"3600\"]");
    }

    // ------------------------------------------------------------------ configuration reaching rkt

    @Test
    void stage1AndHostNetworkReachPrepare() {
        try (RktContainerRuntime custom = new RktContainerRuntime(fake.config().stage1Name("coreos.com/rkt/stage1-fly:1.30.0")
                .stage1Path(Path.of("/usr/lib/rkt/stage1-images/stage1-fly.aci")).build())) {
            PodDescription pod = pod("fly").hostNetwork(true).container(shell("app", "exec sleep 60")).build();
            custom.syncPod(pod, PodStatus.empty(pod.uid(), pod.name(), pod.namespace()), List.of(), backoff);
            String uuid = uuidOf(awaitContainer(pod, "app", ContainerState.RUNNING).id());
            assertThat(fake.prepareArgsOf(uuid)).contains("--quiet", "--pod-manifest=", "--stage1-name=coreos.com/rkt/stage1-fly:1.30.0",
                    "--stage1-path=/usr/lib/rkt/stage1-images/stage1-fly.aci", "--net=host");
        }
    }

    @Test
    void systemdRunSupervisesThePodAsATransientUnit() throws Exception {
        try (RktContainerRuntime viaSystemd = new RktContainerRuntime(fake.config().supervisor(RktConfig.Supervisor.SYSTEMD_RUN)
                .systemdRunBinary(fake.systemdRun).build())) {
            PodDescription pod = pod("unit").container(shell("app", "echo from a unit; exec sleep 60")).build();
            PodSyncResult result = viaSystemd.syncPod(pod, PodStatus.empty(pod.uid(), pod.name(), pod.namespace()), List.of(), backoff);
            assertThat(result.succeeded()).as(result.toString()).isTrue();
            ContainerStatus app = awaitContainer(pod, "app", ContainerState.RUNNING);
            String uuid = uuidOf(app.id());
            assertThat(java.nio.file.Files.readAllLines(fake.systemdRun.resolveSibling("systemd-run.args")))
                    .contains("--unit=corral-rkt-" + uuid + ".service", "--collect");
            await().atMost(Duration.ofSeconds(5)).until(() -> logs(app.id(), LogOptions.ALL).equals("from a unit\n"));
        }
    }

    @Test
    void volumesAreHostDirectoriesThatOutliveGenerations() throws Exception {
        Path host = java.nio.file.Files.createDirectories(tmp.resolve("host"));
        PodDescription pod = pod("vols")
                .volume(Volume.EmptyDir.of("scratch"))
                .volume(new Volume.HostPath("data", host.toString()))
                .volume(new Volume.PreparedFiles("secret", List.of(new io.corral.runtime.spi.PreparedFile("token", "s3cr3t".getBytes(StandardCharsets.UTF_8), 0400)), true))
                .container(ContainerDescription.builder("app", "busybox").command("sh", "-c", "exec sleep 60")
                        .mount("scratch", "/scratch", false).mount("data", "/data", true).mount("secret", "/var/run/secret", true).build())
                .build();
        sync(pod);
        String uuid = uuidOf(awaitContainer(pod, "app", ContainerState.RUNNING).id());
        JsonNode manifest = MAPPER.readTree(fake.manifestOf(uuid));
        assertThat(manifest.path("volumes").findValuesAsText("kind")).containsOnly("host");
        assertThat(manifest.path("volumes").findValuesAsText("source")).contains(host.toString())
                .anyMatch(s -> s.startsWith("/dev/shm/"));
        assertThat(manifest.path("apps").get(0).path("app").path("mountPoints").findValuesAsText("path"))
                .containsExactly("/scratch", "/data", "/var/run/secret");
        String secretDir = manifest.path("volumes").findValuesAsText("source").stream().filter(s -> s.startsWith("/dev/shm/")).findFirst().orElseThrow();
        assertThat(Path.of(secretDir, "token")).hasContent("s3cr3t");
        Pod p = runtime.getPods(false).get(0);
        runtime.killPod(pod, p, Duration.ZERO);
        runtime.deleteContainer(p.sandboxes().get(0).id());
        assertThat(Path.of(secretDir)).doesNotExist();
    }

    @Test
    void memoryEmptyDirIsUnsupported() {
        PodDescription pod = pod("tmpfs").volume(new Volume.EmptyDir("mem", Volume.Medium.MEMORY, 0))
                .container(ContainerDescription.builder("app", "busybox").command("true").mount("mem", "/mem", false).build()).build();
        assertThat(sync(pod).failures()).singleElement().satisfies(s -> {
            assertThat(s.error()).isEqualTo(SyncErrorReason.UNSUPPORTED);
            assertThat(s.message()).contains("pod.volumes[mem].medium");
        });
        PodDescription tty = pod("tty").container(ContainerDescription.builder("app", "busybox").command("sh").tty(true).build()).build();
        assertThat(sync(tty).failures()).singleElement().satisfies(s -> assertThat(s.message()).contains("tty"));
        assertThat(runtime.getPodStatus(tty.uid(), tty.name(), tty.namespace()).isEmpty()).isTrue();
    }

    // ------------------------------------------------------------------ rkt's own failures

    @Test
    void exitStatus254BecomesAnExceptionWithCommandAndStderr() {
        fake.fail("list", "list: cannot open pods directory: permission denied");
        assertThatThrownBy(() -> runtime.getPods(true)).isInstanceOfSatisfying(ContainerRuntimeException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INTERNAL);
            assertThat(e.getMessage()).contains("list --format=json").contains("254").contains("permission denied");
        });
    }

    @Test
    void unparsableOutputIsAnErrorNotADefault() {
        fake.garbage("list");
        assertThatThrownBy(() -> runtime.getPodStatus("uid", "n", "ns")).isInstanceOfSatisfying(ContainerRuntimeException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INTERNAL);
            assertThat(e.getMessage()).contains("unparsable output").contains("list --format=json").contains("this is not JSON");
        });
        fake.heal("list");
        fake.garbage("image-list");
        assertThatThrownBy(() -> runtime.imageService().list()).hasMessageContaining("unparsable output");
    }

    @Test
    void hungCommandTimesOut() {
        fake.hang("list");
        try (RktContainerRuntime impatient = new RktContainerRuntime(fake.config().commandTimeout(Duration.ofMillis(500)).build())) {
            assertThatThrownBy(() -> impatient.getPods(true)).isInstanceOfSatisfying(ContainerRuntimeException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
                assertThat(e.getMessage()).contains("list --format=json").contains("PT0.5S");
            });
        }
    }

    @Test
    void failedPrepareIsAFailedSandboxStep() {
        fake.fail("prepare", "prepare: error setting up stage0: disk full");
        PodDescription pod = pod("noprep").container(shell("app", "exec sleep 60")).build();
        PodSyncResult result = sync(pod);
        assertThat(result.failures()).singleElement().satisfies(s -> {
            assertThat(s.action()).isEqualTo(SyncAction.CREATE_POD_SANDBOX);
            assertThat(s.error()).isEqualTo(SyncErrorReason.CREATE_POD_SANDBOX_ERROR);
            assertThat(s.message()).contains("prepare --quiet").contains("disk full");
        });
    }

    @Test
    void rktFailureDuringSyncIsTheSyncError() {
        fake.fail("list", "list: boom");
        PodDescription pod = pod("broken").container(shell("app", "true")).build();
        PodSyncResult result = runtime.syncPod(pod, PodStatus.empty(pod.uid(), pod.name(), pod.namespace()), List.of(), backoff);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.syncError()).isNotNull();
        assertThat(result.syncError().getMessage()).contains("boom");
    }

    // ------------------------------------------------------------------ garbage collection

    @Test
    void gcRemovesExitedPodsOnItsSchedule() {
        try (RktContainerRuntime collecting = new RktContainerRuntime(fake.config().gcInterval(Duration.ofMillis(300))
                .gcGracePeriod(Duration.ZERO).build())) {
            PodDescription pod = pod("gc").restartPolicy(RestartPolicy.NEVER).container(shell("app", "echo bye")).build();
            collecting.syncPod(pod, PodStatus.empty(pod.uid(), pod.name(), pod.namespace()), List.of(), backoff);
            await().atMost(Duration.ofSeconds(10)).until(() -> fake.commands().stream().anyMatch(c -> c.startsWith("gc --grace-period=0s"))
                    && collecting.getPodStatus(pod.uid(), pod.name(), pod.namespace()).isEmpty());
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(fake.stateDir.resolve("logs")).isDirectoryNotContaining("glob:**.log"));
        }
    }
}
