package io.corral.controller.statefulset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.labels.LabelSelector;
import io.corral.api.model.apps.RollingUpdateStatefulSetStrategy;
import io.corral.api.model.apps.StatefulSet;
import io.corral.api.model.apps.StatefulSetSpec;
import io.corral.api.model.apps.StatefulSetUpdateStrategy;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.PersistentVolumeClaimSpec;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.controller.ControllerCluster;
import io.corral.controller.PodConditions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StatefulSetControllerIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ControllerCluster cluster;

    @BeforeAll
    static void start() {
        cluster = ControllerCluster.start(StatefulSetController::new);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static PodTemplateSpec template(String image) {
        return PodTemplateSpec.builder().metadata(ObjectMeta.builder().labels(Map.of("app", "db")).build())
                .spec(PodSpec.builder().containers(List.of(Container.builder().name("db").image(image).build())).build()).build();
    }

    private static StatefulSet set(String ns, int replicas, String policy, Integer partition) {
        PersistentVolumeClaim data = new PersistentVolumeClaim(null, null, ObjectMeta.named("data"),
                new PersistentVolumeClaimSpec(List.of("ReadWriteOnce"), null,
                        new io.corral.api.model.core.ResourceRequirements(null,
                                Map.of("storage", io.corral.api.quantity.Quantity.parse("1Gi"))),
                        null, null, null), null);
        return StatefulSet.builder().metadata(ObjectMeta.of(ns, "db")).spec(StatefulSetSpec.builder().replicas(replicas)
                .selector(LabelSelector.matchLabels(Map.of("app", "db"))).template(template("postgres:15"))
                .serviceName("db").podManagementPolicy(policy).volumeClaimTemplates(List.of(data))
                .updateStrategy(new StatefulSetUpdateStrategy("RollingUpdate", new RollingUpdateStatefulSetStrategy(partition, null)))
                .build()).build();
    }

    private List<String> names(String ns) {
        return cluster.pods(ns).stream().map(p -> p.metadata().name()).sorted().toList();
    }

    @Test
    void orderedReadyCreatesOnePodAtATimeWithStableIdentityAndClaims() {
        String ns = cluster.namespace();
        cluster.client.statefulSets().create(set(ns, 3, "OrderedReady", 0));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(names(ns)).containsExactly("db-0"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(names(ns)).hasSize(1));

        Pod first = cluster.client.pods().inNamespace(ns).require("db-0");
        assertThat(first.spec().hostname()).isEqualTo("db-0");
        assertThat(first.spec().subdomain()).isEqualTo("db");
        assertThat(first.spec().volumes()).anySatisfy(v -> assertThat(v.persistentVolumeClaim().claimName()).isEqualTo("data-db-0"));
        assertThat(cluster.client.persistentVolumeClaims().inNamespace(ns).get("data-db-0")).isPresent();

        cluster.markReady(first);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(names(ns)).containsExactly("db-0", "db-1"));
        cluster.markReady(cluster.client.pods().inNamespace(ns).require("db-1"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(names(ns)).containsExactly("db-0", "db-1", "db-2"));
        cluster.markReady(cluster.client.pods().inNamespace(ns).require("db-2"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            StatefulSet s = cluster.client.statefulSets().inNamespace(ns).require("db");
            assertThat(s.status().readyReplicas()).isEqualTo(3);
            assertThat(s.status().currentRevision()).isEqualTo(s.status().updateRevision());
        });
    }

    @Test
    void aReplacedPodGetsTheSameNameAndClaim() {
        String ns = cluster.namespace();
        cluster.client.statefulSets().create(set(ns, 1, "Parallel", 0));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(names(ns)).containsExactly("db-0"));
        String claimUid = cluster.client.persistentVolumeClaims().inNamespace(ns).require("data-db-0").metadata().uid();
        String podUid = cluster.client.pods().inNamespace(ns).require("db-0").metadata().uid();

        cluster.client.pods().inNamespace(ns).delete("db-0");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            Pod again = cluster.client.pods().inNamespace(ns).require("db-0");
            assertThat(again.metadata().uid()).isNotEqualTo(podUid);
            assertThat(again.spec().volumes()).anySatisfy(v -> assertThat(v.persistentVolumeClaim().claimName()).isEqualTo("data-db-0"));
        });
        assertThat(cluster.client.persistentVolumeClaims().inNamespace(ns).require("data-db-0").metadata().uid()).isEqualTo(claimUid);
    }

    @Test
    void parallelCreatesAllAndScaleDownKeepsClaims() {
        String ns = cluster.namespace();
        cluster.client.statefulSets().create(set(ns, 3, "Parallel", 0));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(names(ns)).containsExactly("db-0", "db-1", "db-2"));

        cluster.edit(cluster.client.statefulSets().inNamespace(ns), "db", s -> s.withSpec(s.spec().toBuilder().replicas(1).build()));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(names(ns)).containsExactly("db-0"));
        assertThat(cluster.client.persistentVolumeClaims().inNamespace(ns).list().items())
                .extracting(c -> c.metadata().name()).containsExactlyInAnyOrder("data-db-0", "data-db-1", "data-db-2");
    }

    @Test
    void rollingUpdateReplacesFromTheHighestOrdinalDownToThePartition() throws Exception {
        String ns = cluster.namespace();
        cluster.client.statefulSets().create(set(ns, 3, "OrderedReady", 1));
        try (AutoCloseable node = cluster.playNode(ns)) {
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(cluster.client.statefulSets().inNamespace(ns).require("db")
                    .status().readyReplicas()).isEqualTo(3));
            AtomicBoolean twoDown = new AtomicBoolean();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    if (cluster.pods(ns).stream().filter(PodConditions::active).count() < 2) {
                        twoDown.set(true);
                    }
                }
            });
            sampler.start();
            cluster.edit(cluster.client.statefulSets().inNamespace(ns), "db", s -> s.withSpec(s.spec().toBuilder()
                    .template(template("postgres:16")).build()));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                assertThat(image(ns, "db-2")).isEqualTo("postgres:16");
                assertThat(image(ns, "db-1")).isEqualTo("postgres:16");
                assertThat(cluster.client.statefulSets().inNamespace(ns).require("db").status().updatedReplicas()).isEqualTo(2);
            });
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(image(ns, "db-0")).isEqualTo("postgres:15"));
            sampling.set(false);
            sampler.join();
            assertThat(twoDown).as("one pod replaced at a time").isFalse();
        }
    }

    private String image(String ns, String pod) {
        return cluster.client.pods().inNamespace(ns).require(pod).spec().containers().get(0).image();
    }
}
