package io.corral.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HostConfig;
import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.ContainerAttacher;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.ContainerRuntimes;
import io.corral.runtime.spi.ContainerState;
import io.corral.runtime.spi.ContainerStatus;
import io.corral.runtime.spi.DnsConfig;
import io.corral.runtime.spi.ExecResult;
import io.corral.runtime.spi.LogOptions;
import io.corral.runtime.spi.Pod;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PortMapping;
import io.corral.runtime.spi.PreparedFile;
import io.corral.runtime.spi.Resources;
import io.corral.runtime.spi.RestartPolicy;
import io.corral.runtime.spi.RuntimeStatus;
import io.corral.runtime.spi.SyncAction;
import io.corral.runtime.spi.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** Docker-specific behaviour on the real engine, beyond the conformance kit. */
class DockerRuntimeIT {
    private static final String IMAGE = DockerTestSupport.TEST_IMAGE;
    private static final String FOREVER = "sleep 3600";
    private static Path root;
    private static DockerContainerRuntime runtime;
    private final List<String> uids = new CopyOnWriteArrayList<>();
    private final Backoff backoff = Backoff.withDefaults(Clock.systemUTC());

    @BeforeAll
    static void engine() {
        DockerTestSupport.assumeEngine();
        root = DockerTestSupport.newVolumesRoot();
        runtime = new DockerContainerRuntime(DockerTestSupport.config(root));
        DockerTestSupport.ensureTestImage(runtime);
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
        DockerTestSupport.deleteRecursively(root);
    }

    @AfterEach
    void removePods() {
        DockerTestSupport.removePods(runtime, uids);
    }

    private PodDescription.Builder pod(String name) {
        String uid = UUID.randomUUID().toString();
        uids.add(uid);
        return PodDescription.builder(uid, "it-" + name + "-" + uid.substring(0, 6), "docker-it")
                .terminationGrace(Duration.ofSeconds(1));
    }

    private static ContainerDescription.Builder sh(String name, String script) {
        return ContainerDescription.builder(name, IMAGE).command("sh", "-c", script);
    }

