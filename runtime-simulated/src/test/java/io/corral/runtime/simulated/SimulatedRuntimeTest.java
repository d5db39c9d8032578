package io.corral.runtime.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerState;
import io.corral.runtime.spi.ContainerStatus;
import io.corral.runtime.spi.LogOptions;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PodSyncResult;
import io.corral.runtime.spi.RestartPolicy;
import io.corral.runtime.spi.SyncAction;
import io.corral.runtime.spi.SyncErrorReason;
import io.corral.runtime.spi.SyncResult;
import io.corral.runtime.tck.AdjustableClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatedRuntimeTest {
    private final AdjustableClock clock = new AdjustableClock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final Backoff backoff = Backoff.withDefaults(clock);

    private static PodDescription pod(String uid, ContainerDescription... containers) {
        return PodDescription.builder(uid, "pod-" + uid, "default").containers(List.of(containers)).build();
    }

    private static ContainerDescription sh(String name, String script) {
        return ContainerDescription.builder(name, "busybox:1.36").command("sh", "-c", script).build();
    }

    private PodSyncResult sync(SimulatedRuntime runtime, PodDescription pod) {
        return runtime.syncPod(pod, runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace()), List.of(), backoff);
    }

    private ContainerStatus status(SimulatedRuntime runtime, PodDescription pod, String name) {
        PodStatus status = runtime.getPodStatus(pod.uid(), pod.name(), pod.namespace());
        return status.findContainer(name).orElseThrow();
    }

    @Test
    void containersRunInVirtualTimeOfTheInjectedClock() {
        SimulatedRuntime runtime = SimulatedRuntime.builder().clock(clock).build();
        PodDescription pod = pod("a", sh("app", "echo start; sleep 60; echo done; exit 3"));
        sync(runtime, pod);

        assertThat(status(runtime, pod, "app").state()).isEqualTo(ContainerState.RUNNING);
        clock.advance(Duration.ofSeconds(59));
        assertThat(status(runtime, pod, "app").state()).isEqualTo(ContainerState.RUNNING);
        clock.advance(Duration.ofSeconds(1));

        ContainerStatus exited = status(runtime, pod, "app");
        assertThat(exited.state()).isEqualTo(ContainerState.EXITED);
        assertThat(exited.exitCode()).isEqualTo(3);
        assertThat(exited.finishedAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runtime.getContainerLogs(pod, exited.id(), LogOptions.ALL.withTimestamps(true), out, out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("2026-01-01T00:00:00Z start\n2026-01-01T00:01:00Z done\n");
    }

    @Test
    void startLatencyKeepsAContainerCreatedForAWhile() {
        SimulatedRuntime runtime = SimulatedRuntime.builder().clock(clock).startLatency(Duration.ofSeconds(2)).build();
        PodDescription pod = pod("b", sh("app", "sleep 3600"));
        sync(runtime, pod);

        assertThat(status(runtime, pod, "app").state()).isEqualTo(ContainerState.CREATED);
        assertThat(sync(runtime, pod).steps()).as("a starting container is left alone").isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(status(runtime, pod, "app").state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void containersWithoutACommandFollowTheExitBehaviour() {
        SimulatedRuntime runtime = SimulatedRuntime.builder().clock(clock)
                .exitBehaviour(ExitBehaviour.exitAfter(Duration.ofSeconds(10), 0)).build();
        PodDescription pod = PodDescription.builder("c", "job", "default").restartPolicy(RestartPolicy.ON_FAILURE)
                .container(ContainerDescription.builder("job", "batch:1").build()).build();
        sync(runtime, pod);
        clock.advance(Duration.ofSeconds(10));

        ContainerStatus job = status(runtime, pod, "job");
        assertThat(job.state()).isEqualTo(ContainerState.EXITED);
        assertThat(job.reason()).isEqualTo("Completed");
        assertThat(sync(runtime, pod).steps()).as("a completed container under OnFailure stays down").isEmpty();
    }

    @Test
    void injectedStartFailuresFailTheStepThenPass() {
        SimulatedRuntime runtime = SimulatedRuntime.builder().clock(clock).build();
        PodDescription pod = pod("d", sh("app", "sleep 3600"));
        runtime.failNextStarts(1);

        SyncResult failed = sync(runtime, pod).find(SyncAction.START_CONTAINER, "app").orElseThrow();
        assertThat(failed.error()).isEqualTo(SyncErrorReason.RUN_CONTAINER_ERROR);
        assertThat(sync(runtime, pod).find(SyncAction.START_CONTAINER, "app").orElseThrow().succeeded()).isTrue();
    }

    @Test
    void injectedPullFailuresReportErrImagePull() {
        SimulatedRuntime runtime = SimulatedRuntime.builder().clock(clock).build();
        runtime.failPulls("busybox:1.36");
        PodDescription pod = pod("e", sh("app", "sleep 3600"));

        assertThat(sync(runtime, pod).find(SyncAction.START_CONTAINER, "app").orElseThrow().error())
                .isEqualTo(SyncErrorReason.ERR_IMAGE_PULL);
        runtime.allowPulls("busybox:1.36");
        assertThat(sync(runtime, pod).succeeded()).isTrue();
        assertThat(runtime.imageService().isPresent("busybox:1.36")).isTrue();
    }

    @Test
    void aCrashIsRestartedWithBackOff() {
        SimulatedRuntime runtime = SimulatedRuntime.builder().clock(clock).build();
        PodDescription pod = pod("f", sh("app", "sleep 3600"));
        sync(runtime, pod);
        runtime.crash(status(runtime, pod, "app").id(), 2);
        assertThat(status(runtime, pod, "app").exitCode()).isEqualTo(2);

        sync(runtime, pod);
        assertThat(status(runtime, pod, "app").restartCount()).isEqualTo(1);
        runtime.crash(status(runtime, pod, "app").id(), 2);
        assertThat(sync(runtime, pod).failures()).extracting(SyncResult::error).containsExactly(SyncErrorReason.CRASH_LOOP_BACK_OFF);
        clock.advance(Duration.ofSeconds(10));
        sync(runtime, pod);
        assertThat(status(runtime, pod, "app").restartCount()).isEqualTo(2);
        assertThat(runtime.getPodStatus("f", "pod-f", "default").containers()).as("older dead instances are collected")
                .hasSize(2);
    }

    @Test
    void anUnreadyRuntimeRefusesToSync() {
        SimulatedRuntime runtime = SimulatedRuntime.builder().clock(clock).build();
        runtime.setUnready("disk full");

        assertThat(runtime.status().ready()).isFalse();
        assertThat(runtime.status().message()).isEqualTo("disk full");
        PodSyncResult result = sync(runtime, pod("g", sh("app", "sleep 1")));
        assertThat(result.syncError().reason()).isEqualTo(ContainerRuntimeException.Reason.RUNTIME_UNAVAILABLE);
        runtime.setUnready(null);
        assertThat(runtime.status().ready()).isTrue();
    }

    @Test
    void aClosedRuntimeIsNotReadyAndRefusesWork() {
        SimulatedRuntime runtime = SimulatedRuntime.builder().clock(clock).build();
        runtime.close();
        runtime.close();

        assertThat(runtime.status().ready()).isFalse();
        assertThatThrownBy(() -> runtime.getPods(true)).isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void podsGetDistinctIpsAndHostNetworkPodsNone() {
        SimulatedRuntime runtime = SimulatedRuntime.builder().clock(clock).build();
        PodDescription a = pod("h1", sh("app", "sleep 3600"));
        PodDescription b = pod("h2", sh("app", "sleep 3600"));
        PodDescription host = PodDescription.builder("h3", "host", "default").hostNetwork(true).containers(a.containers()).build();
        sync(runtime, a);
        sync(runtime, b);
        sync(runtime, host);

        List<String> ipA = runtime.getPodStatus("h1", "", "default").ips();
        List<String> ipB = runtime.getPodStatus("h2", "", "default").ips();
        assertThat(ipA).singleElement().asString().startsWith("10.");
        assertThat(ipA).isNotEqualTo(ipB);
        assertThat(runtime.getPodStatus("h3", "", "default").ips()).isEmpty();
    }
}
