package io.corral.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeCondition;
import io.corral.api.model.core.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SimulatedNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @RegisterExtension
    static final CorralExtension CORRAL = CorralExtension.builder().members(2).simulatedNodes(4)
            .nodeCapacity(2_000, 4L << 30, 10).nodeLabels(Map.of("zone", "a")).nodeGracePeriod(Duration.ofSeconds(4))
            .build();

    @Test
    void nodesAreReadyWithTheirShapeAndLabels(CorralTestCluster cluster, CorralClient client) {
        assertThat(cluster.nodeNames()).containsExactly("node-0", "node-1", "node-2", "node-3");
        List<Node> nodes = client.nodes().list().items();
        assertThat(nodes).extracting(n -> n.metadata().name()).containsAll(cluster.nodeNames());
        assertThat(nodes).allSatisfy(n -> {
            assertThat(n.metadata().labels()).containsEntry("zone", "a");
            assertThat(n.status().capacity().get("pods").toString()).isEqualTo("10");
            assertThat(n.status().capacity().get("cpu").toString()).isEqualTo("2");
        });
        // node i runs on member i % 2
        assertThat(cluster.member(0).nodes().node("node-0")).isPresent();
        assertThat(cluster.member(0).nodes().node("node-2")).isPresent();
        assertThat(cluster.member(1).nodes().node("node-1")).isPresent();
    }

    @Test
    void boundPodsBecomeReady(CorralTestCluster cluster, CorralClient client) {
        // CorralMember runs no scheduler yet: the pods name their nodes
        client.namespaces().create(Fixtures.namespace("bound"));
        for (int i = 0; i < 3; i++) {
            client.pods().inNamespace("bound").create(Fixtures.sleeper("bound", "web-" + i, Map.of("app", "web"), "node-" + i));
        }
        List<Pod> ready = cluster.awaitPodsReady("bound", "app=web", WAIT);
        assertThat(ready).hasSize(3).extracting(p -> p.spec().nodeName()).containsExactlyInAnyOrder("node-0", "node-1", "node-2");
        assertThat(cluster.dumpState()).contains("bound/web-0 phase=Running ready=True node=node-0");
    }

    @Test
    void injectedStartFailuresAreRetried(CorralTestCluster cluster, CorralClient client) {
        client.namespaces().create(Fixtures.namespace("flaky"));
        cluster.failNextStarts("node-1", 1);
        client.pods().inNamespace("flaky").create(Fixtures.sleeper("flaky", "victim", Map.of(), "node-1"));

        cluster.awaitPod("flaky", "victim", p -> p.status() != null && "Running".equals(p.status().phase()), WAIT);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(cluster.events("flaky")).extracting(Event::reason).contains("Failed", "Started"));
    }

    @Test
    void aNodeWithoutHeartbeatBecomesUnknown(CorralTestCluster cluster, CorralClient client) {
        cluster.stopNodeHeartbeat("node-3");

        assertThat(cluster.member(1).nodes().node("node-3")).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(ready(client.nodes().require("node-3"))).isEqualTo("Unknown"));
        assertThat(ready(client.nodes().require("node-2"))).isEqualTo("True");
    }

    private static String ready(Node node) {
        return node.status().conditions().stream().filter(c -> "Ready".equals(c.type())).map(NodeCondition::status)
                .findFirst().orElse("?");
    }
}
