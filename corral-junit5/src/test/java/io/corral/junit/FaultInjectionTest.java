package io.corral.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@CorralCluster(members = 3, perMethod = true)
class FaultInjectionTest {

    @Test
    void aKilledMemberLeavesTheOthersServingReadsAndWrites(CorralTestCluster cluster, CorralClient client) {
        client.namespaces().create(Fixtures.namespace("before-crash"));

        cluster.killMember(0);

        assertThat(cluster.isKilled(0)).isTrue();
        assertThat(cluster.member(0).hazelcast().getLifecycleService().isRunning()).isFalse();
        assertThat(cluster.liveMembers()).containsExactly(cluster.member(1), cluster.member(2));
        // the survivors see the crash and keep the quorum (2 of 3): old data readable, new writes accepted
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(cluster.member(1).hazelcast().getCluster().getMembers()).hasSize(2));
        assertThat(cluster.client(2).namespaces().get("before-crash")).isPresent();
        cluster.client(1).namespaces().create(Fixtures.namespace("after-crash"));
        assertThat(cluster.client(2).namespaces().get("after-crash")).isPresent();

        String dump = cluster.dumpState();
        assertThat(dump).contains("0 KILLED", "before-crash", "after-crash");
    }

    @Test
    void killingTwiceIsHarmless(CorralTestCluster cluster) {
        cluster.killMember(2);
        cluster.killMember(2);
        assertThat(cluster.liveMembers()).hasSize(2);
        assertThat(cluster.client(0).namespaces().get("default")).isPresent();
    }
}
