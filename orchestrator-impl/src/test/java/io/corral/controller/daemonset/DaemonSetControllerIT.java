package io.corral.controller.daemonset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.labels.LabelSelector;
import io.corral.api.model.apps.DaemonSet;
import io.corral.api.model.apps.DaemonSetSpec;
import io.corral.api.model.apps.DaemonSetUpdateStrategy;
import io.corral.api.model.apps.RollingUpdateDaemonSet;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeSpec;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.core.Taint;
import io.corral.api.model.core.Toleration;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.controller.ControllerCluster;
import io.corral.controller.PodConditions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DaemonSetControllerIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ControllerCluster cluster;

    @BeforeAll
    static void start() {
        cluster = ControllerCluster.start(DaemonSetController::new);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private void node(String name, Map<String, String> labels, List<Taint> taints) {
        cluster.client.nodes().create(Node.builder().metadata(ObjectMeta.builder().name(name).labels(labels).build())
                .spec(new NodeSpec(null, null, null, null, taints)).build());
    }

    private static DaemonSet daemonSet(String ns, String pool, String image, List<Toleration> tolerations) {
        PodTemplateSpec template = PodTemplateSpec.builder().metadata(ObjectMeta.builder().labels(Map.of("app", "agent")).build())
                .spec(PodSpec.builder().nodeSelector(Map.of("pool", pool)).tolerations(tolerations)
                        .containers(List.of(Container.builder().name("agent").image(image).build())).build()).build();
        return DaemonSet.builder().metadata(ObjectMeta.of(ns, "agent")).spec(new DaemonSetSpec(
                LabelSelector.matchLabels(Map.of("app", "agent")), template,
                new DaemonSetUpdateStrategy("RollingUpdate", new RollingUpdateDaemonSet(IntOrString.of(1), null)), null, null)).build();
    }

    private List<String> podNodes(String ns) {
        return cluster.pods(ns).stream().filter(p -> p.metadata().deletionTimestamp() == null)
                .map(p -> p.spec().nodeName()).sorted().toList();
    }

    @Test
    void runsOnePodOnEveryMatchingUntaintedNodeAndFollowsLabelChanges() throws Exception {
        String ns = cluster.namespace();
        Taint dedicated = new Taint("dedicated", "db", "NoSchedule", null);
        node(ns + "-a", Map.of("pool", ns), List.of());
        node(ns + "-b", Map.of("pool", ns), List.of());
        node(ns + "-c", Map.of(), List.of());
        node(ns + "-d", Map.of("pool", ns), List.of(dedicated));
        cluster.client.daemonSets().create(daemonSet(ns, ns, "agent:1", List.of()));
        try (AutoCloseable node = cluster.playNode(ns)) {
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(podNodes(ns)).containsExactly(ns + "-a", ns + "-b"));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                DaemonSet ds = cluster.client.daemonSets().inNamespace(ns).require("agent");
                assertThat(ds.status().desiredNumberScheduled()).isEqualTo(2);
                assertThat(ds.status().currentNumberScheduled()).isEqualTo(2);
                assertThat(ds.status().numberReady()).isEqualTo(2);
            });

            cluster.client.nodes().edit(ns + "-c", n -> n.withMetadata(n.metadata().toBuilder().labels(Map.of("pool", ns)).build()));
            cluster.client.nodes().edit(ns + "-a", n -> n.withMetadata(n.metadata().toBuilder().labels(Map.of()).build()));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(podNodes(ns)).containsExactly(ns + "-b", ns + "-c"));
        }
    }

    @Test
    void aToleratedTaintDoesNotKeepThePodAway() {
        String ns = cluster.namespace();
        Taint dedicated = new Taint("dedicated", "agents", "NoSchedule", null);
        node(ns + "-t", Map.of("pool", ns), List.of(dedicated));
        cluster.client.daemonSets().create(daemonSet(ns, ns, "agent:1",
                List.of(new Toleration("dedicated", "Equal", "agents", "NoSchedule", null))));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(podNodes(ns)).containsExactly(ns + "-t"));
    }

    @Test
    void rollingUpdateReplacesPodsWithAtMostOneUnavailable() throws Exception {
        String ns = cluster.namespace();
        for (String n : List.of("x", "y", "z")) {
            node(ns + "-" + n, Map.of("pool", ns), List.of());
        }
        cluster.client.daemonSets().create(daemonSet(ns, ns, "agent:1", List.of()));
        try (AutoCloseable node = cluster.playNode(ns)) {
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.client.daemonSets().inNamespace(ns).require("agent")
                    .status().numberAvailable()).isEqualTo(3));
            AtomicInteger minReady = new AtomicInteger(3);
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    List<Pod> live = cluster.pods(ns).stream().filter(PodConditions::active).toList();
                    minReady.accumulateAndGet((int) live.stream().filter(PodConditions::ready).count(), Math::min);
                }
            });
            sampler.start();
            cluster.edit(cluster.client.daemonSets().inNamespace(ns), "agent", d -> {
                PodTemplateSpec t = d.spec().template();
                PodSpec spec = t.spec().toBuilder().containers(List.of(Container.builder().name("agent").image("agent:2").build())).build();
                return d.withSpec(new DaemonSetSpec(d.spec().selector(), new PodTemplateSpec(t.metadata(), spec),
                        d.spec().updateStrategy(), null, null));
            });
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                assertThat(cluster.pods(ns)).hasSize(3).allSatisfy(p ->
                        assertThat(p.spec().containers().get(0).image()).isEqualTo("agent:2"));
                DaemonSet ds = cluster.client.daemonSets().inNamespace(ns).require("agent");
                assertThat(ds.status().updatedNumberScheduled()).isEqualTo(3);
                assertThat(ds.status().numberAvailable()).isEqualTo(3);
            });
            sampling.set(false);
            sampler.join();
            assertThat(minReady.get()).isGreaterThanOrEqualTo(2);
        }
        Map<String, Long> perNode = new LinkedHashMap<>();
        cluster.pods(ns).forEach(p -> perNode.merge(p.spec().nodeName(), 1L, Long::sum));
        assertThat(perNode.values()).containsOnly(1L);
    }
}
