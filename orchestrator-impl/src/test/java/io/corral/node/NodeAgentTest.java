package io.corral.node;

import static io.corral.node.Pods.container;
import static io.corral.node.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerStatus;
import io.corral.api.model.core.EmptyDirVolumeSource;
import io.corral.api.model.core.EnvVar;
import io.corral.api.model.core.EnvVarSource;
import io.corral.api.model.core.ExecAction;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodCondition;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.core.Probe;
import io.corral.api.model.core.Secret;
import io.corral.api.model.core.SecretKeySelector;
import io.corral.api.model.core.Volume;
import io.corral.api.model.core.VolumeMount;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.runtime.simulated.SimulatedRuntime;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ExecResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The node agent on the simulated runtime, in virtual time")
class NodeAgentTest {
    private final MutableClock clock = MutableClock.atEpoch2026();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Recording recording = new Recording();
    private final MapResources resources = new MapResources();
    private SimulatedRuntime runtime;
    private NodeAgent agent;

    @BeforeEach
    void setUp() {
        runtime = SimulatedRuntime.builder().nodeName("node-1").clock(clock).internalIp("192.168.1.10").build();
        agent = newAgent(recording);
    }

    private NodeAgent newAgent(Recording sink) {
        return NodeAgent.builder(NodeAgentConfig.builder("node-1").clusterDnsServers(List.of("10.96.0.10")).build(), runtime)
                .statusSink(sink).events(sink).nodeSink(sink).resources(resources)
                .meterRegistry(registry).clock(clock).build();
    }

    private static Optional<PodCondition> condition(PodStatus status, String type) {
        return status.conditions().stream().filter(c -> type.equals(c.type())).findFirst();
    }

    private static ContainerStatus containerStatus(PodStatus status, String name) {
        return status.containerStatuses().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private void tick(Duration d) {
        clock.advance(d);
        agent.runProbes();
        agent.housekeeping();
    }

    @Test
    @DisplayName("a pod reaches Running with Ready, an IP, a host IP and container events")
    void podRuns() {
        agent.podAdded(pod("web", container("app", "sleep", "infinity")));

        PodStatus status = recording.lastStatus();
        assertThat(status.phase()).isEqualTo("Running");
        assertThat(condition(status, "Ready")).map(PodCondition::status).contains("True");
        assertThat(condition(status, "ContainersReady")).map(PodCondition::status).contains("True");
        assertThat(condition(status, "Initialized")).map(PodCondition::status).contains("True");
        assertThat(condition(status, "PodScheduled")).map(PodCondition::status).contains("True");
        assertThat(status.podIP()).startsWith("10.");
        assertThat(status.hostIP()).isEqualTo("192.168.1.10");
        assertThat(status.startTime()).isEqualTo(clock.instant());
        ContainerStatus app = containerStatus(status, "app");
        assertThat(app.state().running()).isNotNull();
        assertThat(app.ready()).isTrue();
        assertThat(app.restartCount()).isZero();
        assertThat(app.containerID()).startsWith("simulated://");
        assertThat(recording.reasons()).contains("Pulled", "Created", "Started");
        assertThat(registry.get("corral.node.pod.sync").tag("outcome", "success").timer().count()).isEqualTo(1);
    }

    @Test
    @DisplayName("an unchanged pod is not reported again on resync")
    void statusOnlyWhenChanged() {
        agent.podAdded(pod("web", container("app", "sleep", "infinity")));
        int reports = recording.statuses.size();
        tick(Duration.ofSeconds(10));
        tick(Duration.ofSeconds(10));
        assertThat(recording.statuses).hasSize(reports);
        assertThat(registry.get("corral.node.pod.sync").tag("outcome", "success").timer().count()).isEqualTo(3);
    }

    @Test
    @DisplayName("readiness follows the readiness probe")
    void readinessProbe() {
        Container app = container("app", "sleep", "infinity").toBuilder()
                .readinessProbe(Probe.builder().exec(new ExecAction(List.of("cat", "/tmp/ready"))).periodSeconds(5).build())
                .build();
        agent.podAdded(pod("web", app));
        assertThat(condition(recording.lastStatus(), "Ready")).map(PodCondition::status).contains("False");

        agent.runProbes();
        assertThat(condition(recording.lastStatus(), "Ready")).map(PodCondition::status).contains("False");
        assertThat(recording.reasons()).contains("Unhealthy");

        ContainerId id = ContainerId.parse(containerStatus(recording.lastStatus(), "app").containerID());
        runtime.commandRunner().orElseThrow().runInContainer(id, List.of("touch", "/tmp/ready"), Duration.ofSeconds(1));
        tick(Duration.ofSeconds(5));
        assertThat(condition(recording.lastStatus(), "Ready")).map(PodCondition::status).contains("True");
        assertThat(containerStatus(recording.lastStatus(), "app").ready()).isTrue();
        assertThat(registry.get("corral.node.probe.results").tag("probe", "readiness").tag("result", "success")
                .counter().count()).isEqualTo(1);
    }

    @Test
    @DisplayName("a crashing container goes into CrashLoopBackOff with rising restart counts")
    void crashLoop() {
        agent.podAdded(pod("crash", container("app", "sh", "-c", "exit 1")));
        List<Integer> restarts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tick(Duration.ofSeconds(301)); // longer than any back-off delay: the next sync restarts it
            tick(Duration.ZERO);           // and the one after finds it in back-off
            restarts.add(containerStatus(recording.lastStatus(), "app").restartCount());
        }
        assertThat(restarts).isSorted().doesNotHaveDuplicates();
        ContainerStatus app = containerStatus(recording.lastStatus(), "app");
        assertThat(app.state().waiting()).isNotNull();
        assertThat(app.state().waiting().reason()).isEqualTo("CrashLoopBackOff");
        assertThat(app.lastState().terminated().exitCode()).isEqualTo(1);
        assertThat(app.lastState().terminated().reason()).isEqualTo("Error");
        assertThat(app.ready()).isFalse();
        assertThat(recording.lastStatus().phase()).isEqualTo("Running");
        assertThat(recording.reasons()).contains("BackOff");
        assertThat(registry.get("corral.node.pod.sync").tag("outcome", "backoff").timer().count()).isPositive();
    }

