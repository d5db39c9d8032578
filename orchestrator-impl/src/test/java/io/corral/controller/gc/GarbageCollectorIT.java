package io.corral.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.DeleteOptions;
import io.corral.api.client.PropagationPolicy;
import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.OwnerReference;
import io.corral.controller.ControllerCluster;
import io.corral.controller.Owners;
import io.corral.controller.replicaset.ReplicaSetController;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GarbageCollectorIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ControllerCluster cluster;

    @BeforeAll
    static void start() {
        cluster = ControllerCluster.start(ReplicaSetController::forReplicaSets, GarbageCollector::new);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private ReplicaSet replicaSetWithPods(String ns, String name, int replicas) {
        ReplicaSet rs = cluster.client.replicaSets().create(ControllerCluster.replicaSet(ns, name, replicas, Map.of("app", name)));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(replicas));
        return rs;
    }

    @Test
    void backgroundDeletionRemovesTheOwnerAtOnceAndTheDependentsAfter() {
        String ns = cluster.namespace();
        replicaSetWithPods(ns, "bg", 3);

        assertThat(cluster.client.replicaSets().inNamespace(ns).delete("bg",
                DeleteOptions.DEFAULTS.withPropagationPolicy(PropagationPolicy.BACKGROUND))).isTrue();
        assertThat(cluster.client.replicaSets().inNamespace(ns).get("bg")).isEmpty();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).isEmpty());
    }

    @Test
    void foregroundDeletionKeepsTheOwnerUntilBlockingDependentsAreGone() {
        String ns = cluster.namespace();
        ReplicaSet rs = replicaSetWithPods(ns, "fg", 2);
        // a dependent that a finalizer of ours holds back, so the owner's wait can be seen
        cluster.client.configMaps().create(new ConfigMap(null, null, ObjectMeta.builder().namespace(ns).name("held")
                .ownerReferences(List.of(Owners.controllerRef(rs))).finalizers(List.of("test.corral.io/hold")).build(),
                Map.of("k", "v"), null, null));

        cluster.client.replicaSets().inNamespace(ns).delete("fg",
                DeleteOptions.DEFAULTS.withPropagationPolicy(PropagationPolicy.FOREGROUND));

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(cluster.pods(ns)).isEmpty();
            assertThat(cluster.client.configMaps().inNamespace(ns).require("held").metadata().deletionTimestamp()).isNotNull();
        });
        ReplicaSet waiting = cluster.client.replicaSets().inNamespace(ns).require("fg");
        assertThat(waiting.metadata().deletionTimestamp()).isNotNull();
        assertThat(waiting.metadata().finalizers()).contains(GarbageCollector.FOREGROUND_FINALIZER);

        cluster.edit(cluster.client.configMaps().inNamespace(ns), "held", c -> Owners.withoutFinalizer(c, "test.corral.io/hold"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.client.replicaSets().inNamespace(ns).get("fg")).isEmpty());
    }

    @Test
    void orphanDeletionLeavesDependentsWithoutTheOwnerReference() {
        String ns = cluster.namespace();
        replicaSetWithPods(ns, "orph", 2);

        cluster.client.replicaSets().inNamespace(ns).delete("orph",
                DeleteOptions.DEFAULTS.withPropagationPolicy(PropagationPolicy.ORPHAN));

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.client.replicaSets().inNamespace(ns).get("orph")).isEmpty());
        assertThat(cluster.pods(ns)).hasSize(2).allSatisfy(p -> assertThat(p.metadata().ownerReferences()).isEmpty());
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(2));
    }

    @Test
    void anObjectWithAnotherOwnerLeftOnlyLosesTheDanglingReference() {
        String ns = cluster.namespace();
        ConfigMap first = cluster.client.configMaps().create(new ConfigMap(null, null, ObjectMeta.of(ns, "first"), Map.of(), null, null));
        ConfigMap second = cluster.client.configMaps().create(new ConfigMap(null, null, ObjectMeta.of(ns, "second"), Map.of(), null, null));
        OwnerReference a = new OwnerReference("v1", "ConfigMap", "first", first.metadata().uid(), null, null);
        OwnerReference b = new OwnerReference("v1", "ConfigMap", "second", second.metadata().uid(), null, null);
        cluster.client.configMaps().create(new ConfigMap(null, null, ObjectMeta.builder().namespace(ns).name("shared")
                .ownerReferences(List.of(a, b)).build(), Map.of(), null, null));

        cluster.client.configMaps().inNamespace(ns).delete("first");

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.client.configMaps().inNamespace(ns).require("shared")
                .metadata().ownerReferences()).containsExactly(b));
        cluster.client.configMaps().inNamespace(ns).delete("second");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.client.configMaps().inNamespace(ns).get("shared")).isEmpty());
    }
}
