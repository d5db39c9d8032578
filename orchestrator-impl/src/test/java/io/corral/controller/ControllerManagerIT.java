package io.corral.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.apps.ReplicaSetSpec;
import io.corral.controller.replicaset.ReplicaSetController;
import io.corral.member.CorralMember;
import io.corral.store.StoreConfig;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class ControllerManagerIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void stopsAndStartsAgainAsALeaderCallbackWouldAndReportsMetrics() {
        try (ControllerCluster cluster = ControllerCluster.start(ReplicaSetController::forReplicaSets)) {
            String ns = cluster.namespace();
            cluster.client.replicaSets().create(ControllerCluster.replicaSet(ns, "lead", 1, Map.of("app", "lead")));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(1));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                Timer ok = cluster.meters.find("corral.controller.reconcile").tags("controller", "replicaset", "outcome", "success").timer();
                assertThat(ok).isNotNull();
                assertThat(ok.count()).isPositive();
            });
            assertThat(cluster.meters.find("corral.controller.queue.depth").tag("controller", "replicaset").gauge()).isNotNull();

            cluster.manager.stop();
            cluster.manager.stop();
            assertThat(cluster.manager.running()).isFalse();
            cluster.edit(cluster.client.replicaSets().inNamespace(ns), "lead", rs -> rs.withSpec(new ReplicaSetSpec(3,
                    rs.spec().minReadySeconds(), rs.spec().selector(), rs.spec().template())));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(1));

            cluster.manager.start();
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.pods(ns)).hasSize(3));
            assertThat(cluster.meters.find("corral.controller.queue.depth").tag("controller", "replicaset").gauge().value())
                    .isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void aMemberRunsItsControllersByDefault() {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        StoreConfig config = StoreConfig.builder().clusterName("corral-controllers-member-" + UUID.randomUUID()).port(port)
                .members(List.of("127.0.0.1:" + port)).quorum(1).maxNoHeartbeatSeconds(15).build();
        try (CorralMember member = CorralMember.builder().storeConfig(config).start();
             CorralClient client = member.client()) {
            await().atMost(WAIT).ignoreExceptions().until(() -> client.namespaces().get("default").isPresent());
            ReplicaSet rs = client.replicaSets().create(ControllerCluster.replicaSet("default", "embedded", 2, Map.of("app", "embedded")));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(client.pods().inNamespace("default").list().items()).hasSize(2));
            client.replicaSets().inNamespace("default").delete(rs.metadata().name());
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(client.pods().inNamespace("default").list().items()).isEmpty());
        }
    }
}