    @Test
    @DisplayName("back-off delays double: a crash right after a restart waits longer each time")
    void backOffDoubles() {
        agent.podAdded(pod("crash", container("app", "sh", "-c", "exit 1")));
        agent.housekeeping(); // first restart, at once
        assertThat(containerStatus(recording.lastStatus(), "app").restartCount()).isEqualTo(1);
        tick(Duration.ofSeconds(9));
        assertThat(containerStatus(recording.lastStatus(), "app").restartCount()).isEqualTo(1);
        tick(Duration.ofSeconds(1)); // 10 s back-off over
        assertThat(containerStatus(recording.lastStatus(), "app").restartCount()).isEqualTo(2);
        tick(Duration.ofSeconds(19));
        assertThat(containerStatus(recording.lastStatus(), "app").restartCount()).isEqualTo(2);
        tick(Duration.ofSeconds(1)); // 20 s back-off over
        assertThat(containerStatus(recording.lastStatus(), "app").restartCount()).isEqualTo(3);
    }

    @Test
    @DisplayName("a failing liveness probe restarts the container (Unhealthy, Killing)")
    void livenessRestart() {
        Container app = container("app", "sleep", "infinity").toBuilder()
                .livenessProbe(Probe.builder().exec(new ExecAction(List.of("cat", "/tmp/healthy")))
                        .periodSeconds(1).failureThreshold(2).build())
                .build();
        agent.podAdded(pod("live", app));
        String firstId = containerStatus(recording.lastStatus(), "app").containerID();

        agent.runProbes();
        assertThat(containerStatus(recording.lastStatus(), "app").restartCount()).isZero();
        tick(Duration.ofSeconds(1));

        ContainerStatus restarted = containerStatus(recording.lastStatus(), "app");
        assertThat(restarted.restartCount()).isEqualTo(1);
        assertThat(restarted.state().running()).isNotNull();
        assertThat(restarted.containerID()).isNotEqualTo(firstId);
        assertThat(restarted.lastState().terminated()).isNotNull();
        assertThat(recording.events).anySatisfy(e -> {
            assertThat(e.reason()).isEqualTo("Killing");
            assertThat(e.message()).contains("failed liveness probe");
        });
        assertThat(recording.events.stream().filter(e -> e.reason().equals("Unhealthy")).count()).isEqualTo(2);
        assertThat(registry.get("corral.node.probe.results").tag("probe", "liveness").tag("result", "failure")
                .counter().count()).isEqualTo(2);
    }

