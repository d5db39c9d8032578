package io.corral.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.client.ResourceClient;
import io.corral.api.client.rollout.RolloutStatus;
import io.corral.api.client.rollout.Rollouts;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.core.Pod;
import io.corral.controller.ControllerCluster;
import io.corral.controller.replicaset.ReplicaSetController;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Rollouts} against the real Deployment and ReplicaSet controllers; the test plays the node. */
class RolloutsIT {
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

    private static String image(ResourceClient<Deployment> deployments, String name) {
        return deployments.require(name).spec().template().spec().containers().get(0).image();
    }

    private static Set<String> podUids(String ns) {
        return cluster.pods(ns).stream().map(p -> p.metadata().uid()).collect(Collectors.toSet());
    }

    @Test
    void awaitReportsProgressAsKubectlAndUndoRestartAndPauseWork() throws Exception {
        String ns = cluster.namespace();
        ResourceClient<Deployment> deployments = cluster.client.deployments().inNamespace(ns);
        deployments.create(DeploymentControllerIT.deployment(ns, "web", 3, DeploymentControllerIT.rolling(1, 0)));
        try (AutoCloseable node = cluster.playNode(ns)) {
            List<String> first = new ArrayList<>();
            RolloutStatus done = Rollouts.await(deployments, "web", RolloutStatus::of, WAIT, first::add);
            assertThat(done.done()).isTrue();
            assertThat(first).last().isEqualTo("deployment \"web\" successfully rolled out");
            assertThat(first).doesNotHaveDuplicates();

            // an update: progress messages in kubectl's words, ending rolled out
            cluster.edit(deployments, "web", d -> d.withSpec(d.spec().toBuilder()
                    .template(DeploymentControllerIT.template("web", "nginx:1.25")).build()));
            List<String> update = new ArrayList<>();
            Rollouts.await(deployments, "web", RolloutStatus::of, WAIT, update::add);
            assertThat(update).anyMatch(m -> m.startsWith("Waiting for deployment \"web\" rollout to finish: "));
            assertThat(update).last().isEqualTo("deployment \"web\" successfully rolled out");
            assertThat(image(deployments, "web")).isEqualTo("nginx:1.25");

            // undo: back to the previous revision's template
            Rollouts.undo(deployments, "web", 0);
            Rollouts.await(deployments, "web", RolloutStatus::of, WAIT, m -> { });
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> image(deployments, "web").equals("nginx:1.24"));
            Rollouts.await(deployments, "web", RolloutStatus::of, WAIT, m -> { });
            assertThat(deployments.require("web").metadata().annotations()).doesNotContainKey(Rollouts.ROLLBACK_TO);
            assertThat(cluster.pods(ns)).hasSize(3).allSatisfy(p ->
                    assertThat(p.spec().containers().get(0).image()).isEqualTo("nginx:1.24"));

            // restart: every pod replaced, same image
            Set<String> before = podUids(ns);
            Rollouts.restart(deployments, "web", Clock.systemUTC());
            org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> {
                List<Pod> pods = cluster.pods(ns);
                assertThat(pods).hasSize(3).noneMatch(p -> before.contains(p.metadata().uid()));
            });
            Rollouts.await(deployments, "web", RolloutStatus::of, WAIT, m -> { });
            assertThat(deployments.require("web").spec().template().metadata().annotations()).containsKey(Rollouts.RESTARTED_AT);

            // pause: a template change is not rolled out, so the wait times out
            Rollouts.pause(deployments, "web");
            cluster.edit(deployments, "web", d -> d.withSpec(d.spec().toBuilder()
                    .template(DeploymentControllerIT.template("web", "nginx:1.26")).build()));
            Set<String> paused = podUids(ns);
            assertThatThrownBy(() -> Rollouts.await(deployments, "web", RolloutStatus::of, Duration.ofSeconds(3), m -> { }))
                    .isInstanceOf(TimeoutException.class).hasMessageContaining("new replicas have been updated");
            assertThat(podUids(ns)).isEqualTo(paused);
            Rollouts.resume(deployments, "web");
            Rollouts.await(deployments, "web", RolloutStatus::of, WAIT, m -> { });
            assertThat(cluster.pods(ns)).hasSize(3).allSatisfy(p ->
                    assertThat(p.spec().containers().get(0).image()).isEqualTo("nginx:1.26"));
        }
    }

    @Test
    void aRolloutPastItsProgressDeadlineFails() {
        String ns = cluster.namespace();
        ResourceClient<Deployment> deployments = cluster.client.deployments().inNamespace(ns);
        Deployment d = DeploymentControllerIT.deployment(ns, "stuck", 2, null);
        deployments.create(d.withSpec(d.spec().toBuilder().progressDeadlineSeconds(1).build()));
        // nobody plays the node: the pods never become ready
        assertThatThrownBy(() -> Rollouts.await(deployments, "stuck", RolloutStatus::of, WAIT, m -> { }))
                .isInstanceOf(Rollouts.RolloutFailedException.class)
                .hasMessage("deployment \"stuck\" exceeded its progress deadline");
    }
}
