package io.corral.samples.testframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.labels.LabelSelector;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.DeploymentSpec;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.core.Toleration;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.junit.CorralExtension;
import io.corral.junit.CorralTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sample 3 of the test framework: a control-plane member dies, and the cluster puts back what was asked.
 *
 * <p>The cluster is three Corral members in this JVM, on loopback, with 50 simulated nodes (hollow nodes: no
 * containers run anywhere, but the node agents, the scheduler and the controllers are the real ones). Killing a
 * member is a crash: its Hazelcast member vanishes and the 17 nodes it ran stop sending heartbeats. The node
 * lifecycle controller marks them NotReady after the grace period, evicts their pods after the pods' toleration,
 * and the Deployment's ReplicaSet creates replacements, which the scheduler puts on the nodes still alive. The
 * controllers and the scheduler are leader-elected: if the killed member was running them, another member takes
 * over after the lease (5 s in test clusters).
 */
class MemberFailureIT {
    /** A silent node is NotReady after this (kubelet's default is 40 s). */
    private static final Duration NODE_GRACE = Duration.ofSeconds(5);
    /** Pods leave an unreachable node after this (Kubernetes' default is 300 s). */
    private static final long TOLERATION_SECONDS = 5;
    private static final int REPLICAS = 12;

    // One cluster for the class (a static field); an instance field would give each test method its own.
    @RegisterExtension
    static final CorralExtension CORRAL = CorralExtension.builder()
            .members(3)                   // writes need a majority: two members keep the cluster writable
            .simulatedNodes(50)           // node-0 .. node-49, node i on member i % 3
            .nodeGracePeriod(NODE_GRACE)
            .build();

    @Test
    void aDeploymentRecoversWhenAMemberDies(CorralTestCluster cluster, CorralClient client) {
        // The injected client talks to member 0 in-process, so we kill another member.
        int victim = 2;
        List<String> deadNodes = cluster.nodesOf(victim);

        client.deployments().inNamespace("default").create(deployment("web", REPLICAS));
        await().atMost(Duration.ofSeconds(60)).until(() -> readyPodsOf(client, "web").size() == REPLICAS);
        assertThat(podsOn(readyPodsOf(client, "web"), deadNodes))
                .as("some pods run on the victim's nodes, or the test proves nothing").isNotEmpty();

        cluster.killMember(victim);

        // Expected: grace (5 s) + toleration (5 s) + a few seconds to schedule and start the replacements;
        // plus the lease (5 s) if the victim was running the controllers.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Pod> ready = readyPodsOf(client, "web");
            assertThat(ready).hasSize(REPLICAS);
            assertThat(podsOn(ready, deadNodes)).isEmpty();
        });
        // The Deployment's status agrees.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                client.deployments().inNamespace("default").require("web").status().readyReplicas())
                .isEqualTo(REPLICAS));
    }

    /**
     * A Deployment of pods that sleep for ever. Its pods tolerate an unreachable node for {@link #TOLERATION_SECONDS}
     * instead of the default five minutes, so the test does not wait that long.
     */
    private static Deployment deployment(String app, int replicas) {
        Toleration unreachable = new Toleration("node.kubernetes.io/unreachable", "Exists", null, "NoExecute",
                TOLERATION_SECONDS);
        return Deployment.builder()
                .metadata(ObjectMeta.of("default", app))
                .spec(DeploymentSpec.builder()
                        .replicas(replicas)
                        .selector(LabelSelector.matchLabels(Map.of("app", app)))
                        .template(PodTemplateSpec.builder()
                                .metadata(ObjectMeta.builder().labels(Map.of("app", app)).build())
                                .spec(PodSpec.builder()
                                        .tolerations(List.of(unreachable))
                                        .containers(List.of(Container.builder().name(app).image("busybox:1.36")
                                                .command(List.of("sh", "-c", "sleep infinity")).build()))
                                        .build())
                                .build())
                        .build())
                .build();
    }

    /**
     * The pods of the app that are ready and not being deleted. Pods evicted from a dead node stay in the API,
     * marked for deletion, because no agent is left to confirm that their containers stopped (as in Kubernetes).
     */
    private static List<Pod> readyPodsOf(CorralClient client, String app) {
        return client.pods().inNamespace("default").withLabelSelector("app=" + app).list().items().stream()
                .filter(p -> p.metadata().deletionTimestamp() == null)
                .filter(p -> p.status() != null && p.status().conditions() != null && p.status().conditions().stream()
                        .anyMatch(c -> "Ready".equals(c.type()) && "True".equals(c.status())))
                .toList();
    }

    private static List<String> podsOn(List<Pod> pods, List<String> nodes) {
        return pods.stream().filter(p -> nodes.contains(p.spec().nodeName())).map(p -> p.metadata().name()).toList();
    }
}
