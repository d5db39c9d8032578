package io.corral.scheduler;

import static io.corral.scheduler.Fixtures.node;
import static io.corral.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.scheduler.plugins.DefaultPlugins;
import io.corral.scheduler.plugins.NodeResourcesFit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, String> bindings = new ConcurrentHashMap<>();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failed = Collections.synchronizedList(new ArrayList<>());

    private final Binder recordingBinder = (pod, node) -> {
        bindings.put(PodInfo.keyOf(pod), node);
        return CompletableFuture.completedFuture(null);
    };

    private Scheduler scheduler(SchedulerProfile profile, Binder binder) {
        return Scheduler.builder().profile(profile).binder(binder).clock(clock).random(new Random(42))
                .meterRegistry(registry)
                .eventRecorder((pod, type, reason, message) -> events.add(type + " " + reason + " " + message))
                .failureHandler((pod, reason, message) -> failed.add(PodInfo.keyOf(pod) + " " + reason))
                .build();
    }

    private Scheduler scheduler() {
        return scheduler(DefaultPlugins.profile(VolumeLookup.none()).build(), recordingBinder);
    }

    private double attempts(String result) {
        return registry.get(Scheduler.ATTEMPTS_METRIC).tag("result", result).counter().count();
    }

    @Test
    void aPodIsBoundToTheNodeItFitsAndTheEventSaysSo() {
        Scheduler s = scheduler();
        s.onNodeAdd(node("small").cpu("1").build());
        s.onNodeAdd(node("big").cpu("8").build());
        s.onPodAdd(pod("web").cpu("2").build());

        ScheduleResult r = s.scheduleOne();
        assertThat(r.outcome()).isEqualTo(ScheduleResult.Outcome.ASSUMED);
        assertThat(r.nodeName()).isEqualTo("big");
        assertThat(bindings).containsExactly(Map.entry("default/web", "big"));
        assertThat(events).containsExactly("Normal Scheduled Successfully assigned default/web to big");
        assertThat(attempts("scheduled")).isEqualTo(1);
        assertThat(registry.get(Scheduler.LATENCY_METRIC).tag("result", "scheduled").timer().count()).isEqualTo(1);
        assertThat(s.cache().isAssumed("default/web")).isTrue();
        assertThat(s.scheduleOne()).isNull();

        s.onPodUpdate(null, pod("web").cpu("2").nodeName("big").build());
        assertThat(s.cache().isAssumed("default/web")).as("confirmed by the informer").isFalse();
    }

    @Test
    void anUnschedulablePodGetsKubernetesExplanation() {
        Scheduler s = scheduler();
        for (int i = 1; i <= 3; i++) {
            s.onNodeAdd(node("small-" + i).cpu("1").build());
        }
        for (int i = 1; i <= 2; i++) {
            s.onNodeAdd(node("gpu-" + i).cpu("8").taint("dedicated", "gpu", "NoSchedule").build());
        }
        s.onPodAdd(pod("web").cpu("2").build());

        ScheduleResult r = s.scheduleOne();
        String expected = "0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu.";
        assertThat(r.outcome()).isEqualTo(ScheduleResult.Outcome.UNSCHEDULABLE);
        assertThat(r.message()).isEqualTo(expected);
        assertThat(events).containsExactly("Warning FailedScheduling " + expected);
        assertThat(attempts("unschedulable")).isEqualTo(1);
        assertThat(s.queue().unschedulableCount()).isEqualTo(1);
        assertThat(bindings).isEmpty();
    }

    @Test
    void noNodesAtAll() {
        Scheduler s = scheduler();
        s.onPodAdd(pod("web").build());
        assertThat(s.scheduleOne().message()).isEqualTo("no nodes available to schedule pods");
    }

    @Test
    void anUnschedulablePodIsRetriedWhenANodeIsAdded() {
        Scheduler s = scheduler();
        s.onNodeAdd(node("small").cpu("1").build());
        s.onPodAdd(pod("web").cpu("2").build());
        assertThat(s.scheduleOne().outcome()).isEqualTo(ScheduleResult.Outcome.UNSCHEDULABLE);
        clock.advance(Duration.ofSeconds(5));
        assertThat(s.scheduleOne()).as("waits for an event").isNull();

        s.onNodeAdd(node("big").cpu("4").build());
        ScheduleResult r = s.scheduleOne();
        assertThat(r.nodeName()).isEqualTo("big");
        assertThat(bindings).containsEntry("default/web", "big");
    }

    @Test
    void heartbeatsDoNotWakeUnschedulablePodsButRealChangesDo() {
        Scheduler s = scheduler();
        var before = node("n").cpu("1").build();
        s.onNodeAdd(before);
        s.onPodAdd(pod("web").cpu("2").build());
        s.scheduleOne();
        clock.advance(Duration.ofSeconds(5));
        s.onNodeUpdate(before, node("n").cpu("1").build());
        assertThat(s.scheduleOne()).isNull();
        s.onNodeUpdate(before, node("n").cpu("2").build());
        assertThat(s.scheduleOne().nodeName()).isEqualTo("n");
    }

    @Test
    void deletingAnAssignedPodFreesRoomAndWakesWaitingPods() {
        Scheduler s = scheduler();
        s.onNodeAdd(node("n").cpu("2").build());
        s.onPodAdd(pod("old").cpu("2").nodeName("n").build());
        s.onPodAdd(pod("new").cpu("2").build());
        assertThat(s.scheduleOne().outcome()).isEqualTo(ScheduleResult.Outcome.UNSCHEDULABLE);
        clock.advance(Duration.ofSeconds(2));
        s.onPodDelete(pod("old").cpu("2").nodeName("n").build());
        assertThat(s.scheduleOne().nodeName()).isEqualTo("n");
    }

    @Test
    void finishedPodsFreeTheirNode() {
        Scheduler s = scheduler();
        s.onNodeAdd(node("n").cpu("2").build());
        s.onPodAdd(pod("job").cpu("2").nodeName("n").build());
        s.onPodUpdate(null, pod("job").cpu("2").nodeName("n").phase("Succeeded").build());
        s.onPodAdd(pod("next").cpu("2").build());
        assertThat(s.scheduleOne().nodeName()).isEqualTo("n");
    }

    @Test
    void assumedPodsCountBeforeTheBindingIsConfirmed() {
        Scheduler s = scheduler(DefaultPlugins.profile(VolumeLookup.none()).build(),
                (pod, node) -> new CompletableFuture<>()); // a binding that never answers
        s.onNodeAdd(node("n").cpu("2").build());
        for (String name : List.of("a", "b", "c")) {
            s.onPodAdd(pod(name).cpu("1").created(T0.plusSeconds(name.charAt(0))).build());
        }
        assertThat(s.scheduleOne().outcome()).isEqualTo(ScheduleResult.Outcome.ASSUMED);
        assertThat(s.scheduleOne().outcome()).isEqualTo(ScheduleResult.Outcome.ASSUMED);
        assertThat(s.scheduleOne().message()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
    }

    @Test
    void aRefusedBindingIsForgottenAndRetriedWithBackOff() {
        Scheduler s = scheduler(DefaultPlugins.profile(VolumeLookup.none()).build(),
                (pod, node) -> CompletableFuture.failedFuture(new IllegalStateException("node is gone")));
        s.onNodeAdd(node("n").build());
        s.onPodAdd(pod("web").cpu("1").build());
        assertThat(s.scheduleOne().outcome()).isEqualTo(ScheduleResult.Outcome.ASSUMED);
        assertThat(s.cache().contains("default/web")).isFalse();
        assertThat(s.cache().snapshot().node("n").pods()).isEmpty();
        assertThat(events).containsExactly("Warning FailedScheduling Binding rejected: node is gone");
        assertThat(attempts("error")).isEqualTo(1);
        assertThat(s.queue().backoffCount()).isEqualTo(1);
        assertThat(s.scheduleOne()).isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(s.scheduleOne()).isNotNull();
    }

    @Test
    void aBinderThatThrowsOrReturnsNullCountsAsARefusal() {
        for (Binder broken : List.<Binder>of((pod, node) -> {
            throw new IllegalStateException("no connection");
        }, (pod, node) -> null)) {
            Scheduler s = scheduler(DefaultPlugins.profile(VolumeLookup.none()).build(), broken);
            s.onNodeAdd(node("n").build());
            s.onPodAdd(pod("web").build());
            s.scheduleOne();
            assertThat(s.cache().contains("default/web")).isFalse();
            assertThat(s.queue().backoffCount()).isEqualTo(1);
        }
        assertThat(events).containsExactly("Warning FailedScheduling Binding rejected: no connection",
                "Warning FailedScheduling Binding rejected: Binder.bind returned null");
    }

    @Test
    void aPodDeletedWhileItsBindingFailsIsNotQueuedAgain() {
        CompletableFuture<Void> binding = new CompletableFuture<>();
        Scheduler s = scheduler(DefaultPlugins.profile(VolumeLookup.none()).build(), (pod, node) -> binding);
        s.onNodeAdd(node("n").build());
        s.onPodAdd(pod("web").build());
        assertThat(s.scheduleOne().outcome()).isEqualTo(ScheduleResult.Outcome.ASSUMED);
        s.onPodDelete(pod("web").build());
        binding.completeExceptionally(new IllegalStateException("pods \"web\" not found"));
        assertThat(s.queue().size()).isZero();
        assertThat(s.cache().contains("default/web")).isFalse();
        assertThat(events).containsExactly("Warning FailedScheduling Binding rejected: pods \"web\" not found");
    }

    @Test
    void aPodPastItsDeadlineIsReportedNotScheduled() {
        Scheduler s = scheduler();
        s.onNodeAdd(node("n").build());
        s.onPodAdd(pod("late").created(T0.minusSeconds(120)).activeDeadlineSeconds(60).build());
        s.onPodAdd(pod("fine").created(T0.minusSeconds(120)).activeDeadlineSeconds(600).build());
        assertThat(s.scheduleOne().podKey()).isEqualTo("default/fine");
        assertThat(failed).containsExactly("default/late DeadlineExceeded");
        assertThat(events).contains("Warning DeadlineExceeded Pod was active on the node longer than the specified deadline");
        assertThat(bindings).containsOnlyKeys("default/fine");
    }

    @Test
    void aWaitingPodIsFailedWhenItsDeadlinePasses() {
        Scheduler s = scheduler();
        s.onNodeAdd(node("n").cpu("1").build());
        s.onPodAdd(pod("big").cpu("4").created(T0).activeDeadlineSeconds(30).build());
        assertThat(s.scheduleOne().outcome()).isEqualTo(ScheduleResult.Outcome.UNSCHEDULABLE);
        clock.advance(Duration.ofSeconds(31));
        assertThat(s.scheduleOne()).isNull();
        assertThat(failed).containsExactly("default/big DeadlineExceeded");
        assertThat(s.queue().size()).isZero();
    }

    @Test
    void podsForOtherSchedulersAndBoundPodsAreNotQueued() {
        Scheduler s = scheduler();
        s.onNodeAdd(node("n").build());
        s.onPodAdd(pod("theirs").schedulerName("gpu-scheduler").build());
        s.onPodAdd(pod("bound").nodeName("n").build());
        s.onPodAdd(pod("mine").schedulerName("default-scheduler").build());
        assertThat(s.queue().size()).isEqualTo(1);
        assertThat(s.cache().contains("default/bound")).isTrue();
    }

    @Test
    void hostPluginsPlugInThroughTheProfile() {
        FilterPlugin needsRack = new FilterPlugin() {
            @Override
            public String name() {
                return "NeedsRack";
            }

            @Override
            public FilterResult filter(CycleState state, PodInfo pod, NodeInfo node) {
                return node.labels().containsKey("rack") ? FilterResult.fits() : FilterResult.unschedulable("node(s) had no rack");
            }
        };
        ScorePlugin likesRack2 = new ScorePlugin() {
            @Override
            public String name() {
                return "LikesRack2";
            }

            @Override
            public long score(CycleState state, PodInfo pod, NodeInfo node) {
                return "r2".equals(node.labels().get("rack")) ? MAX_SCORE : 0;
            }
        };
        Scheduler s = scheduler(DefaultPlugins.profile(VolumeLookup.none()).filter(needsRack).score(likesRack2, 10).build(),
                recordingBinder);
        s.onNodeAdd(node("no-rack").build());
        s.onNodeAdd(node("rack1").label("rack", "r1").build());
        s.onNodeAdd(node("rack2").label("rack", "r2").cpu("2").build());
        for (int i = 0; i < 3; i++) {
            s.onPodAdd(pod("p" + i).cpu("100m").build());
        }
        while (s.scheduleOne() != null) {
            // drain
        }
        assertThat(bindings.values()).containsOnly("rack2");

        Scheduler strict = scheduler(SchedulerProfile.builder().filter(needsRack).build(), recordingBinder);
        strict.onNodeAdd(node("no-rack").build());
        strict.onPodAdd(pod("q").build());
        assertThat(strict.scheduleOne().message()).isEqualTo("0/1 nodes are available: 1 node(s) had no rack.");
    }

    @Test
    void sixPodsOfAReplicaSetSpreadTwoPerZone() {
        for (long seed = 0; seed < 5; seed++) {
            bindings.clear();
            Scheduler s = Scheduler.builder().profile(DefaultPlugins.profile(VolumeLookup.none()).build())
                    .binder(recordingBinder).clock(clock).random(new Random(seed)).build();
            Map<String, String> zoneOf = new ConcurrentHashMap<>();
            for (String zone : List.of("a", "b", "c")) {
                for (int i = 0; i < 2; i++) {
                    s.onNodeAdd(node(zone + i).zone(zone).build());
                    zoneOf.put(zone + i, zone);
                }
            }
            for (int i = 0; i < 6; i++) {
                s.onPodAdd(pod("web-" + i).cpu("100m").memory("128Mi").label("app", "web").ownedBy("ReplicaSet", "web").build());
            }
            while (s.scheduleOne() != null) {
                // drain
            }
            Map<String, Long> perZone = bindings.values().stream().collect(Collectors.groupingBy(zoneOf::get, Collectors.counting()));
            assertThat(perZone).as("seed %d", seed).containsOnly(Map.entry("a", 2L), Map.entry("b", 2L), Map.entry("c", 2L));
            assertThat(bindings.values()).as("one per node, seed %d", seed).doesNotHaveDuplicates();
        }
    }

    @Test
    void tiesAreBrokenAtRandomWithTheInjectedRandom() {
        SchedulerProfile flat = SchedulerProfile.builder().filter(new NodeResourcesFit()).score(new ScorePlugin() {
            @Override
            public String name() {
                return "Flat";
            }

            @Override
            public long score(CycleState state, PodInfo pod, NodeInfo node) {
                return 50;
            }
        }, 1).build();
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            List<String> chosen = new ArrayList<>();
            Scheduler s = Scheduler.builder().profile(flat).binder((p, n) -> {
                chosen.add(n);
                return CompletableFuture.completedFuture(null);
            }).random(new Random(7)).clock(clock).build();
            for (int i = 0; i < 3; i++) {
                s.onNodeAdd(node("n" + i).pods(1000).build());
            }
            for (int i = 0; i < 300; i++) {
                s.onPodAdd(pod("p" + i).created(T0.plusSeconds(i)).build());
            }
            while (s.scheduleOne() != null) {
                // drain
            }
            runs.add(chosen);
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1));
        Map<String, Long> counts = runs.get(0).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts).hasSize(3);
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(70L, 130L));
    }

    @Test
    void largeClustersAreSampledAsKubeSchedulerDoes() {
        Scheduler s = scheduler();
        assertThat(s.feasibleNodesToFind(50)).isEqualTo(50);
        assertThat(s.feasibleNodesToFind(500)).isEqualTo(230);
        assertThat(s.feasibleNodesToFind(1000)).isEqualTo(420);
        assertThat(s.feasibleNodesToFind(5000)).isEqualTo(500);
        assertThat(s.feasibleNodesToFind(10000)).isEqualTo(500);
        Scheduler all = scheduler(DefaultPlugins.profile(VolumeLookup.none()).percentageOfNodesToScore(100).build(), recordingBinder);
        assertThat(all.feasibleNodesToFind(5000)).isEqualTo(5000);
    }

    @Test
    void parallelFilteringFindsTheSameAnswers() {
        try (Scheduler s = scheduler(DefaultPlugins.profile(VolumeLookup.none()).parallelism(2).build(), recordingBinder)) {
            for (int i = 0; i < 300; i++) {
                s.onNodeAdd(node("n" + i).cpu(i == 257 ? "8" : "1").build());
            }
            s.onPodAdd(pod("big").cpu("4").build());
            s.onPodAdd(pod("huge").cpu("16").build());
            assertThat(s.scheduleOne().nodeName()).isEqualTo("n257");
            assertThat(s.scheduleOne().message()).isEqualTo("0/300 nodes are available: 300 Insufficient cpu.");
        }
    }

    @Test
    void theLoopSchedulesUntilStoppedAndCanBeRestarted() {
        Scheduler s = Scheduler.builder().profile(DefaultPlugins.profile(VolumeLookup.none()).build())
                .binder(recordingBinder).build();
        s.onNodeAdd(node("n").build());
        s.start();
        s.start();
        assertThat(s.isRunning()).isTrue();
        s.onPodAdd(pod("a").build());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bindings).containsKey("default/a"));
        s.stop();
        assertThat(s.isRunning()).isFalse();
        s.onPodAdd(pod("b").build());
        s.start();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bindings).containsKey("default/b"));
        s.close();
        assertThat(s.isRunning()).isFalse();
    }

    @Test
    void aFailingPluginIsAnErrorAndThePodBacksOff() {
        FilterPlugin broken = new FilterPlugin() {
            @Override
            public String name() {
                return "Broken";
            }

            @Override
            public FilterResult filter(CycleState state, PodInfo pod, NodeInfo node) {
                throw new IllegalStateException("boom");
            }
        };
        Scheduler s = scheduler(SchedulerProfile.builder().filter(broken).build(), recordingBinder);
        s.onNodeAdd(node("n").build());
        s.onPodAdd(pod("p").build());
        ScheduleResult r = s.scheduleOne();
        assertThat(r.outcome()).isEqualTo(ScheduleResult.Outcome.ERROR);
        assertThat(r.message()).contains("boom");
        assertThat(attempts("error")).isEqualTo(1);
        assertThat(s.queue().backoffCount()).isEqualTo(1);
    }

    @Test
    void anInvalidPodIsReportedWithoutBreakingTheCaller() {
        Scheduler s = scheduler();
        var bad = new io.corral.api.labels.LabelSelector(null, List.of(
                new io.corral.api.labels.LabelSelectorRequirement("app", "Near", List.of("x"))));
        s.onPodAdd(pod("odd").affinity(new io.corral.api.model.core.Affinity(null, new io.corral.api.model.core.PodAffinity(
                List.of(new io.corral.api.model.core.PodAffinityTerm(bad, null, "zone", null)), null), null)).build());
        assertThat(s.queue().size()).isZero();
        assertThat(events).singleElement().asString().startsWith("Warning FailedScheduling Invalid pod:");
    }

    @Test
    void pendingPodsAreGaugedByQueuePart() {
        Scheduler s = scheduler();
        s.onNodeAdd(node("n").cpu("1").build());
        s.onPodAdd(pod("a").cpu("2").build());
        s.onPodAdd(pod("b").cpu("2").build());
        s.scheduleOne();
        assertThat(registry.get(Scheduler.PENDING_METRIC).tag("queue", "active").gauge().value()).isEqualTo(1);
        assertThat(registry.get(Scheduler.PENDING_METRIC).tag("queue", "unschedulable").gauge().value()).isEqualTo(1);
        assertThat(registry.get(Scheduler.PENDING_METRIC).tag("queue", "backoff").gauge().value()).isZero();
    }

    @Test
    void duplicatePluginNamesAreRejected() {
        var builder = DefaultPlugins.profile(VolumeLookup.none()).filter(new NodeResourcesFit());
        org.assertj.core.api.Assertions.assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NodeResourcesFit");
    }

}