    private PodStatus status(PodDescription pod) {
        return runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace());
    }

    private PodStatus syncUntil(PodDescription pod, java.util.function.Predicate<PodStatus> condition) {
        AtomicReference<PodStatus> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).pollDelay(Duration.ZERO).until(() -> {
            runtime.syncPod(pod, status(pod), List.of(), backoff);
            last.set(status(pod));
            return condition.test(last.get());
        });
        return last.get();
    }

    private PodStatus syncUntilRunning(PodDescription pod) {
        return syncUntil(pod, s -> pod.containers().stream().allMatch(c -> s.isRunning(c.name())));
    }

    private static ContainerId id(PodStatus status, String name) {
        return status.findContainer(name).orElseThrow().id();
    }

    private static ExecResult exec(ContainerId id, String script) {
        return runtime.commandRunner().orElseThrow().runInContainer(id, List.of("sh", "-c", script), Duration.ofSeconds(20));
    }

    private static InspectContainerResponse inspect(ContainerId id) {
        return runtime.clients().quick().inspectContainerCmd(id.id()).exec();
    }

    @Test
    void oomKillReportsOomKilledWithExitCode137() {
        PodDescription pod = pod("oom").restartPolicy(RestartPolicy.NEVER)
                .container(sh("hog", "x=$(head -c 200m /dev/zero | tr '\\0' a); echo ${#x}")
                        .resources(new Resources(0, 0, 0, 24L << 20)).build()).build();

        PodStatus status = syncUntil(pod, s -> s.findContainer("hog").filter(c -> c.state() == ContainerState.EXITED).isPresent());

        ContainerStatus hog = status.findContainer("hog").orElseThrow();
        assertThat(hog.reason()).isEqualTo(ContainerStatus.REASON_OOM_KILLED);
        assertThat(hog.exitCode()).isEqualTo(137);
        assertThat(inspect(hog.id()).getState().getOOMKilled()).isTrue();
    }

    @Test
    void resourcesBecomeEngineSettings() {
        PodDescription pod = pod("resources")
                .container(sh("app", FOREVER).resources(new Resources(250, 500, 32L << 20, 64L << 20)).build()).build();

        PodStatus status = syncUntilRunning(pod);

        HostConfig host = inspect(id(status, "app")).getHostConfig();
        assertThat(host.getCpuShares()).isEqualTo(256);
        assertThat(host.getCpuPeriod()).isEqualTo(100_000L);
        assertThat(host.getCpuQuota()).isEqualTo(50_000L);
        assertThat(host.getMemory()).isEqualTo(64L << 20);
        assertThat(host.getMemoryReservation()).isEqualTo(32L << 20);
    }

    @Test
    void memoryEmptyDirIsOneSharedTmpfsWithItsSizeLimit() {
        PodDescription pod = pod("tmpfs")
                .volume(new Volume.EmptyDir("scratch", Volume.Medium.MEMORY, 8L << 20))
                .container(sh("writer", "echo from-writer > /scratch/f; " + FOREVER).mount("scratch", "/scratch", false).build())
                .container(sh("reader", FOREVER).mount("scratch", "/mnt/s", false).build()).build();

        PodStatus status = syncUntilRunning(pod);
        ContainerId reader = id(status, "reader");

        String mounts = exec(reader, "grep ' /mnt/s ' /proc/mounts").stdoutText();
        assertThat(mounts).startsWith("tmpfs /mnt/s tmpfs ").contains("size=8192k");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(exec(reader, "cat /mnt/s/f").stdoutText()).isEqualTo("from-writer\n"));
        assertThat(exec(id(status, "writer"), "grep ' /scratch ' /proc/mounts").stdoutText()).startsWith("tmpfs /scratch tmpfs ");
    }

    @Test
    void secretsLiveOnTmpfsAndNeverOnTheHostDisk() throws IOException {
        PodDescription pod = pod("secret")
                .volume(new Volume.PreparedFiles("creds", List.of(
                        new PreparedFile("token", "t0p-s3cret".getBytes(StandardCharsets.UTF_8), 0400)), true))
                .container(sh("app", FOREVER).mount("creds", "/var/run/creds", false).build()).build();

        ContainerId app = id(syncUntilRunning(pod), "app");

        assertThat(exec(app, "cat /var/run/creds/token").stdoutText()).isEqualTo("t0p-s3cret");
        assertThat(exec(app, "grep ' /var/run/creds ' /proc/mounts").stdoutText()).startsWith("tmpfs /var/run/creds tmpfs ro,");
        assertThat(exec(app, "stat -c %a /var/run/creds/token").stdoutText().trim()).isEqualTo("400");
        assertThat(exec(app, "echo x > /var/run/creds/token").exitCode()).as("read-only mount").isNotZero();
        String mountpoint = runtime.clients().quick().inspectVolumeCmd(PodVolumes.dockerVolumeName(pod.uid(), "creds"))
                .exec().getMountpoint();
        List<String> hostMounts = Files.readAllLines(Path.of("/proc/mounts"));
        assertThat(hostMounts).as("the volume's host mount point is a tmpfs")
                .anyMatch(line -> line.startsWith("tmpfs " + mountpoint + " tmpfs "));
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).as("nothing under the volumes root").isEmpty();
        }
    }

    @Test
    void sidecarServesWhatAnotherContainerWritesAndAThirdReadsItOverLocalhost() {
        PodDescription pod = pod("sidecar")
                .volume(Volume.EmptyDir.of("www"))
                .container(sh("content", "while true; do date +%s > /www/index.html; echo generated >> /www/index.html; sleep 1; done")
                        .mount("www", "/www", false).build())
                .container(sh("server", "httpd -f -p 8080 -h /srv").mount("www", "/srv", true).build())
                .container(sh("client", FOREVER).build()).build();

        ContainerId client = id(syncUntilRunning(pod), "client");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                exec(client, "wget -q -O - http://localhost:8080/index.html").stdoutText()).endsWith("generated\n"));
    }

    @Test
    void ambassadorForwardsLocalhostToAnotherPod() {
        PodDescription backend = pod("backend")
                .container(sh("web", "mkdir -p /tmp/w && echo backend-data > /tmp/w/index.html && httpd -f -p 8080 -h /tmp/w").build())
                .build();
        String backendIp = syncUntilRunning(backend).ips().get(0);
        PodDescription pod = pod("ambassador")
                .container(sh("ambassador", "nc -ll -p 9000 -e nc " + backendIp + " 8080").build())
                .container(sh("app", FOREVER).build()).build();

        ContainerId app = id(syncUntilRunning(pod), "app");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                exec(app, "wget -q -O - http://127.0.0.1:9000/index.html").stdoutText()).isEqualTo("backend-data\n"));
    }

    @Test
    void containersOfAPodShareNetworkAndIpcNamespacesButNotMounts() {
        PodDescription pod = pod("namespaces")
                .container(sh("a", FOREVER).build()).container(sh("b", FOREVER).build()).build();
        PodStatus status = syncUntilRunning(pod);
        ContainerId a = id(status, "a");
        ContainerId b = id(status, "b");

        for (String ns : List.of("net", "ipc")) {
            assertThat(exec(a, "readlink /proc/self/ns/" + ns).stdoutText())
                    .as(ns + " namespace").isEqualTo(exec(b, "readlink /proc/self/ns/" + ns).stdoutText());
        }
        assertThat(exec(a, "readlink /proc/self/ns/mnt").stdoutText()).isNotEqualTo(exec(b, "readlink /proc/self/ns/mnt").stdoutText());
        String sandbox = status.sandboxes().get(0).id().id();
        assertThat(inspect(a).getHostConfig().getNetworkMode()).isEqualTo("container:" + sandbox);
        assertThat(inspect(a).getHostConfig().getIpcMode()).isEqualTo("container:" + sandbox);
    }

    @Test
    void netNsIsTheSandboxNetworkNamespace() throws IOException {
        PodDescription pod = pod("netns").container(sh("app", FOREVER).build()).build();
        PodStatus status = syncUntilRunning(pod);
        ContainerId app = id(status, "app");

        String path = runtime.getNetNs(app).orElseThrow();
        String sandboxPath = runtime.getNetNs(status.sandboxes().get(0).id()).orElseThrow();

        assertThat(path).isEqualTo(sandboxPath).matches("/proc/\\d+/ns/net");
        Long appPid = inspect(app).getState().getPidLong();
        assertThat(Files.readSymbolicLink(Path.of(path)))
                .isEqualTo(Files.readSymbolicLink(Path.of("/proc/" + appPid + "/ns/net")));
    }

    @Test
    void hostnameDnsEnvCommandArgsAndWorkingDirReachTheContainer() {
        PodDescription pod = pod("config").hostname("my-host")
                .dnsConfig(new DnsConfig(List.of("10.96.0.10"), List.of("docker-it.svc.cluster.local"), List.of("ndots:5")))
                .container(ContainerDescription.builder("app", IMAGE).command("sh", "-c").args("echo \"$GREETING $0\"; " + FOREVER, "arg0")
                        .workingDir("/tmp").env("GREETING", "hello").build()).build();

        ContainerId app = id(syncUntilRunning(pod), "app");

        assertThat(exec(app, "hostname").stdoutText()).isEqualTo("my-host\n");
        String resolv = exec(app, "cat /etc/resolv.conf").stdoutText();
        assertThat(resolv).contains("nameserver 10.96.0.10").contains("search docker-it.svc.cluster.local").contains("options ndots:5");
        assertThat(exec(app, "pwd").stdoutText()).isEqualTo("/tmp\n");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            runtime.getContainerLogs(pod, app, LogOptions.ALL, out, out);
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello arg0\n");
        });
    }

    @Test
    void hostNetworkPodsShareTheHostNetworkNamespaceAndHaveNoNetNsPath() throws IOException {
        PodDescription pod = pod("host-net").hostNetwork(true).container(sh("app", FOREVER).build()).build();

        ContainerId app = id(syncUntilRunning(pod), "app");

        assertThat(runtime.getNetNs(app)).isEmpty();
        assertThat(exec(app, "readlink /proc/self/ns/net").stdoutText().trim())
                .isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString());
    }

    @Test
    void portForwardReachesAServerListeningOnlyOnThePodLoopback() {
        PodDescription pod = pod("forward")
                .container(sh("web", "mkdir -p /tmp/w && echo loopback-only > /tmp/w/index.html && httpd -f -p 127.0.0.1:8080 -h /tmp/w").build())
                .build();
        PodStatus status = syncUntilRunning(pod);
        ContainerId sandbox = status.sandboxes().get(0).id();
        var forwarder = runtime.portForwarder().orElseThrow();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            forwarder.portForward(sandbox, 8080, new java.io.ByteArrayInputStream(
                    "GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), answer);
            assertThat(answer.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.").endsWith("loopback-only\n");
        });
        assertThatThrownBy(() -> forwarder.portForward(sandbox, 8081, new java.io.ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream())).isInstanceOf(ContainerRuntimeException.class).hasMessageContaining("8081");
        assertThatThrownBy(() -> forwarder.portForward(id(status, "web"), 8080, new java.io.ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream())).isInstanceOf(ContainerRuntimeException.class)
                .satisfies(e -> assertThat(((ContainerRuntimeException) e).reason()).isEqualTo(Reason.POD_NOT_FOUND));
    }

    @Test
    void hostPortsArePublishedOnTheSandbox() throws Exception {
        int hostPort;
        try (ServerSocket free = new ServerSocket(0)) {
            hostPort = free.getLocalPort();
        }
        PodDescription pod = pod("ports")
                .container(sh("web", "mkdir -p /tmp/w && echo published > /tmp/w/index.html && httpd -f -p 8080 -h /tmp/w")
                        .port(new PortMapping(8080, hostPort, PortMapping.Protocol.TCP)).build()).build();
        syncUntilRunning(pod);

        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hostPort + "/index.html"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("published\n");
        });
    }

    @Test
    void initContainersRunInOrderBeforeTheApp() {
        PodDescription pod = pod("init-order").volume(Volume.EmptyDir.of("work"))
                .initContainer(sh("first", "echo 1 >> /work/order").mount("work", "/work", false).build())
                .initContainer(sh("second", "echo 2 >> /work/order").mount("work", "/work", false).build())
                .container(sh("app", "cat /work/order; " + FOREVER).mount("work", "/work", false).build()).build();

        PodStatus status = syncUntilRunning(pod);

        assertThat(exec(id(status, "app"), "cat /work/order").stdoutText()).isEqualTo("1\n2\n");
        assertThat(status.findContainer("first").orElseThrow().finishedAt())
                .isBeforeOrEqualTo(status.findContainer("second").orElseThrow().startedAt());
    }

    @Test
    void emptyDirIsRemovedWithThePodAndAPersistentDirectoryStays() throws IOException {
        Path kept = Files.createTempDirectory("corral-docker-pvc-");
        try {
            PodDescription pod = pod("cleanup").volume(Volume.EmptyDir.of("cache"))
                    .volume(new Volume.PersistentDirectory("data", kept.resolve("claim").toString()))
                    .container(sh("app", "echo x > /cache/f; echo y > /data/f; " + FOREVER)
                            .mount("cache", "/cache", false).mount("data", "/data", false).build()).build();
            syncUntilRunning(pod);
            Path podDir = root.resolve(pod.uid());
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(podDir.resolve("volumes/cache/f")));

            DockerTestSupport.removePods(runtime, List.of(pod.uid()));

            assertThat(podDir).doesNotExist();
            assertThat(kept.resolve("claim/f")).hasContent("y");
        } finally {
            DockerTestSupport.deleteRecursively(kept);
        }
    }

    @Test
    void aNewRuntimeInstanceFindsThePodsAgainAndTakesNoStep() {
        PodDescription pod = pod("recover").volume(new Volume.PreparedFiles("cfg",
                        List.of(new PreparedFile("a.conf", "k=v".getBytes(StandardCharsets.UTF_8), 0644)), false))
                .container(sh("app", FOREVER).mount("cfg", "/cfg", true).build()).build();
        PodStatus before = syncUntilRunning(pod);

        try (DockerContainerRuntime restarted = new DockerContainerRuntime(DockerTestSupport.config(root))) {
            Pod found = restarted.getPods(false).stream().filter(p -> p.uid().equals(pod.uid())).findFirst().orElseThrow();
            assertThat(found.name()).isEqualTo(pod.name());
            assertThat(found.namespace()).isEqualTo(pod.namespace());
            assertThat(found.findContainer("app").orElseThrow().hash()).isEqualTo(pod.containers().get(0).hash());
            assertThat(found.sandboxes()).hasSize(1);
            PodStatus status = restarted.getPodStatus(pod.uid(), pod.name(), pod.namespace());
            assertThat(id(status, "app")).isEqualTo(id(before, "app"));

            assertThat(restarted.syncPod(pod, status, List.of(), backoff).steps()).isEmpty();
        }
    }

    @Test
    void aDeadSandboxIsReplacedAndTheContainersRestartInTheNewOne() {
        PodDescription pod = pod("sandbox-dies").container(sh("app", FOREVER).build()).build();
        PodStatus before = syncUntilRunning(pod);
        String oldSandbox = before.sandboxes().get(0).id().id();
        runtime.clients().quick().killContainerCmd(oldSandbox).exec();

        PodStatus after = syncUntil(pod, s -> s.isRunning("app") && s.sandboxes().stream().anyMatch(
                sb -> sb.ready() && !sb.id().id().equals(oldSandbox)));

        ContainerStatus app = after.findContainer("app").orElseThrow();
        assertThat(app.restartCount()).isEqualTo(1);
        assertThat(app.id()).isNotEqualTo(id(before, "app"));
        String newSandbox = after.sandboxes().stream().filter(sb -> sb.ready()).findFirst().orElseThrow().id().id();
        assertThat(inspect(app.id()).getHostConfig().getNetworkMode()).isEqualTo("container:" + newSandbox);
        assertThat(after.sandboxes()).extracting(sb -> sb.id().id()).doesNotContain(oldSandbox);
    }

    @Test
    void aChangedHostnameGivesThePodANewSandbox() {
        PodDescription pod = pod("rename").hostname("first").container(sh("app", FOREVER).build()).build();
        ContainerId first = id(syncUntilRunning(pod), "app");

        PodDescription renamed = pod.toBuilder().hostname("second").build();
        PodStatus status = syncUntil(renamed, s -> s.isRunning("app") && !id(s, "app").equals(first));

        assertThat(exec(id(status, "app"), "hostname").stdoutText()).isEqualTo("second\n");
        assertThat(status.sandboxes()).hasSize(1);
    }

    @Test
    void containersWithoutOurLabelsAreNeverTouched() {
        DockerClient docker = runtime.clients().quick();
        String uid = UUID.randomUUID().toString();
        String foreign = docker.createContainerCmd(IMAGE).withCmd("sleep", "3600")
                .withLabels(Map.of(DockerLabels.POD_UID, uid, DockerLabels.CONTAINER_NAME, "app"))
                .withName("not-corral-" + uid.substring(0, 8)).exec().getId();
        try {
            docker.startContainerCmd(foreign).exec();
            ContainerId id = DockerTestSupport.idOf(foreign);

            assertThat(runtime.getPods(true)).extracting(Pod::uid).doesNotContain(uid);
            assertThat(runtime.getPodStatus(uid, "x", "y").isEmpty()).isTrue();
            Pod forged = new Pod(uid, "x", "y", List.of(new io.corral.runtime.spi.Container(id, "app", IMAGE, ContainerState.RUNNING, 0)), List.of());
            assertThat(runtime.killPod(null, forged, Duration.ZERO).steps()).isEmpty();
            assertThatThrownBy(() -> runtime.deleteContainer(id)).isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(((ContainerRuntimeException) e).reason()).isEqualTo(Reason.CONTAINER_NOT_FOUND))
                    .hasMessageContaining("not created by Corral");
            assertThatThrownBy(() -> exec(id, "true")).isInstanceOf(ContainerRuntimeException.class);
            assertThatThrownBy(() -> runtime.getNetNs(id)).isInstanceOf(ContainerRuntimeException.class);

            assertThat(docker.inspectContainerCmd(foreign).exec().getState().getRunning()).as("still running").isTrue();
        } finally {
            docker.removeContainerCmd(foreign).withForce(true).exec();
        }
    }

    @Test
    void followedLogsEndWhenTheContainerExitsAndHonourSince() {
        PodDescription pod = pod("follow").restartPolicy(RestartPolicy.NEVER)
                .container(sh("app", "echo early; sleep 2; echo late; sleep 1").build()).build();
        ContainerId app = id(syncUntilRunning(pod), "app");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Instant start = Instant.now();
        runtime.getContainerLogs(pod, app, LogOptions.ALL.withFollow(true), out, out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("early\nlate\n");
        assertThat(Duration.between(start, Instant.now())).isGreaterThan(Duration.ofMillis(500));
        ByteArrayOutputStream stamped = new ByteArrayOutputStream();
        runtime.getContainerLogs(pod, app, LogOptions.ALL.withTimestamps(true), stamped, stamped);
        Instant late = Instant.parse(stamped.toString(StandardCharsets.UTF_8).lines().toList().get(1).split(" ")[0]);
        ByteArrayOutputStream since = new ByteArrayOutputStream();
        runtime.getContainerLogs(pod, app, LogOptions.ALL.withSince(late), since, since);
        assertThat(since.toString(StandardCharsets.UTF_8)).isEqualTo("late\n");
    }

    @Test
    void followingLogsStopsOnInterruption() throws Exception {
        PodDescription pod = pod("follow-interrupt").container(sh("app", "echo started; " + FOREVER).build()).build();
        ContainerId app = id(syncUntilRunning(pod), "app");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread follower = new Thread(() -> {
            try {
                runtime.getContainerLogs(pod, app, LogOptions.ALL.withFollow(true), new ByteArrayOutputStream(), new ByteArrayOutputStream());
            } catch (Throwable t) {
                failure.set(t);
                flag.set(Thread.currentThread().isInterrupted());
            }
        });
        follower.start();
        Thread.sleep(500);
        follower.interrupt();
        follower.join(10_000);

        assertThat(follower.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(ContainerRuntimeException.class);
        assertThat(((ContainerRuntimeException) failure.get()).reason()).isEqualTo(Reason.INTERRUPTED);
        assertThat(flag.get()).as("interrupt flag kept").isTrue();
    }

    @Test
    void attachStreamsOutputAndDetachingLeavesTheContainerRunning() throws Exception {
        PodDescription pod = pod("attach").container(sh("app", "while true; do echo tick; sleep 0.2; done").build()).build();
        ContainerId app = id(syncUntilRunning(pod), "app");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ContainerAttacher attacher = runtime.attacher().orElseThrow();

        try (ContainerAttacher.Attachment attachment = attacher.attach(app, (InputStream) null, out, out, false)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                synchronized (out) {
                    return out.toString(StandardCharsets.UTF_8).contains("tick\ntick\n");
                }
            });
            assertThat(attachment.completion().toCompletableFuture()).isNotDone();
        }
        assertThat(status(pod).isRunning("app")).isTrue();
    }

    @Test
    void execTimeoutIsAClearTimeoutError() {
        PodDescription pod = pod("exec-timeout").container(sh("app", FOREVER).build()).build();
        ContainerId app = id(syncUntilRunning(pod), "app");

        assertThatThrownBy(() -> runtime.commandRunner().orElseThrow()
                .runInContainer(app, List.of("sleep", "10"), Duration.ofMillis(300)))
                .isInstanceOf(ContainerRuntimeException.class)
                .satisfies(e -> assertThat(((ContainerRuntimeException) e).reason()).isEqualTo(Reason.TIMEOUT))
                .hasMessageContaining("[sleep, 10]").hasMessageContaining("PT0.3S");
    }

    @Test
    void crashLoopBackOffIsReportedBetweenRestarts() {
        PodDescription pod = pod("crash").container(sh("app", "exit 1").build()).build();

        PodStatus status = syncUntil(pod, s -> s.findContainer("app")
                .filter(c -> c.restartCount() == 1 && c.state() == ContainerState.EXITED).isPresent());
        var result = runtime.syncPod(pod, status, List.of(), backoff);

        assertThat(result.find(SyncAction.START_CONTAINER, "app")).get()
                .satisfies(step -> assertThat(step.error().wireName()).isEqualTo("CrashLoopBackOff"));
        assertThat(status.containers()).filteredOn(c -> c.name().equals("app")).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void statusIsNotReadyWhileTheEngineIsUnreachableAndRecovers() throws Exception {
        try (SocketProxy proxy = new SocketProxy(Path.of("/var/run/docker.sock"));
             DockerContainerRuntime viaProxy = new DockerContainerRuntime(DockerRuntimeConfig.builder()
                     .dockerHost(proxy.dockerHost()).volumesRoot(root).requestTimeout(Duration.ofSeconds(5)).build())) {
            proxy.start();
            assertThat(viaProxy.status().ready()).isTrue();

            proxy.stop();
            RuntimeStatus down = viaProxy.status();
            assertThat(down.ready()).isFalse();
            assertThat(down.reason()).isEqualTo("DockerUnreachable");
            assertThat(down.message()).contains(proxy.dockerHost());
            assertThatThrownBy(() -> viaProxy.getPods(true)).isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(((ContainerRuntimeException) e).reason()).isEqualTo(Reason.RUNTIME_UNAVAILABLE));

            proxy.start();
            assertThat(viaProxy.status().ready()).as("ready again: %s", viaProxy.status()).isTrue();
        }
    }

    @Test
    void theProviderIsFoundByIdAndAvailable() {
        var provider = ContainerRuntimes.load().select("docker");
        assertThat(provider.availability().available()).isTrue();
        try (var created = provider.create(Map.of("volumesRoot", root.toString()))) {
            assertThat(created.type()).isEqualTo("docker");
            assertThat(created.status().ready()).isTrue();
        }
        assertThatThrownBy(() -> provider.create(Map.of("nope", "x"))).isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("nope");
    }
}