    @Test
    @DisplayName("a failing liveness probe kills only that container: the sidecar keeps running, the pod keeps its IP")
    void livenessKillsOnlyThatContainer() {
        Container app = container("app", "sleep", "infinity").toBuilder()
                .livenessProbe(Probe.builder().exec(new ExecAction(List.of("cat", "/tmp/healthy")))
                        .periodSeconds(1).failureThreshold(2).build())
                .build();
        Container sidecar = container("sidecar", "sleep", "infinity");
        agent.podAdded(pod("live-two", app, sidecar));
        PodStatus first = recording.lastStatus();
        ContainerStatus sidecarBefore = containerStatus(first, "sidecar");

        agent.runProbes();
        tick(Duration.ofSeconds(1));

        PodStatus after = recording.lastStatus();
        ContainerStatus restarted = containerStatus(after, "app");
        assertThat(restarted.restartCount()).isEqualTo(1);
        assertThat(restarted.containerID()).isNotEqualTo(containerStatus(first, "app").containerID());
        assertThat(restarted.state().running()).isNotNull();
        assertThat(restarted.lastState().terminated().exitCode()).as("killed after the grace period").isEqualTo(137);
        ContainerStatus sidecarAfter = containerStatus(after, "sidecar");
        assertThat(sidecarAfter.containerID()).isEqualTo(sidecarBefore.containerID());
        assertThat(sidecarAfter.restartCount()).isZero();
        assertThat(sidecarAfter.state().running().startedAt()).isEqualTo(sidecarBefore.state().running().startedAt());
        assertThat(after.podIP()).isEqualTo(first.podIP());
        assertThat(recording.events).filteredOn(e -> e.reason().equals("Killing")).singleElement().satisfies(e ->
                assertThat(e.message()).isEqualTo("Container app failed liveness probe, will be restarted"));
    }

    @Test
    @DisplayName("a startup probe that fails failureThreshold times kills only that container (Killing: failed startup probe)")
    void startupProbeKillsOnlyThatContainer() {
        Container app = container("app", "sleep", "infinity").toBuilder()
                .startupProbe(Probe.builder().exec(new ExecAction(List.of("cat", "/tmp/started")))
                        .periodSeconds(1).failureThreshold(2).build())
                .build();
        agent.podAdded(pod("slow-start", app, container("sidecar", "sleep", "infinity")));
        String sidecarId = containerStatus(recording.lastStatus(), "sidecar").containerID();

        agent.runProbes();
        tick(Duration.ofSeconds(1));

        PodStatus after = recording.lastStatus();
        assertThat(containerStatus(after, "app").restartCount()).isEqualTo(1);
        assertThat(containerStatus(after, "sidecar").containerID()).isEqualTo(sidecarId);
        assertThat(containerStatus(after, "sidecar").restartCount()).isZero();
        assertThat(recording.events).filteredOn(e -> e.reason().equals("Killing")).singleElement().satisfies(e ->
                assertThat(e.message()).isEqualTo("Container app failed startup probe, will be restarted"));
    }

    private static Container podIpUser() {
        return container("app", "sh", "-c", "echo $(URL) > /tmp/url; sleep 3600").toBuilder().env(List.of(
                new EnvVar("POD_IP", null, new EnvVarSource(new io.corral.api.model.core.ObjectFieldSelector("v1", "status.podIP"),
                        null, null, null)),
                new EnvVar("URL", "http://$(POD_IP):8080/", null))).build();
    }

    private String exec(PodStatus status, String script) {
        ContainerId id = ContainerId.parse(containerStatus(status, "app").containerID());
        return runtime.commandRunner().orElseThrow().runInContainer(id, List.of("sh", "-c", script), Duration.ofSeconds(1))
                .stdoutText();
    }

