package io.corral.controller.replicaset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.ReplicationController;
import io.corral.api.model.core.ReplicationControllerSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.OwnerReference;
import io.corral.controller.ControllerCluster;
import io.corral.controller.Owners;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReplicaSetControllerIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ControllerCluster cluster;

    @BeforeAll
    static void start() {
        cluster = ControllerCluster.start(ReplicaSetController::forReplicaSets, ReplicaSetController::forReplicationControllers);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void createsReplicasWithGenerateNameAndControllerReference() {
        String ns = cluster.namespace();
        ReplicaSet rs = cluster.client.replicaSets().create(ControllerCluster.replicaSet(ns, "web", 3, Map.of("app", "web")));

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(3));
        for (Pod p : cluster.pods(ns)) {
            assertThat(p.metadata().name()).startsWith("web-");
            assertThat(p.metadata().labels()).containsEntry("app", "web");
            OwnerReference ref = Owners.controllerOf(p).orElseThrow();
            assertThat(ref.uid()).isEqualTo(rs.metadata().uid());
            assertThat(ref.kind()).isEqualTo("ReplicaSet");
        }
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            ReplicaSet now = cluster.client.replicaSets().inNamespace(ns).require("web");
            assertThat(now.status().replicas()).isEqualTo(3);
            assertThat(now.status().fullyLabeledReplicas()).isEqualTo(3);
            assertThat(now.status().readyReplicas()).isZero();
            assertThat(now.status().observedGeneration()).isEqualTo(now.metadata().generation());
        });
        cluster.pods(ns).forEach(cluster::markReady);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            ReplicaSet now = cluster.client.replicaSets().inNamespace(ns).require("web");
            assertThat(now.status().readyReplicas()).isEqualTo(3);
            assertThat(now.status().availableReplicas()).isEqualTo(3);
        });
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.client.events().inNamespace(ns).list().items())
                .filteredOn(e -> e.reason().equals("SuccessfulCreate")).hasSize(3)
                .allSatisfy(e -> assertThat(e.involvedObject().uid()).isEqualTo(rs.metadata().uid())));
    }

    @Test
    void neverCreatesMoreThanAskedWhileTheCacheCatchesUp() {
        String ns = cluster.namespace();
        cluster.client.replicaSets().create(ControllerCluster.replicaSet(ns, "steady", 20, Map.of("app", "steady")));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(20));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(20));
    }

    @Test
    void replacesDeletedPods() {
        String ns = cluster.namespace();
        cluster.client.replicaSets().create(ControllerCluster.replicaSet(ns, "heal", 2, Map.of("app", "heal")));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(2));
        String victim = cluster.pods(ns).get(0).metadata().name();
        cluster.client.pods().inNamespace(ns).delete(victim);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(2)
                .extracting(p -> p.metadata().name()).doesNotContain(victim));
    }

    @Test
    void scalesDownDeletingNotReadyPodsFirst() {
        String ns = cluster.namespace();
        cluster.client.replicaSets().create(ControllerCluster.replicaSet(ns, "down", 3, Map.of("app", "down")));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(3));
        List<Pod> pods = cluster.pods(ns);
        cluster.markReady(pods.get(0), Instant.now().minusSeconds(60));
        cluster.markReady(pods.get(1), Instant.now().minusSeconds(30));
        String notReady = pods.get(2).metadata().name();
        String readyNewer = pods.get(1).metadata().name();
        // the controller's cache has seen the readiness once the status counts it
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(cluster.client.replicaSets().inNamespace(ns).require("down").status().readyReplicas()).isEqualTo(2));

        cluster.edit(cluster.client.replicaSets().inNamespace(ns), "down", r -> scaled(r, 2));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).extracting(p -> p.metadata().name())
                .hasSize(2).doesNotContain(notReady));
        cluster.edit(cluster.client.replicaSets().inNamespace(ns), "down", r -> scaled(r, 1));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).extracting(p -> p.metadata().name())
                .containsExactly(pods.get(0).metadata().name()));
        assertThat(readyNewer).isNotEqualTo(pods.get(0).metadata().name());
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.client.events().inNamespace(ns).list().items())
                .extracting(Event::reason).contains("SuccessfulDelete"));
    }

    @Test
    void adoptsMatchingOrphansInsteadOfCreating() {
        String ns = cluster.namespace();
        Pod orphan = cluster.client.pods().create(Pod.builder().metadata(ObjectMeta.builder().namespace(ns).name("stray")
                .labels(Map.of("app", "adopt")).build()).spec(ControllerCluster.template(Map.of()).spec()).build());
        ReplicaSet rs = cluster.client.replicaSets().create(ControllerCluster.replicaSet(ns, "adopt", 2, Map.of("app", "adopt")));

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            Pod stray = cluster.client.pods().inNamespace(ns).require("stray");
            assertThat(Owners.controllerOf(stray)).map(OwnerReference::uid).contains(rs.metadata().uid());
            assertThat(cluster.pods(ns)).hasSize(2);
        });
        assertThat(orphan.metadata().ownerReferences()).isEmpty();
    }

    @Test
    void releasesPodsWhoseLabelsStopMatchingAndReplacesThem() {
        String ns = cluster.namespace();
        cluster.client.replicaSets().create(ControllerCluster.replicaSet(ns, "rel", 1, Map.of("app", "rel")));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(1));
        String name = cluster.pods(ns).get(0).metadata().name();
        cluster.edit(cluster.client.pods().inNamespace(ns), name, p -> p.withMetadata(p.metadata().toBuilder()
                .labels(Map.of("app", "debug")).build()));

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(cluster.client.pods().inNamespace(ns).require(name).metadata().ownerReferences()).isEmpty();
            assertThat(cluster.pods(ns)).hasSize(2);
        });
    }

    @Test
    void availableReplicasWaitForMinReadySeconds() {
        String ns = cluster.namespace();
        ReplicaSet spec = ControllerCluster.replicaSet(ns, "slow", 1, Map.of("app", "slow"));
        cluster.client.replicaSets().create(spec.withSpec(new io.corral.api.model.apps.ReplicaSetSpec(1, 2,
                spec.spec().selector(), spec.spec().template())));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(1));
        cluster.markReady(cluster.pods(ns).get(0));

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(cluster.client.replicaSets().inNamespace(ns).require("slow").status().readyReplicas()).isEqualTo(1));
        assertThat(cluster.client.replicaSets().inNamespace(ns).require("slow").status().availableReplicas()).isZero();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(cluster.client.replicaSets().inNamespace(ns).require("slow").status().availableReplicas()).isEqualTo(1));
    }

    @Test
    void replicationControllerUsesItsEqualitySelector() {
        String ns = cluster.namespace();
        ReplicationController rc = cluster.client.replicationControllers().create(ReplicationController.builder()
                .metadata(ObjectMeta.of(ns, "legacy"))
                .spec(new ReplicationControllerSpec(2, null, Map.of("app", "legacy"),
                        ControllerCluster.template(Map.of("app", "legacy", "tier", "web")))).build());
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(2)
                .allSatisfy(p -> assertThat(Owners.controllerOf(p).orElseThrow().uid()).isEqualTo(rc.metadata().uid())));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.client.replicationControllers().inNamespace(ns)
                .require("legacy").status().replicas()).isEqualTo(2));
        List<Pod> sorted = cluster.pods(ns).stream().sorted(Comparator.comparing(p -> p.metadata().name())).toList();
        assertThat(sorted).allSatisfy(p -> assertThat(p.metadata().name()).startsWith("legacy-"));
    }

    private static ReplicaSet scaled(ReplicaSet rs, int replicas) {
        var s = rs.spec();
        return rs.withSpec(new io.corral.api.model.apps.ReplicaSetSpec(replicas, s.minReadySeconds(), s.selector(), s.template()));
    }
}
