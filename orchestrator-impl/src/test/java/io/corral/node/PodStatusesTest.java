package io.corral.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerState;
import io.corral.api.model.core.ContainerStateRunning;
import io.corral.api.model.core.ContainerStateTerminated;
import io.corral.api.model.core.ContainerStateWaiting;
import io.corral.api.model.core.ContainerStatus;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodCondition;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.core.Probe;
import io.corral.api.model.core.ExecAction;
import io.corral.api.model.core.ResourceRequirements;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.quantity.Quantity;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.RestartPolicy;
import io.corral.runtime.spi.SandboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Runtime status to pod status")
class PodStatusesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** {@code running}, {@code waiting}, {@code exit:N}, {@code crashloop:N} (waiting after exit N), {@code unknown}. */
    private static ContainerStatus status(String token) {
        String[] parts = token.split(":");
        ContainerState state;
        ContainerState last = null;
        switch (parts[0]) {
            case "running" -> state = new ContainerState(null, new ContainerStateRunning(T0), null);
            case "waiting" -> state = new ContainerState(new ContainerStateWaiting("ContainerCreating", null), null, null);
            case "exit" -> state = new ContainerState(null, null, new ContainerStateTerminated(Integer.parseInt(parts[1]),
                    null, null, null, null, null, null));
            case "crashloop" -> {
                state = new ContainerState(new ContainerStateWaiting("CrashLoopBackOff", null), null, null);
                last = new ContainerState(null, null, new ContainerStateTerminated(Integer.parseInt(parts[1]),
                        null, null, null, null, null, null));
            }
            default -> state = null;
        }
        return ContainerStatus.builder().name(token).state(state).lastState(last).build();
    }

    private static List<ContainerStatus> statuses(String tokens) {
        if (tokens == null || tokens.isBlank()) {
            return List.of();
        }
        return Arrays.stream(tokens.trim().split(" +")).map(PodStatusesTest::status).toList();
    }

    @ParameterizedTest(name = "{0}: init [{1}] containers [{2}] → {3}")
    @CsvSource(delimiter = '|', value = {
            "ALWAYS     |             | running              | Running",
            "ALWAYS     |             | waiting              | Pending",
            "ALWAYS     |             | running waiting      | Pending",
            "ALWAYS     |             | exit:0               | Running",
            "ALWAYS     |             | exit:1               | Running",
            "ALWAYS     |             | crashloop:1          | Running",
            "ALWAYS     |             | unknown              | Pending",
            "ALWAYS     |             | running unknown      | Pending",
            "NEVER      |             | exit:0               | Succeeded",
            "NEVER      |             | exit:0 exit:0        | Succeeded",
            "NEVER      |             | exit:1               | Failed",
            "NEVER      |             | exit:0 exit:2        | Failed",
            "NEVER      |             | running exit:1       | Running",
            "ON_FAILURE |             | exit:0               | Succeeded",
            "ON_FAILURE |             | exit:1               | Running",
            "ON_FAILURE |             | crashloop:1          | Running",
            "NEVER      | exit:1      | waiting              | Failed",
            "ALWAYS     | exit:1      | waiting              | Pending",
            "ALWAYS     | crashloop:1 | waiting              | Pending",
            "ALWAYS     | running     | waiting              | Pending",
            "ALWAYS     | waiting     | waiting              | Pending",
            "ALWAYS     | exit:0      | running              | Running",
            "NEVER      | exit:0      | exit:0               | Succeeded"})
    @DisplayName("phase by kubelet's rules")
    void phase(RestartPolicy policy, String inits, String containers, String expected) {
        assertThat(PodStatuses.phase(policy, statuses(inits), statuses(containers))).isEqualTo(expected);
    }

    private static io.corral.runtime.spi.ContainerStatus instance(String name, String id, io.corral.runtime.spi.ContainerState state,
                                                                  int exitCode, int restarts, Instant created) {
        var b = io.corral.runtime.spi.ContainerStatus.builder().id(new ContainerId("docker", id)).name(name).state(state)
                .image("busybox:1.36").imageId("sha256:abc").restartCount(restarts).createdAt(created).startedAt(created);
        if (state == io.corral.runtime.spi.ContainerState.EXITED) {
            b.exitCode(exitCode).finishedAt(created.plusSeconds(1)).reason(exitCode == 0 ? "Completed" : "Error");
        }
        return b.build();
    }

    private static io.corral.runtime.spi.PodStatus runtime(io.corral.runtime.spi.ContainerStatus... containers) {
        return new io.corral.runtime.spi.PodStatus("u", "p", "ns", List.of("10.0.0.5"),
                List.of(new SandboxStatus(new ContainerId("docker", "sandbox"), true, T0, "10.0.0.5")), List.of(containers));
    }

    private static Pod pod(PodSpec spec, PodStatus previous) {
        return Pod.builder().metadata(ObjectMeta.builder().namespace("ns").name("p").uid("u").build()).spec(spec).status(previous).build();
    }

    private static Container container(String name) {
        return Container.builder().name(name).image("busybox:1.36").build();
    }

    private static PodCondition condition(PodStatus s, String type) {
        return s.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
    }

    @Nested
    @DisplayName("container statuses")
    class Containers {
        @Test
        @DisplayName("running: started, ready, docker:// id, image id, the previous exit as last state")
        void running() {
            PodSpec spec = PodSpec.builder().containers(List.of(container("app"))).build();
            var rt = runtime(
                    instance("app", "new", io.corral.runtime.spi.ContainerState.RUNNING, 0, 2, T0.plusSeconds(60)),
                    instance("app", "old", io.corral.runtime.spi.ContainerState.EXITED, 3, 1, T0));
            PodStatus s = PodStatuses.toModel(pod(spec, null), rt, PodStatuses.Observations.of("192.168.1.10"), T0.plusSeconds(61));
            ContainerStatus app = s.containerStatuses().get(0);
            assertThat(app.state().running().startedAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(app.containerID()).isEqualTo("docker://new");
            assertThat(app.imageID()).isEqualTo("sha256:abc");
            assertThat(app.restartCount()).isEqualTo(2);
            assertThat(app.ready()).isTrue();
            assertThat(app.started()).isTrue();
            assertThat(app.lastState().terminated().exitCode()).isEqualTo(3);
            assertThat(app.lastState().terminated().containerID()).isEqualTo("docker://old");
            assertThat(s.phase()).isEqualTo("Running");
            assertThat(s.podIP()).isEqualTo("10.0.0.5");
            assertThat(s.podIPs()).extracting(io.corral.api.model.core.PodIP::ip).containsExactly("10.0.0.5");
            assertThat(s.hostIP()).isEqualTo("192.168.1.10");
            assertThat(s.qosClass()).isEqualTo("BestEffort");
        }

        @Test
        @DisplayName("exited and in back-off: waiting CrashLoopBackOff with the exit as last state")
        void crashLoop() {
            PodSpec spec = PodSpec.builder().containers(List.of(container("app"))).build();
            var rt = runtime(instance("app", "c1", io.corral.runtime.spi.ContainerState.EXITED, 1, 4, T0));
            var observed = new PodStatuses.Observations(null,
                    Map.of("app", new PodStatuses.Waiting("CrashLoopBackOff", "back-off 40s")), Map.of(), Map.of());
            ContainerStatus app = PodStatuses.toModel(pod(spec, null), rt, observed, T0).containerStatuses().get(0);
            assertThat(app.state().waiting().reason()).isEqualTo("CrashLoopBackOff");
            assertThat(app.state().waiting().message()).isEqualTo("back-off 40s");
            assertThat(app.lastState().terminated().exitCode()).isEqualTo(1);
            assertThat(app.lastState().terminated().reason()).isEqualTo("Error");
            assertThat(app.restartCount()).isEqualTo(4);
            assertThat(app.ready()).isFalse();
        }

        @Test
        @DisplayName("exited for good under Never: terminated, not waiting, whatever the observations")
        void exitedForGood() {
            PodSpec spec = PodSpec.builder().restartPolicy("Never").containers(List.of(container("app"))).build();
            var rt = runtime(instance("app", "c1", io.corral.runtime.spi.ContainerState.EXITED, 0, 0, T0));
            var observed = new PodStatuses.Observations(null,
                    Map.of("app", new PodStatuses.Waiting("CrashLoopBackOff", null)), Map.of(), Map.of());
            PodStatus s = PodStatuses.toModel(pod(spec, null), rt, observed, T0);
            assertThat(s.containerStatuses().get(0).state().terminated().reason()).isEqualTo("Completed");
            assertThat(s.phase()).isEqualTo("Succeeded");
            assertThat(condition(s, "Ready").reason()).isEqualTo("PodCompleted");
        }

        @Test
        @DisplayName("not created yet: waiting with the observed reason, else ContainerCreating or PodInitializing")
        void notCreated() {
            PodSpec spec = PodSpec.builder().initContainers(List.of(container("init"))).containers(List.of(container("app"), container("side")))
                    .build();
            var observed = new PodStatuses.Observations(null,
                    Map.of("side", new PodStatuses.Waiting("ErrImagePull", "no such image")), Map.of(), Map.of());
            PodStatus s = PodStatuses.toModel(pod(spec, null), io.corral.runtime.spi.PodStatus.empty("u", "p", "ns"), observed, T0);
            assertThat(s.initContainerStatuses().get(0).state().waiting().reason()).isEqualTo("PodInitializing");
            assertThat(s.containerStatuses().get(0).state().waiting().reason()).isEqualTo("PodInitializing");
            assertThat(s.containerStatuses().get(1).state().waiting().reason()).isEqualTo("ErrImagePull");
            assertThat(s.phase()).isEqualTo("Pending");
            assertThat(s.podIP()).isNull();
            assertThat(condition(s, "Initialized").status()).isEqualTo("False");
            assertThat(condition(s, "Initialized").message()).contains("init");

            PodSpec plain = PodSpec.builder().containers(List.of(container("app"))).build();
            assertThat(PodStatuses.toModel(pod(plain, null), io.corral.runtime.spi.PodStatus.empty("u", "p", "ns"),
                    PodStatuses.Observations.of(null), T0).containerStatuses().get(0).state().waiting().reason())
                    .isEqualTo("ContainerCreating");
        }

        @Test
        @DisplayName("readiness and startup results gate readiness; containers without probes are ready when running")
        void readiness() {
            Probe probe = Probe.builder().exec(new ExecAction(List.of("true"))).build();
            PodSpec spec = PodSpec.builder().containers(List.of(
                    container("plain"),
                    container("ready").toBuilder().readinessProbe(probe).build(),
                    container("unprobed").toBuilder().readinessProbe(probe).build(),
                    container("starting").toBuilder().startupProbe(probe).build())).build();
            List<io.corral.runtime.spi.ContainerStatus> running = new ArrayList<>();
            for (String n : List.of("plain", "ready", "unprobed", "starting")) {
                running.add(instance(n, n, io.corral.runtime.spi.ContainerState.RUNNING, 0, 0, T0));
            }
            var observed = new PodStatuses.Observations(null, Map.of(), Map.of("ready", true), Map.of("starting", false));
            PodStatus s = PodStatuses.toModel(pod(spec, null), runtime(running.toArray(io.corral.runtime.spi.ContainerStatus[]::new)),
                    observed, T0);
            assertThat(s.containerStatuses()).extracting(ContainerStatus::ready).containsExactly(true, true, false, false);
            assertThat(s.containerStatuses()).extracting(ContainerStatus::started).containsExactly(true, true, true, false);
            assertThat(condition(s, "Ready").status()).isEqualTo("False");
            assertThat(condition(s, "ContainersReady").message()).isEqualTo("containers with unready status: [unprobed, starting]");
        }
    }

    @Test
    @DisplayName("transition times and the start time are kept while nothing changes")
    void transitionTimes() {
        PodSpec spec = PodSpec.builder().containers(List.of(container("app"))).build();
        var rt = runtime(instance("app", "c", io.corral.runtime.spi.ContainerState.RUNNING, 0, 0, T0));
        PodStatus first = PodStatuses.toModel(pod(spec, null), rt, PodStatuses.Observations.of(null), T0);
        PodStatus again = PodStatuses.toModel(pod(spec, first), rt, PodStatuses.Observations.of(null), T0.plus(Duration.ofMinutes(5)));
        assertThat(again).isEqualTo(first);
        var exited = runtime(instance("app", "c", io.corral.runtime.spi.ContainerState.EXITED, 1, 0, T0));
        PodStatus later = PodStatuses.toModel(pod(spec, first), exited, PodStatuses.Observations.of(null), T0.plusSeconds(600));
        assertThat(condition(later, "Ready").lastTransitionTime()).isEqualTo(T0.plusSeconds(600));
        assertThat(condition(later, "PodScheduled").lastTransitionTime()).isEqualTo(T0);
        assertThat(later.startTime()).isEqualTo(T0);
    }

    @Test
    @DisplayName("QoS class: Guaranteed, Burstable, BestEffort")
    void qos() {
        var full = new ResourceRequirements(Map.of("cpu", Quantity.parse("1"), "memory", Quantity.parse("1Gi")), Map.of());
        var partial = new ResourceRequirements(Map.of(), Map.of("cpu", Quantity.parse("100m")));
        assertThat(PodStatuses.qosClass(pod(PodSpec.builder().containers(List.of(container("a").toBuilder().resources(full).build()))
                .build(), null))).isEqualTo("Guaranteed");
        assertThat(PodStatuses.qosClass(pod(PodSpec.builder().containers(List.of(container("a").toBuilder().resources(full).build(),
                container("b").toBuilder().resources(partial).build())).build(), null))).isEqualTo("Burstable");
        assertThat(PodStatuses.qosClass(pod(PodSpec.builder().containers(List.of(container("a"))).build(), null))).isEqualTo("BestEffort");
    }
}