    @Test
    @DisplayName("status.podIP in the environment and command costs no restart: the runtime fills in the IP")
    void podIpWithoutRestart() {
        agent.podAdded(pod("ip", podIpUser()));
        PodStatus first = recording.lastStatus();
        tick(Duration.ofSeconds(10));

        PodStatus status = recording.lastStatus();
        assertThat(containerStatus(status, "app").restartCount()).isZero();
        assertThat(containerStatus(status, "app").containerID()).isEqualTo(containerStatus(first, "app").containerID());
        assertThat(status.podIP()).startsWith("10.");
        assertThat(exec(status, "echo $POD_IP $URL")).isEqualTo(status.podIP() + " http://" + status.podIP() + ":8080/\n");
        assertThat(exec(status, "cat /tmp/url")).isEqualTo("http://" + status.podIP() + ":8080/\n");
        assertThat(recording.events).filteredOn(e -> e.reason().equals("Started")).hasSize(1);
    }

    @Test
    @DisplayName("on a runtime that cannot fill in the pod IP, a container using it is started once more when the IP is known")
    void podIpFallbackRestartsOnce() {
        runtime = SimulatedRuntime.builder().nodeName("node-1").clock(clock).internalIp("192.168.1.10")
                .podIpPlaceholder(false).build();
        agent = newAgent(recording);
        agent.podAdded(pod("ip-fallback", podIpUser()));
        agent.housekeeping();

        PodStatus status = recording.lastStatus();
        assertThat(exec(status, "echo $POD_IP")).isEqualTo(status.podIP() + "\n");
        assertThat(exec(status, "echo $POD_IP")).doesNotContain(io.corral.runtime.spi.ContainerDescription.POD_IP_PLACEHOLDER);
        assertThat(recording.events).filteredOn(e -> e.reason().equals("Started")).hasSize(2);
    }

