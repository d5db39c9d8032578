package io.corral.node;

import static io.corral.node.Pods.container;
import static io.corral.node.Pods.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerStatus;
import io.corral.api.model.core.EnvVar;
import io.corral.api.model.core.EnvVarSource;
import io.corral.api.model.core.ObjectFieldSelector;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.core.SecretVolumeSource;
import io.corral.api.model.core.Volume;
import io.corral.runtime.simulated.SimulatedRuntime;
import io.corral.runtime.spi.ContainerId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The node agent through a pod's life: updates, failures, deletion, reporting")
class NodeAgentLifecycleTest {
    private final MutableClock clock = MutableClock.atEpoch2026();
    private final Recording recording = new Recording();
    private final MapResources resources = new MapResources();
    private SimulatedRuntime runtime;
    private NodeAgent agent;

    @BeforeEach
    void setUp() {
        runtime = SimulatedRuntime.builder().nodeName("node-1").clock(clock).build();
        agent = NodeAgent.builder(NodeAgentConfig.builder("node-1").hostIp("192.168.7.7").build(), runtime)
                .statusSink(recording).events(recording).nodeSink(recording).resources(resources).clock(clock).build();
    }

    private static ContainerStatus app(PodStatus status) {
        return status.containerStatuses().get(0);
    }

    private String exec(PodStatus status, String script) {
        return runtime.commandRunner().orElseThrow().runInContainer(ContainerId.parse(app(status).containerID()),
                List.of("sh", "-c", script), Duration.ofSeconds(1)).stdoutText();
    }

    @Test
    @DisplayName("a changed container spec replaces the container")
    void specChange() {
        Pod pod = pod("web", container("app", "sleep", "infinity"));
        agent.podAdded(pod);
        String before = app(recording.lastStatus()).containerID();
        Container changed = container("app", "sleep", "infinity").toBuilder().image("busybox:1.37").build();
        agent.podUpdated(pod.withSpec(pod.spec().toBuilder().containers(List.of(changed)).build()));
        ContainerStatus after = app(recording.lastStatus());
        assertThat(after.containerID()).isNotEqualTo(before);
        assertThat(after.image()).isEqualTo("busybox:1.37");
        assertThat(after.state().running()).isNotNull();
        assertThat(recording.reasons()).containsSubsequence("Started", "Killing", "Started");
    }

    @Test
    @DisplayName("a pod whose API object is gone is killed and forgotten, without a termination report")
    void deletedObject() {
        Pod pod = pod("web", container("app", "sleep", "infinity"));
        agent.podAdded(pod);
        agent.podDeleted(pod);
        assertThat(runtime.getPods(false)).isEmpty();
        assertThat(agent.knownPods()).isEmpty();
        assertThat(recording.terminated).isEmpty();
    }

    @Test
    @DisplayName("pods bound to another node are ignored")
    void otherNode() {
        Pod pod = pod("elsewhere", PodSpec.builder().nodeName("node-2").containers(List.of(container("app", "sleep", "infinity"))).build());
        agent.podAdded(pod);
        assertThat(agent.knownPods()).isEmpty();
        assertThat(runtime.podCount()).isZero();
    }

    @Test
    @DisplayName("an image that cannot be pulled leaves the container waiting in ErrImagePull")
    void errImagePull() {
        agent.podAdded(pod("bad", container("app", "sleep", "infinity").toBuilder().image("does-not-exist:1").build()));
        ContainerStatus status = app(recording.lastStatus());
        assertThat(status.state().waiting().reason()).isEqualTo("ErrImagePull");
        assertThat(recording.lastStatus().phase()).isEqualTo("Pending");
        assertThat(recording.events).anySatisfy(e -> assertThat(e.message()).isEqualTo("Error: ErrImagePull"));
    }

    @Test
    @DisplayName("a missing secret volume is a FailedMount event, the containers wait in ContainerCreating")
    void failedMount() {
        Container c = container("app", "sleep", "infinity");
        PodSpec spec = PodSpec.builder().containers(List.of(c))
                .volumes(List.of(new Volume("creds", null, null, new SecretVolumeSource("absent", null, null, null), null, null))).build();
        agent.podAdded(pod("mount", spec));
        assertThat(app(recording.lastStatus()).state().waiting().reason()).isEqualTo("ContainerCreating");
        assertThat(recording.events).anySatisfy(e -> {
            assertThat(e.reason()).isEqualTo("FailedMount");
            assertThat(e.message()).contains("secret \"absent\" not found");
        });
    }

    @Test
    @DisplayName("runtime pods the agent was not given are left alone until the desired pods are synced")
    void orphansWaitForSync() {
        agent.podAdded(pod("old", container("app", "sleep", "infinity")));
        NodeAgent fresh = NodeAgent.builder(NodeAgentConfig.builder("node-1").build(), runtime).clock(clock).build();
        fresh.housekeeping();
        assertThat(runtime.getPods(false)).hasSize(1);
        fresh.desiredPodsSynced();
        assertThat(runtime.getPods(false)).isEmpty();
    }

