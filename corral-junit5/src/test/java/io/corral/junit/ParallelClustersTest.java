package io.corral.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.corral.api.client.CorralClient;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Two test classes run in parallel by JUnit each get their own cluster. */
class ParallelClustersTest {
    // Shared between this test and its fixture classes only; reset by the test before each engine run.
    private static final Map<String, CorralTestCluster> CLUSTERS = new ConcurrentHashMap<>();
    private static final Map<String, Integer> CLUSTER_PORTS = new ConcurrentHashMap<>();
    private static volatile CountDownLatch bothRunning = new CountDownLatch(2);

    @Test
    void parallelClassesGetSeparateClustersAndBothAreClosed() {
        CLUSTERS.clear();
        CLUSTER_PORTS.clear();
        bothRunning = new CountDownLatch(2);

        EngineTestKit.engine("junit-jupiter")
                .configurationParameter(EngineFixture.PARAMETER, "true")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .selectors(selectClass(Left.class), selectClass(Right.class))
                .execute()
                .testEvents().assertStatistics(s -> s.started(2).succeeded(2));

        assertThat(CLUSTERS).containsOnlyKeys("left", "right");
        CorralTestCluster left = CLUSTERS.get("left");
        CorralTestCluster right = CLUSTERS.get("right");
        assertThat(left.clusterName()).isNotEqualTo(right.clusterName());
        assertThat(left.apiUrl()).isNotEqualTo(right.apiUrl());
        assertThat(CLUSTER_PORTS.get("left")).isNotEqualTo(CLUSTER_PORTS.get("right"));
        assertThat(CLUSTERS.values()).allSatisfy(c -> {
            assertThat(c.isClosed()).isTrue();
            assertThat(c.member(0).hazelcast().getLifecycleService().isRunning()).isFalse();
        });
    }

    static void runConcurrently(String side, CorralTestCluster cluster, CorralClient client, URI uri) throws Exception {
        CLUSTERS.put(side, cluster);
        CLUSTER_PORTS.put(side, cluster.member(0).hazelcast().getCluster().getLocalMember().getAddress().getPort());
        client.namespaces().create(Fixtures.namespace(side));
        bothRunning.countDown();
        // both classes are inside their test at once, or this times out: they did run in parallel
        assertThat(bothRunning.await(60, TimeUnit.SECONDS)).as("the other class ran at the same time").isTrue();
        String other = side.equals("left") ? "right" : "left";
        assertThat(client.namespaces().get(side)).isPresent();
        assertThat(client.namespaces().get(other)).as("the other cluster's namespace").isEmpty();
        assertThat(uri).isEqualTo(cluster.apiUrl());
    }

    @EngineFixture
    @CorralCluster(members = 1, controllers = false)
    static class Left {
        @Test
        void left(CorralTestCluster cluster, CorralClient client, URI uri) throws Exception {
            runConcurrently("left", cluster, client, uri);
        }
    }

    @EngineFixture
    @CorralCluster(members = 1, controllers = false)
    static class Right {
        @Test
        void right(CorralTestCluster cluster, CorralClient client, URI uri) throws Exception {
            runConcurrently("right", cluster, client, uri);
        }
    }
}
