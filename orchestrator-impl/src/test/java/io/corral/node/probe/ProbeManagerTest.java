package io.corral.node.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.core.Container;
import io.corral.api.model.core.ExecAction;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.Probe;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.node.MutableClock;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerState;
import io.corral.runtime.spi.ContainerStatus;
import io.corral.runtime.spi.PodStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Probe workers: timing, thresholds, startup gating")
class ProbeManagerTest {
    private final MutableClock clock = MutableClock.atEpoch2026();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<ProbeManager.Report> reports = new ArrayList<>();
    private final Map<ProbeType, Deque<Boolean>> scripted = Map.of(
            ProbeType.LIVENESS, new ArrayDeque<>(), ProbeType.READINESS, new ArrayDeque<>(), ProbeType.STARTUP, new ArrayDeque<>());
    private final List<String> probed = new ArrayList<>();
    private final ProbeManager manager = new ProbeManager((probe, target) -> {
        ProbeType type = ProbeType.valueOf(probe.exec().command().get(0));
        probed.add(type + "@" + target.containerId().id());
        Boolean ok = scripted.get(type).poll();
        return ok == null || ok ? ProbeOutcome.ok() : ProbeOutcome.failed(type + " says no");
    }, Runnable::run, clock, reports::add, registry);

    private static Probe probe(ProbeType type, int initialDelay, int period, int success, int failure) {
        return Probe.builder().exec(new ExecAction(List.of(type.name()))).initialDelaySeconds(initialDelay)
                .periodSeconds(period).successThreshold(success).failureThreshold(failure).build();
    }

    private static Pod pod(Container c) {
        return Pod.builder().metadata(ObjectMeta.builder().namespace("ns").name("p").uid("u").build())
                .spec(PodSpec.builder().containers(List.of(c)).build()).build();
    }

    private PodStatus running(String id) {
        return new PodStatus("u", "p", "ns", List.of("10.0.0.1"), List.of(), List.of(ContainerStatus.builder()
                .id(new ContainerId("sim", id)).name("app").state(ContainerState.RUNNING).startedAt(clock.instant()).build()));
    }

    private void script(ProbeType type, Boolean... results) {
        scripted.get(type).addAll(List.of(results));
    }

    @Test
    @DisplayName("the first attempt waits initialDelaySeconds, then one every periodSeconds")
    void timing() {
        manager.update(pod(Container.builder().name("app").image("i").readinessProbe(probe(ProbeType.READINESS, 5, 2, 1, 3)).build()),
                running("c1"));
        assertThat(manager.runDue()).isZero();
        clock.advance(Duration.ofSeconds(5));
        assertThat(manager.runDue()).isEqualTo(1);
        assertThat(manager.runDue()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(manager.runDue()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(manager.runDue()).isEqualTo(1);
        assertThat(manager.readiness("u")).containsEntry("app", true);
    }

    @Test
    @DisplayName("readiness needs successThreshold successes in a row and falls after failureThreshold failures")
    void thresholds() {
        manager.update(pod(Container.builder().name("app").image("i").readinessProbe(probe(ProbeType.READINESS, 0, 1, 2, 2)).build()),
                running("c1"));
        script(ProbeType.READINESS, true, false, true, true, false, true, false, false);
        List<Boolean> results = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            manager.runDue();
            results.add(manager.readiness("u").get("app"));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(results).containsExactly(false, false, false, true, true, true, true, false);
        assertThat(reports).filteredOn(ProbeManager.Report::changed).hasSize(2);
        assertThat(reports).noneMatch(ProbeManager.Report::kill);
        assertThat(registry.get("corral.node.probe.results").tag("probe", "readiness").tag("result", "failure").counter().count())
                .isEqualTo(4);
    }

    @Test
    @DisplayName("liveness asks for a kill after failureThreshold failures in a row, once")
    void livenessKill() {
        manager.update(pod(Container.builder().name("app").image("i").livenessProbe(probe(ProbeType.LIVENESS, 0, 1, 1, 3)).build()),
                running("c1"));
        script(ProbeType.LIVENESS, false, false, true, false, false, false, false);
        for (int i = 0; i < 7; i++) {
            manager.runDue();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(reports).extracting(ProbeManager.Report::kill).containsExactly(false, false, false, false, false, true, false);
    }

    @Test
    @DisplayName("startup gates liveness and readiness, then stops; a new container instance starts afresh")
    void startupGates() {
        Container c = Container.builder().name("app").image("i")
                .startupProbe(probe(ProbeType.STARTUP, 0, 1, 1, 5))
                .livenessProbe(probe(ProbeType.LIVENESS, 0, 1, 1, 3))
                .readinessProbe(probe(ProbeType.READINESS, 0, 1, 1, 3)).build();
        manager.update(pod(c), running("c1"));
        script(ProbeType.STARTUP, false, false, true);
        for (int i = 0; i < 3; i++) {
            manager.runDue();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(probed).containsExactly("STARTUP@c1", "STARTUP@c1", "STARTUP@c1");
        assertThat(manager.started("u")).containsEntry("app", true);
        manager.runDue();
        assertThat(probed.subList(3, probed.size())).containsExactlyInAnyOrder("LIVENESS@c1", "READINESS@c1");

        manager.update(pod(c), running("c2"));
        assertThat(manager.started("u")).containsEntry("app", false);
        assertThat(manager.readiness("u")).containsEntry("app", false);
        probed.clear();
        manager.runDue();
        assertThat(probed).containsExactly("STARTUP@c2");
    }

    @Test
    @DisplayName("a startup probe that fails failureThreshold times asks for a kill")
    void startupKill() {
        manager.update(pod(Container.builder().name("app").image("i").startupProbe(probe(ProbeType.STARTUP, 0, 1, 1, 2)).build()),
                running("c1"));
        script(ProbeType.STARTUP, false, false);
        manager.runDue();
        clock.advance(Duration.ofSeconds(1));
        manager.runDue();
        assertThat(reports).extracting(ProbeManager.Report::kill).containsExactly(false, true);
    }

    @Test
    @DisplayName("workers go with their container and their pod")
    void removal() {
        manager.update(pod(Container.builder().name("app").image("i").livenessProbe(probe(ProbeType.LIVENESS, 0, 1, 1, 3)).build()),
                running("c1"));
        assertThat(manager.workerCount()).isEqualTo(1);
        manager.update(pod(Container.builder().name("app").image("i").build()), running("c1"));
        assertThat(manager.workerCount()).isZero();
        manager.update(pod(Container.builder().name("app").image("i").livenessProbe(probe(ProbeType.LIVENESS, 0, 1, 1, 3)).build()),
                PodStatus.empty("u", "p", "ns"));
        assertThat(manager.workerCount()).isZero();
        manager.update(pod(Container.builder().name("app").image("i").livenessProbe(probe(ProbeType.LIVENESS, 0, 1, 1, 3)).build()),
                running("c1"));
        manager.remove("u");
        assertThat(manager.workerCount()).isZero();
        assertThat(manager.runDue()).isZero();
    }
}