    @Test
    @DisplayName("the kill after a failed probe uses the probe's grace period, else the pod's, else 30 s")
    void probeGracePeriod() {
        Probe bare = Probe.builder().build();
        Pod defaults = pod("g", container("app", "sleep", "infinity"));
        assertThat(NodeAgent.probeGracePeriod(defaults, bare)).isEqualTo(Duration.ofSeconds(30));
        Pod fiveSeconds = defaults.withSpec(defaults.spec().toBuilder().terminationGracePeriodSeconds(5L).build());
        assertThat(NodeAgent.probeGracePeriod(fiveSeconds, bare)).isEqualTo(Duration.ofSeconds(5));
        assertThat(NodeAgent.probeGracePeriod(fiveSeconds, bare.toBuilder().terminationGracePeriodSeconds(2L).build()))
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    @DisplayName("a restart after a failed liveness probe goes through the back-off like a crash")
    void livenessRestartsBackOff() {
        Container app = container("app", "sleep", "infinity").toBuilder()
                .livenessProbe(Probe.builder().exec(new ExecAction(List.of("cat", "/tmp/healthy")))
                        .periodSeconds(1).failureThreshold(1).build())
                .build();
        Pod pod = pod("live-backoff", app);
        agent.podAdded(pod.withSpec(pod.spec().toBuilder().terminationGracePeriodSeconds(0L).build()));

        agent.runProbes(); // fails: killed, restarted at once (no back-off yet)
        assertThat(containerStatus(recording.lastStatus(), "app").restartCount()).isEqualTo(1);
        tick(Duration.ofSeconds(1)); // fails again: killed; now in a 10 s back-off
        ContainerStatus waiting = containerStatus(recording.lastStatus(), "app");
        assertThat(waiting.restartCount()).isEqualTo(1);
        assertThat(waiting.state().waiting().reason()).isEqualTo("CrashLoopBackOff");
        tick(Duration.ofSeconds(10));
        assertThat(containerStatus(recording.lastStatus(), "app").restartCount()).isEqualTo(2);
    }

    @Test
    @DisplayName("on a runtime that cannot kill one container, a failing liveness probe restarts the whole pod")
    void livenessFallbackKillsThePod() {
        runtime = SimulatedRuntime.builder().nodeName("node-1").clock(clock).internalIp("192.168.1.10")
                .killContainer(false).build();
        agent = newAgent(recording);
        Container app = container("app", "sleep", "infinity").toBuilder()
                .livenessProbe(Probe.builder().exec(new ExecAction(List.of("cat", "/tmp/healthy")))
                        .periodSeconds(1).failureThreshold(1).build())
                .build();
        agent.podAdded(pod("live-fallback", app, container("sidecar", "sleep", "infinity")));
        String sidecarId = containerStatus(recording.lastStatus(), "sidecar").containerID();

        agent.runProbes();

        PodStatus after = recording.lastStatus();
        assertThat(containerStatus(after, "app").restartCount()).isEqualTo(1);
        assertThat(containerStatus(after, "sidecar").containerID()).as("the sidecar went down with the pod")
                .isNotEqualTo(sidecarId);
    }

    @Test
    @DisplayName("deletion honours the grace period, then the pod is reported terminated")
    void gracefulDeletion() {
        Container app = container("app", "sh", "-c", "trap 'exit 0' TERM; sleep infinity");
        Pod pod = pod("graceful", app);
        agent.podAdded(pod);
        Pod deleting = pod.withMetadata(pod.metadata().toBuilder()
                .deletionTimestamp(clock.instant()).deletionGracePeriodSeconds(5L).build());

        agent.podUpdated(deleting);

        ContainerStatus stopped = containerStatus(recording.lastStatus(), "app");
        assertThat(stopped.state().terminated()).isNotNull();
        assertThat(stopped.state().terminated().exitCode()).as("the TERM handler ran: a graceful stop").isZero();
        assertThat(recording.terminated).containsExactly("graceful");
        assertThat(recording.reasons()).contains("Killing");
        assertThat(runtime.getPods(false)).isEmpty();

        assertThat(runtime.getPods(true)).as("exited containers stay while the pod object exists").hasSize(1);

        agent.podDeleted(deleting);
        assertThat(agent.knownPods()).isEmpty();
        assertThat(recording.terminated).containsExactly("graceful");
        assertThat(runtime.getPods(true)).as("the containers of a deleted pod are removed").isEmpty();
    }

    @Test
    @DisplayName("a pod deleted from the API while running is killed and its containers removed")
    void deletedWhileRunning() {
        Pod pod = pod("gone", container("app", "sleep", "infinity"));
        agent.podAdded(pod);
        assertThat(runtime.getPods(false)).hasSize(1);

        agent.podDeleted(pod);

        assertThat(runtime.getPods(true)).isEmpty();
        assertThat(agent.knownPods()).isEmpty();
    }

    @Test
    @DisplayName("a failed removal of a deleted pod's containers is retried by the next housekeeping")
    void removalRetried() {
        AtomicInteger failures = new AtomicInteger(1);
        ContainerRuntime flaky = (ContainerRuntime) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerRuntime.class}, (proxy, method, args) -> {
                    if (method.getName().equals("deleteContainer") && failures.getAndDecrement() > 0) {
                        throw new ContainerRuntimeException(ContainerRuntimeException.Reason.RUNTIME_UNAVAILABLE, "engine away");
                    }
                    try {
                        return method.invoke(runtime, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        NodeAgent onFlaky = NodeAgent.builder(NodeAgentConfig.builder("node-1").build(), flaky).statusSink(recording)
                .events(recording).nodeSink(recording).resources(resources).meterRegistry(registry).clock(clock).build();
        Pod pod = pod("flaky", container("app", "sleep", "infinity"));
        onFlaky.podAdded(pod);

        onFlaky.podDeleted(pod);
        assertThat(runtime.getPods(true)).as("the first removal failed").hasSize(1);
        assertThat(onFlaky.knownPods()).as("kept for a retry").containsExactly("uid-flaky");

        onFlaky.housekeeping();
        assertThat(runtime.getPods(true)).isEmpty();
        assertThat(onFlaky.knownPods()).isEmpty();
    }

    @Test
    @DisplayName("housekeeping removes the exited containers of pods that are not desired")
    void exitedLeftoversRemoved() {
        Pod done = pod("done", PodSpec.builder().restartPolicy("Never")
                .containers(List.of(container("app", "sh", "-c", "exit 0"))).build());
        agent.podAdded(done);
        tick(Duration.ofSeconds(1));
        assertThat(recording.lastStatus().phase()).isEqualTo("Succeeded");
        assertThat(runtime.getPods(true)).singleElement().satisfies(p -> assertThat(p.containers()).hasSize(1));

        NodeAgent restarted = newAgent(new Recording());
        restarted.desiredPodsSynced();

        assertThat(runtime.getPods(true)).as("not desired after the restart: removed").isEmpty();
    }

    @Test
    @DisplayName("a deletion with grace period 0 kills at once")
    void immediateDeletion() {
        Pod pod = pod("hard", container("app", "sh", "-c", "trap 'exit 0' TERM; sleep infinity"));
        agent.podAdded(pod);
        agent.podUpdated(pod.withMetadata(pod.metadata().toBuilder()
                .deletionTimestamp(clock.instant()).deletionGracePeriodSeconds(0L).build()));
        assertThat(containerStatus(recording.lastStatus(), "app").state().terminated().exitCode()).isEqualTo(137);
        assertThat(NodeAgent.gracePeriod(pod)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("a new agent over the same runtime adopts its pods without new starts and kills the undesired ones")
    void adoption() {
        Pod web = pod("web", container("app", "sleep", "infinity"));
        Pod orphan = pod("orphan", container("app", "sleep", "infinity"));
        agent.podAdded(web);
        agent.podAdded(orphan);
        String webId = containerStatus(agent.lastReportedStatus("uid-web").orElseThrow(), "app").containerID();

        Recording second = new Recording();
        NodeAgent restarted = newAgent(second);
        restarted.podAdded(web.withStatus(agent.lastReportedStatus("uid-web").orElseThrow()));
        restarted.desiredPodsSynced();

        assertThat(second.reasons()).doesNotContain("Created", "Started", "Killing");
        PodStatus adopted = restarted.lastReportedStatus("uid-web").orElseThrow();
        assertThat(containerStatus(adopted, "app").containerID()).isEqualTo(webId);
        assertThat(containerStatus(adopted, "app").restartCount()).isZero();
        assertThat(runtime.getPods(false)).extracting(io.corral.runtime.spi.Pod::uid).containsExactly("uid-web");
        assertThat(runtime.getPods(true)).as("the orphan's containers are removed, not only stopped")
                .extracting(io.corral.runtime.spi.Pod::uid).containsExactly("uid-web");
    }

    @Test
    @DisplayName("init containers run to completion one after another before the app container")
    void initContainersInOrder() {
        VolumeMount work = new VolumeMount("work", null, "/work", null, null);
        Container first = container("first", "sh", "-c", "echo one >> /work/log").toBuilder().volumeMounts(List.of(work)).build();
        Container second = container("second", "sh", "-c", "echo two >> /work/log").toBuilder().volumeMounts(List.of(work)).build();
        Container app = container("app", "sleep", "infinity").toBuilder().volumeMounts(List.of(work)).build();
        PodSpec spec = PodSpec.builder().initContainers(List.of(first, second)).containers(List.of(app))
                .volumes(List.of(new Volume("work", new EmptyDirVolumeSource(null, null), null, null, null, null)))
                .build();
        agent.podAdded(pod("init", spec));

        PodStatus status = recording.lastStatus();
        assertThat(status.phase()).isEqualTo("Running");
        assertThat(condition(status, "Initialized")).map(PodCondition::status).contains("True");
        assertThat(status.initContainerStatuses()).extracting(ContainerStatus::name).containsExactly("first", "second");
        assertThat(status.initContainerStatuses()).allSatisfy(s -> assertThat(s.state().terminated().exitCode()).isZero());
        ExecResult log = runtime.commandRunner().orElseThrow().runInContainer(
                ContainerId.parse(containerStatus(status, "app").containerID()), List.of("cat", "/work/log"), Duration.ofSeconds(1));
        assertThat(log.stdoutText()).isEqualTo("one\ntwo\n");
        assertThat(recording.statuses.get(0).phase()).isEqualTo("Pending");
        assertThat(recording.events.stream().filter(e -> e.reason().equals("Started")).map(Recording.Event::fieldPath))
                .containsExactly("spec.initContainers{first}", "spec.initContainers{second}", "spec.containers{app}");
    }

    @Test
    @DisplayName("a missing secret leaves the container waiting in CreateContainerConfigError until it appears")
    void missingSecret() {
        Container app = container("app", "sleep", "infinity").toBuilder()
                .env(List.of(new EnvVar("PASSWORD", null,
                        new EnvVarSource(null, null, null, new SecretKeySelector("db", "password", null)))))
                .build();
        agent.podAdded(pod("needs-secret", app));

        ContainerStatus waiting = containerStatus(recording.lastStatus(), "app");
        assertThat(waiting.state().waiting().reason()).isEqualTo("CreateContainerConfigError");
        assertThat(waiting.state().waiting().message()).contains("secret \"db\" not found");
        assertThat(recording.lastStatus().phase()).isEqualTo("Pending");
        assertThat(recording.reasons()).containsOnlyOnce("Failed");
        assertThat(registry.get("corral.node.pod.sync.errors").counter().count()).isEqualTo(1);
        agent.housekeeping();
        assertThat(recording.reasons()).containsOnlyOnce("Failed");

        resources.secrets.put("ns/db", Secret.builder().metadata(ObjectMeta.of("ns", "db"))
                .data(Map.of("password", "s3cret".getBytes(StandardCharsets.UTF_8))).build());
        agent.housekeeping();
        assertThat(recording.lastStatus().phase()).isEqualTo("Running");
        ExecResult env = runtime.commandRunner().orElseThrow().runInContainer(
                ContainerId.parse(containerStatus(recording.lastStatus(), "app").containerID()),
                List.of("sh", "-c", "echo $PASSWORD"), Duration.ofSeconds(1));
        assertThat(env.stdoutText()).isEqualTo("s3cret\n");
    }

    @Test
    @DisplayName("a pod that completes with restart policy Never succeeds")
    void completes() {
        PodSpec spec = PodSpec.builder().restartPolicy("Never").containers(List.of(container("job", "sh", "-c", "exit 0"))).build();
        agent.podAdded(pod("job", spec));
        tick(Duration.ofSeconds(1));
        assertThat(recording.lastStatus().phase()).isEqualTo("Succeeded");
        assertThat(condition(recording.lastStatus(), "Ready").orElseThrow().reason()).isEqualTo("PodCompleted");
        assertThat(containerStatus(recording.lastStatus(), "job").state().terminated().reason()).isEqualTo("Completed");
        String ip = recording.lastStatus().podIP();
        assertThat(ip).as("a finished pod keeps its IP").isNotNull();
        assertThat(runtime.getPods(false)).as("the sandbox of a finished pod is stopped").isEmpty();
        assertThat(runtime.getPods(true)).singleElement().satisfies(p -> assertThat(p.containers()).hasSize(1));

        int reports = recording.statuses.size();
        tick(Duration.ofSeconds(10));
        tick(Duration.ofSeconds(10));
        assertThat(runtime.getPods(false)).as("no new sandbox for a finished pod").isEmpty();
        assertThat(recording.statuses).hasSize(reports);
        assertThat(registry.get("corral.node.pod.sync").tag("outcome", "finished").timer().count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("the heartbeat reports the node and renews its lease")
    void heartbeat() {
        agent.heartbeat();
        clock.advance(Duration.ofSeconds(10));
        agent.heartbeat();
        assertThat(recording.nodes).hasSize(2);
        assertThat(recording.nodes.get(1).metadata().name()).isEqualTo("node-1");
        assertThat(recording.leases.get(1).spec().renewTime()).isEqualTo(clock.instant());
        assertThat(recording.leases.get(1).spec().acquireTime()).isEqualTo(recording.leases.get(0).spec().renewTime());

        runtime.setUnready("daemon down");
        agent.heartbeat();
        var ready = recording.nodes.get(2).status().conditions().stream().filter(c -> c.type().equals("Ready")).findFirst().orElseThrow();
        assertThat(ready.status()).isEqualTo("False");
        assertThat(ready.message()).contains("daemon down");
    }
}
