package io.corral.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.labels.LabelSelector;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.DeploymentCondition;
import io.corral.api.model.apps.DeploymentSpec;
import io.corral.api.model.apps.DeploymentStrategy;
import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.apps.RollingUpdateDeployment;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.controller.ControllerCluster;
import io.corral.controller.Owners;
import io.corral.controller.PodConditions;
import io.corral.controller.replicaset.ReplicaSetController;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeploymentControllerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ControllerCluster cluster;

    @BeforeAll
    static void start() {
        cluster = ControllerCluster.start(ReplicaSetController::forReplicaSets, DeploymentController::new);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static PodTemplateSpec template(String app, String image) {
        return PodTemplateSpec.builder().metadata(ObjectMeta.builder().labels(Map.of("app", app)).build())
                .spec(PodSpec.builder().containers(List.of(Container.builder().name("app").image(image).build())).build())
                .build();
    }

    static Deployment deployment(String ns, String name, int replicas, DeploymentStrategy strategy) {
        return Deployment.builder().metadata(ObjectMeta.of(ns, name)).spec(DeploymentSpec.builder().replicas(replicas)
                .selector(LabelSelector.matchLabels(Map.of("app", name))).template(template(name, "nginx:1.24"))
                .strategy(strategy).build()).build();
    }

    static DeploymentStrategy rolling(int surge, int unavailable) {
        return new DeploymentStrategy("RollingUpdate", new RollingUpdateDeployment(IntOrString.of(unavailable), IntOrString.of(surge)));
    }

    private Deployment get(String ns, String name) {
        return cluster.client.deployments().inNamespace(ns).require(name);
    }

    private List<ReplicaSet> replicaSets(String ns) {
        return cluster.client.replicaSets().inNamespace(ns).list().items();
    }

    private static DeploymentCondition condition(Deployment d, String type) {
        return d.status() == null ? null : d.status().conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElse(null);
    }

    private void setImage(String ns, String name, String image) {
        edit(ns, name, d -> d.withSpec(d.spec().toBuilder()
                .template(template(name, image)).build()));
    }

    /** Edits, retrying while the controller's own writes keep winning the optimistic-concurrency race. */
    private static void edit(String ns, String name, java.util.function.UnaryOperator<Deployment> change) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            cluster.client.deployments().inNamespace(ns).edit(name, change);
            return true;
        });
    }

    private void awaitComplete(String ns, String name, int replicas) {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            Deployment d = get(ns, name);
            assertThat(d.status()).isNotNull();
            assertThat(d.status().observedGeneration()).isEqualTo(d.metadata().generation());
            assertThat(d.status().updatedReplicas()).isEqualTo(replicas);
            assertThat(d.status().availableReplicas()).isEqualTo(replicas);
            assertThat(d.status().replicas()).isEqualTo(replicas);
            assertThat(condition(d, "Progressing").reason()).isEqualTo("NewReplicaSetAvailable");
        });
    }

    @Test
    void createsAHashedReplicaSetAndReportsAvailability() throws Exception {
        String ns = cluster.namespace();
        Deployment d = cluster.client.deployments().create(deployment(ns, "web", 3, null));
        try (AutoCloseable node = cluster.playNode(ns)) {
            awaitComplete(ns, "web", 3);
        }
        List<ReplicaSet> sets = replicaSets(ns);
        assertThat(sets).hasSize(1);
        ReplicaSet rs = sets.get(0);
        String hash = rs.metadata().labels().get(DeploymentController.HASH_LABEL);
        assertThat(hash).isNotEmpty();
        assertThat(rs.metadata().name()).isEqualTo("web-" + hash);
        assertThat(rs.metadata().annotations()).containsEntry(DeploymentController.REVISION, "1");
        assertThat(rs.spec().selector().matchLabels()).containsEntry(DeploymentController.HASH_LABEL, hash);
        assertThat(Owners.controllerOf(rs).orElseThrow().uid()).isEqualTo(d.metadata().uid());
        assertThat(cluster.pods(ns)).hasSize(3).allSatisfy(p ->
                assertThat(p.metadata().labels()).containsEntry(DeploymentController.HASH_LABEL, hash));
        Deployment now = get(ns, "web");
        assertThat(now.metadata().annotations()).containsEntry(DeploymentController.REVISION, "1");
        assertThat(condition(now, "Available").status()).isEqualTo("True");
        // a finished rollout is quiet: no further writes to the Deployment
        String version = now.metadata().resourceVersion();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(get(ns, "web").metadata().resourceVersion()).isEqualTo(version));
    }

    @Test
    void rollingUpdateStaysWithinSurgeAndUnavailability() throws Exception {
        String ns = cluster.namespace();
        cluster.client.deployments().create(deployment(ns, "roll", 4, rolling(1, 0)));
        try (AutoCloseable node = cluster.playNode(ns)) {
            awaitComplete(ns, "roll", 4);
            AtomicInteger maxPods = new AtomicInteger();
            AtomicInteger minReady = new AtomicInteger(Integer.MAX_VALUE);
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    List<Pod> active = cluster.pods(ns).stream().filter(PodConditions::active).toList();
                    maxPods.accumulateAndGet(active.size(), Math::max);
                    minReady.accumulateAndGet((int) active.stream().filter(PodConditions::ready).count(), Math::min);
                }
            });
            sampler.start();
            setImage(ns, "roll", "nginx:1.25");
            awaitComplete(ns, "roll", 4);
            sampling.set(false);
            sampler.join();
            assertThat(maxPods.get()).isLessThanOrEqualTo(5);
            assertThat(minReady.get()).isGreaterThanOrEqualTo(4);
        }
        assertThat(replicaSets(ns)).hasSize(2).anySatisfy(rs -> {
            assertThat(rs.metadata().annotations()).containsEntry(DeploymentController.REVISION, "2");
            assertThat(rs.spec().replicas()).isEqualTo(4);
        }).anySatisfy(rs -> {
            assertThat(rs.metadata().annotations()).containsEntry(DeploymentController.REVISION, "1");
            assertThat(rs.spec().replicas()).isZero();
        });
        assertThat(cluster.pods(ns)).hasSize(4).allSatisfy(p ->
                assertThat(p.spec().containers().get(0).image()).isEqualTo("nginx:1.25"));
    }

    @Test
    void recreateRemovesOldPodsBeforeCreatingNewOnes() throws Exception {
        String ns = cluster.namespace();
        cluster.client.deployments().create(deployment(ns, "rec", 3, new DeploymentStrategy("Recreate", null)));
        try (AutoCloseable node = cluster.playNode(ns)) {
            awaitComplete(ns, "rec", 3);
            AtomicBoolean mixed = new AtomicBoolean();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    long images = cluster.pods(ns).stream().map(p -> p.spec().containers().get(0).image()).distinct().count();
                    if (images > 1) {
                        mixed.set(true);
                    }
                }
            });
            sampler.start();
            setImage(ns, "rec", "nginx:1.25");
            awaitComplete(ns, "rec", 3);
            sampling.set(false);
            sampler.join();
            assertThat(mixed).isFalse();
        }
    }

    @Test
    void rollsBackToARevisionByAnnotationReusingItsReplicaSet() throws Exception {
        String ns = cluster.namespace();
        cluster.client.deployments().create(deployment(ns, "back", 2, rolling(1, 0)));
        try (AutoCloseable node = cluster.playNode(ns)) {
            awaitComplete(ns, "back", 2);
            String firstRs = replicaSets(ns).get(0).metadata().name();
            setImage(ns, "back", "nginx:broken");
            await().atMost(WAIT).until(() -> replicaSets(ns).size() == 2);
            awaitComplete(ns, "back", 2);

            edit(ns, "back", d -> d.withMetadata(d.metadata().toBuilder()
                    .annotations(Map.of(DeploymentController.ROLLBACK_TO, "1")).build()));
            awaitComplete(ns, "back", 2);
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                Deployment d = get(ns, "back");
                assertThat(d.spec().template().spec().containers().get(0).image()).isEqualTo("nginx:1.24");
                assertThat(d.metadata().annotations()).doesNotContainKey(DeploymentController.ROLLBACK_TO)
                        .containsEntry(DeploymentController.REVISION, "3");
                ReplicaSet first = cluster.client.replicaSets().inNamespace(ns).require(firstRs);
                assertThat(first.metadata().annotations()).containsEntry(DeploymentController.REVISION, "3");
                assertThat(first.spec().replicas()).isEqualTo(2);
            });
        }
        assertThat(cluster.client.events().inNamespace(ns).list().items())
                .anySatisfy(e -> assertThat(e.reason()).isEqualTo("DeploymentRollback"));
    }

    @Test
    void keepsOnlyRevisionHistoryLimitOldReplicaSets() throws Exception {
        String ns = cluster.namespace();
        Deployment spec = deployment(ns, "hist", 1, rolling(1, 0));
        cluster.client.deployments().create(spec.withSpec(spec.spec().toBuilder().revisionHistoryLimit(1).build()));
        try (AutoCloseable node = cluster.playNode(ns)) {
            awaitComplete(ns, "hist", 1);
            for (String image : List.of("nginx:1.25", "nginx:1.26", "nginx:1.27")) {
                setImage(ns, "hist", image);
                await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(get(ns, "hist").spec().template().spec()
                        .containers().get(0).image()).isEqualTo(image));
                awaitComplete(ns, "hist", 1);
            }
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(replicaSets(ns))
                    .extracting(rs -> rs.metadata().annotations().get(DeploymentController.REVISION))
                    .containsExactlyInAnyOrder("3", "4"));
        }
    }

    @Test
    void pausedDeploymentScalesButDoesNotRollOut() throws Exception {
        String ns = cluster.namespace();
        cluster.client.deployments().create(deployment(ns, "pause", 2, rolling(1, 0)));
        try (AutoCloseable node = cluster.playNode(ns)) {
            awaitComplete(ns, "pause", 2);
            edit(ns, "pause", d -> d.withSpec(d.spec().toBuilder().paused(true)
                    .replicas(3).template(template("pause", "nginx:1.25")).build()));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                assertThat(cluster.pods(ns)).hasSize(3);
                assertThat(condition(get(ns, "pause"), "Progressing").reason()).isEqualTo("DeploymentPaused");
            });
            assertThat(replicaSets(ns)).hasSize(1);

            edit(ns, "pause", d -> d.withSpec(d.spec().toBuilder().paused(false).build()));
            awaitComplete(ns, "pause", 3);
            assertThat(cluster.pods(ns)).allSatisfy(p -> assertThat(p.spec().containers().get(0).image()).isEqualTo("nginx:1.25"));
        }
    }

    @Test
    void reportsProgressDeadlineExceededWhenPodsNeverBecomeReady() {
        String ns = cluster.namespace();
        Deployment spec = deployment(ns, "stuck", 2, null);
        cluster.client.deployments().create(spec.withSpec(spec.spec().toBuilder().progressDeadlineSeconds(1).build()));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            DeploymentCondition c = condition(get(ns, "stuck"), "Progressing");
            assertThat(c).isNotNull();
            assertThat(c.status()).isEqualTo("False");
            assertThat(c.reason()).isEqualTo("ProgressDeadlineExceeded");
            assertThat(condition(get(ns, "stuck"), "Available").status()).isEqualTo("False");
        });
    }

    @Test
    void scalingDuringARolloutIsSharedProportionally() throws Exception {
        String ns = cluster.namespace();
        cluster.client.deployments().create(deployment(ns, "prop", 10, rolling(3, 2)));
        try (AutoCloseable node = cluster.playNode(ns)) {
            awaitComplete(ns, "prop", 10);
        }
        // no node now: the new pods never get ready, so the rollout stays in the middle
        setImage(ns, "prop", "nginx:1.25");
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(replicaSets(ns)).hasSize(2)
                .allSatisfy(rs -> assertThat(rs.spec().replicas()).isPositive()));
        edit(ns, "prop", d -> d.withSpec(d.spec().toBuilder().replicas(20).build()));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            List<ReplicaSet> sets = replicaSets(ns);
            int total = sets.stream().mapToInt(rs -> rs.spec().replicas()).sum();
            // replicas + maxSurge, shared between the two ReplicaSets
            assertThat(total).isEqualTo(20 + 3);
            assertThat(sets).allSatisfy(rs -> assertThat(rs.spec().replicas()).isGreaterThan(5));
            assertThat(sets).allSatisfy(rs -> assertThat(rs.metadata().annotations())
                    .containsEntry(DeploymentController.DESIRED_REPLICAS, "20"));
        });
    }
}
