package io.corral.e2e.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.DeploymentCondition;
import io.corral.api.model.apps.DeploymentStatus;
import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.controller.deployment.DeploymentController;
import io.corral.junit.DockerEngine;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@DisplayName("A Deployment rolls out on a Docker node and back without dropping below replicas - maxUnavailable ready pods")
@ExtendWith(SharedDockerCluster.class)
class DeploymentRolloutIT {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentRolloutIT.class);
    private static final String TAG_1 = DockerEngine.BUSYBOX;
    private static final String TAG_2 = "corral-test/busybox:2";
    private static final int REPLICAS = 3;
    private static final int MAX_UNAVAILABLE = 1;

    private static DockerCluster cluster;
    private static String ns;

    @BeforeAll
    static void setUp(DockerCluster shared) {
        cluster = shared;
        DockerCluster.run(List.of("docker", "tag", TAG_1, TAG_2));
        ns = cluster.createNamespace("rollout");
    }

    @AfterAll
    static void tearDown() {
        if (cluster == null) {
            return;
        }
        try {
            cluster.deleteNamespaceContents(ns);
        } finally {
            // removes the tag only: the image keeps its first name
            DockerCluster.run(List.of("docker", "rmi", TAG_2));
        }
    }

    @Test
    @DisplayName("3 replicas, maxSurge 1, maxUnavailable 1, readiness probe: tag 1 to tag 2 and a rollback to tag 1")
    void rollingUpdateAndRollback() {
        var deployments = cluster.client().deployments().inNamespace(ns);
        deployments.create(cluster.yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: %d
                  minReadySeconds: 1
                  revisionHistoryLimit: 5
                  selector: {matchLabels: {app: web}}
                  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: %d}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: httpd
                        image: %s
                        imagePullPolicy: IfNotPresent
                        command: [sh, -c, "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www"]
                        readinessProbe:
                          httpGet: {path: /index.html, port: 8080}
                          periodSeconds: 1
                          failureThreshold: 1
                """.formatted(REPLICAS, MAX_UNAVAILABLE, TAG_1), Deployment.class));
        Duration first = awaitRollout("web");
        LOG.info("initial rollout of {} replicas took {} ms", REPLICAS, first.toMillis());
        assertRunningImage("web", TAG_1);
        ReplicaSet rs1 = onlyActiveReplicaSet("web");

        try (ReadyPodWatcher watcher = new ReadyPodWatcher(cluster.client().pods().inNamespace(ns).withLabelSelector("app=web"));
             StateHistory<Deployment, DeploymentStatus> history = new StateHistory<>(deployments, "web", Deployment::status)) {
            // the rollout to tag 2
            watcher.resetMinimum();
            assertThat(watcher.minimum()).isEqualTo(REPLICAS);
            deployments.edit("web", d -> d.withSpec(d.spec().toBuilder().template(withImage(d.spec().template(), TAG_2)).build()));
            Duration update = awaitRollout("web");
            int minUpdate = watcher.minimum();
            LOG.info("rollout {} -> {} took {} ms; minimum ready pods {} over {} pod events (floor {})", TAG_1, TAG_2,
                    update.toMillis(), minUpdate, watcher.events(), REPLICAS - MAX_UNAVAILABLE);
            assertThat(watcher.failure()).isNull();
            assertThat(watcher.events()).isGreaterThan(REPLICAS);
            assertThat(minUpdate).isGreaterThanOrEqualTo(REPLICAS - MAX_UNAVAILABLE);
            assertRunningImage("web", TAG_2);
            ReplicaSet rs2 = onlyActiveReplicaSet("web");
            assertThat(rs2.metadata().uid()).isNotEqualTo(rs1.metadata().uid());
            ReplicaSet oldRs = cluster.client().replicaSets().inNamespace(ns).require(rs1.metadata().name());
            assertThat(oldRs.metadata().uid()).as("the old ReplicaSet stays in the history").isEqualTo(rs1.metadata().uid());
            assertThat(oldRs.spec().replicas()).isZero();
            assertThat(oldRs.metadata().annotations()).containsEntry(DeploymentController.REVISION, "1");
            assertThat(rs2.metadata().annotations()).containsEntry(DeploymentController.REVISION, "2");

            // the rollback to the previous revision, as kubectl rollout undo
            watcher.resetMinimum();
            deployments.edit("web", d -> {
                Map<String, String> a = new LinkedHashMap<>(d.metadata().annotations());
                a.put(DeploymentController.ROLLBACK_TO, "0");
                return d.withMetadata(d.metadata().toBuilder().annotations(a).build());
            });
            await().atMost(DockerCluster.WAIT).until(() -> TAG_1.equals(image(deployments.require("web").spec().template())));
            Duration rollback = awaitRollout("web");
            int minRollback = watcher.minimum();
            LOG.info("rollback {} -> {} took {} ms; minimum ready pods {} over {} pod events (floor {})", TAG_2, TAG_1,
                    rollback.toMillis(), minRollback, watcher.events(), REPLICAS - MAX_UNAVAILABLE);
            assertThat(watcher.failure()).isNull();
            assertThat(minRollback).isGreaterThanOrEqualTo(REPLICAS - MAX_UNAVAILABLE);
            assertRunningImage("web", TAG_1);
            ReplicaSet back = onlyActiveReplicaSet("web");
            assertThat(back.metadata().uid()).as("the rollback reuses the first ReplicaSet").isEqualTo(rs1.metadata().uid());
            assertThat(back.metadata().annotations()).containsEntry(DeploymentController.REVISION, "3");
            assertThat(deployments.require("web").metadata().annotations()).containsEntry(DeploymentController.REVISION, "3")
                    .doesNotContainKey(DeploymentController.ROLLBACK_TO);
            assertThat(cluster.client().replicaSets().inNamespace(ns).require(rs2.metadata().name()).spec().replicas()).isZero();

            // the Deployment's own status, as its controller wrote it, agrees with what the pod watch saw
            List<DeploymentStatus> statuses = history.values().stream().filter(Objects::nonNull).toList();
            assertThat(StateHistory.decreases(statuses.stream().map(DeploymentStatus::observedGeneration).toList()))
                    .as("observedGeneration never goes back").isEmpty();
            assertThat(statuses.stream().mapToInt(st -> orZero(st.availableReplicas())).min().orElseThrow())
                    .as("status.availableReplicas during both rollouts").isGreaterThanOrEqualTo(REPLICAS - MAX_UNAVAILABLE);
            LOG.info("{} Deployment status writes during both rollouts", statuses.size());
        }
    }

    /**
     * Waits for the rollout to finish as {@code kubectl rollout status} does, logging each new
     * state; then checks the final status. Returns how long it took.
     */
    private Duration awaitRollout(String name) {
        long start = System.nanoTime();
        AtomicReference<String> last = new AtomicReference<>();
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            Deployment d = cluster.client().deployments().inNamespace(ns).require(name);
            String message = rolloutStatus(d);
            if (!message.equals(last.getAndSet(message))) {
                LOG.info("{}", message);
            }
            return message.startsWith("deployment ");
        });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Deployment d = cluster.client().deployments().inNamespace(ns).require(name);
        DeploymentStatus s = d.status();
        assertThat(s.observedGeneration()).isEqualTo(d.metadata().generation());
        assertThat(List.of(s.updatedReplicas(), s.readyReplicas(), s.availableReplicas(), s.replicas()))
                .containsOnly(REPLICAS);
        DeploymentCondition progressing = s.conditions().stream().filter(c -> "Progressing".equals(c.type())).findFirst().orElseThrow();
        assertThat(progressing.status()).isEqualTo("True");
        assertThat(progressing.reason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(s.conditions()).anySatisfy(c -> {
            assertThat(c.type()).isEqualTo("Available");
            assertThat(c.status()).isEqualTo("True");
        });
        return took;
    }

    /** kubectl's rollout status message for a RollingUpdate Deployment; "deployment ... successfully rolled out" when done. */
    private static String rolloutStatus(Deployment d) {
        String name = d.metadata().name();
        DeploymentStatus s = d.status();
        if (s == null || s.observedGeneration() == null || s.observedGeneration() < d.metadata().generation()) {
            return "Waiting for deployment spec update to be observed...";
        }
        int want = d.spec().replicas();
        int updated = orZero(s.updatedReplicas());
        int replicas = orZero(s.replicas());
        int available = orZero(s.availableReplicas());
        boolean progressed = s.conditions().stream().anyMatch(c -> "Progressing".equals(c.type())
                && "NewReplicaSetAvailable".equals(c.reason()));
        if (updated < want) {
            return "Waiting for deployment \"%s\" rollout to finish: %d out of %d new replicas have been updated...".formatted(name, updated, want);
        }
        if (replicas > updated) {
            return "Waiting for deployment \"%s\" rollout to finish: %d old replicas are pending termination...".formatted(name, replicas - updated);
        }
        if (available < updated) {
            return "Waiting for deployment \"%s\" rollout to finish: %d of %d updated replicas are available...".formatted(name, available, updated);
        }
        if (!progressed) {
            return "Waiting for deployment \"%s\" rollout to finish: waiting for the Progressing condition...".formatted(name);
        }
        return "deployment \"%s\" successfully rolled out".formatted(name);
    }

    /** Once the old pods are gone: every pod of the Deployment runs {@code image}, in its status and on the engine. */
    private void assertRunningImage(String name, String image) {
        await().atMost(DockerCluster.WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
            List<Pod> pods = cluster.client().pods().inNamespace(ns).withLabelSelector("app=" + name).list().items();
            assertThat(pods).hasSize(REPLICAS).allSatisfy(p -> {
                assertThat(p.metadata().deletionTimestamp()).isNull();
                assertThat(p.status().containerStatuses()).singleElement().satisfies(c -> {
                    assertThat(c.image()).isEqualTo(image);
                    assertThat(c.ready()).isTrue();
                });
                assertThat(cluster.runningImagesOfPod(p.metadata().uid())).containsExactly(image);
            });
        });
    }

    private ReplicaSet onlyActiveReplicaSet(String name) {
        List<ReplicaSet> active = cluster.client().replicaSets().inNamespace(ns).withLabelSelector("app=" + name).list().items().stream()
                .filter(rs -> rs.spec().replicas() != null && rs.spec().replicas() > 0).toList();
        assertThat(active).hasSize(1);
        assertThat(active.get(0).status().availableReplicas()).isEqualTo(REPLICAS);
        return active.get(0);
    }

    private static PodTemplateSpec withImage(PodTemplateSpec t, String image) {
        List<Container> containers = t.spec().containers().stream().map(c -> c.toBuilder().image(image).build()).toList();
        return new PodTemplateSpec(t.metadata(), t.spec().toBuilder().containers(containers).build());
    }

    private static String image(PodTemplateSpec t) {
        return t.spec().containers().stream().map(Container::image).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}