    @Test
    @DisplayName("a status report that fails is retried on the next sync")
    void statusRetried() {
        AtomicBoolean fail = new AtomicBoolean(true);
        Recording sink = new Recording() {
            @Override
            public void updateStatus(Pod pod, PodStatus status) {
                if (fail.get()) {
                    throw new IllegalStateException("API unavailable");
                }
                super.updateStatus(pod, status);
            }
        };
        NodeAgent flaky = NodeAgent.builder(NodeAgentConfig.builder("node-1").build(), runtime).statusSink(sink).clock(clock).build();
        flaky.podAdded(pod("web", container("app", "sleep", "infinity")));
        assertThat(sink.statuses).isEmpty();
        fail.set(false);
        flaky.housekeeping();
        assertThat(sink.statuses).singleElement().satisfies(s -> assertThat(s.phase()).isEqualTo("Running"));
    }

    @Test
    @DisplayName("status.podIP and status.hostIP reach the environment")
    void podIpInEnvironment() {
        Container c = container("app", "sleep", "infinity").toBuilder().env(List.of(
                new EnvVar("POD_IP", null, new EnvVarSource(new ObjectFieldSelector("v1", "status.podIP"), null, null, null)),
                new EnvVar("HOST_IP", null, new EnvVarSource(new ObjectFieldSelector("v1", "status.hostIP"), null, null, null))))
                .build();
        agent.podAdded(pod("ip", c));
        agent.housekeeping();
        PodStatus status = recording.lastStatus();
        assertThat(exec(status, "echo $POD_IP $HOST_IP")).isEqualTo(status.podIP() + " 192.168.7.7\n");
        agent.housekeeping();
        assertThat(app(recording.lastStatus()).containerID()).as("stable once the IP is known").isEqualTo(app(status).containerID());
    }

    @Test
    @DisplayName("started on a scheduler, the agent heartbeats and resyncs by itself; close stops it")
    void scheduled() throws InterruptedException {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        NodeAgent live = NodeAgent.builder(NodeAgentConfig.builder("node-1").resyncInterval(Duration.ofMillis(20))
                        .probeTickInterval(Duration.ofMillis(20)).heartbeatInterval(Duration.ofMillis(50)).build(), runtime)
                .nodeSink(recording).statusSink(recording).build();
        try {
            live.start(scheduler);
            live.podAdded(pod("web", container("app", "sleep", "infinity")));
            await().atMost(Duration.ofSeconds(5)).until(() -> recording.leases.size() >= 2);
            assertThat(recording.nodes).isNotEmpty();
            assertThat(live.lastNode().metadata().name()).isEqualTo("node-1");
            assertThat(recording.lastStatus().phase()).isEqualTo("Running");

            live.close();
            int leases = recording.leases.size();
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
                    .until(() -> recording.leases.size() == leases);
        } finally {
            live.close();
            scheduler.shutdown();
            assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @DisplayName("started on a scheduler, a container in back-off is restarted when its back-off expires, not at the next resync")
    void wakesAfterBackOff() {
        java.time.Clock system = java.time.Clock.systemUTC();
        SimulatedRuntime real = SimulatedRuntime.builder().nodeName("node-1").clock(system).build();
        Recording sink = new Recording();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        NodeAgent live = NodeAgent.builder(NodeAgentConfig.builder("node-1").resyncInterval(Duration.ofHours(1))
                        .heartbeatInterval(Duration.ofHours(1)).build(), real)
                .statusSink(sink).events(sink).clock(system)
                .backoff(new io.corral.runtime.spi.Backoff(Duration.ofMillis(100), Duration.ofMillis(400), system)).build();
        try {
            live.start(scheduler);
            live.podAdded(pod("crash", container("app", "sh", "-c", "exit 1")));
            live.housekeeping(); // restart 1, back-off 100 ms from now on
            live.housekeeping(); // in back-off: the agent schedules its own wake-up
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(app(sink.lastStatus()).restartCount()).isGreaterThanOrEqualTo(2));
        } finally {
            live.close();
            scheduler.shutdownNow();
        }
    }

    @Test
    @DisplayName("a pod active longer than activeDeadlineSeconds is stopped and Failed with DeadlineExceeded")
    void activeDeadline() {
        PodSpec spec = PodSpec.builder().activeDeadlineSeconds(60L).containers(List.of(container("app", "sleep", "infinity"))).build();
        agent.podAdded(pod("deadline", spec));
        clock.advance(Duration.ofSeconds(59));
        agent.housekeeping();
        assertThat(recording.lastStatus().phase()).isEqualTo("Running");
        clock.advance(Duration.ofSeconds(1));
        agent.housekeeping();
        PodStatus failed = recording.lastStatus();
        assertThat(failed.phase()).isEqualTo("Failed");
        assertThat(failed.reason()).isEqualTo("DeadlineExceeded");
        assertThat(app(failed).state().terminated()).isNotNull();
        assertThat(runtime.getPods(false)).isEmpty();
        agent.housekeeping();
        assertThat(runtime.getPods(false)).as("not restarted").isEmpty();
        assertThat(recording.reasons()).containsOnlyOnce("DeadlineExceeded");
    }

    @Test
    @DisplayName("a pod that succeeded before its deadline stays Succeeded")
    void finishedBeforeDeadline() {
        PodSpec spec = PodSpec.builder().restartPolicy("Never").activeDeadlineSeconds(60L)
                .containers(List.of(container("job", "sh", "-c", "exit 0"))).build();
        agent.podAdded(pod("job", spec));
        agent.housekeeping();
        assertThat(recording.lastStatus().phase()).isEqualTo("Succeeded");
        clock.advance(Duration.ofSeconds(120));
        agent.housekeeping();
        assertThat(recording.lastStatus().phase()).isEqualTo("Succeeded");
        assertThat(recording.reasons()).doesNotContain("DeadlineExceeded");
    }
}
