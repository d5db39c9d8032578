package io.corral.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Split-brain protection. A real network partition cannot be made cheaply in one JVM with the
 * Community Edition (no firewalling connection manager), so this shows the minority rule on its
 * simplest case: with a quorum of 2, a member left alone refuses reads and writes.
 */
class QuorumIT {
    @Test
    @DisplayName("with quorum 2, two members accept writes and a single surviving member refuses them")
    void loneMemberRefusesWrites() {
        try (StoreCluster cluster = StoreCluster.start(3, b -> b.quorum(2))) {
            ResourceType type = ResourceType.core("secrets");
            ObjectNode o = cluster.mapper.createObjectNode();
            o.putObject("metadata").put("name", "a");
            cluster.store(0).create(type, "default", o);

            cluster.kill(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.members.get(0).getCluster().getMembers().size() == 2);
            ObjectNode b = cluster.mapper.createObjectNode();
            b.putObject("metadata").put("name", "b");
            cluster.store(0).create(type, "default", b);
            assertThat(cluster.store(1).get(ObjectKey.of(type, "default", "b"))).isNotNull();

            cluster.kill(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.members.get(0).getCluster().getMembers().size() == 1);
            ObjectNode c = cluster.mapper.createObjectNode();
            c.putObject("metadata").put("name", "c");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThatThrownBy(() -> cluster.store(0).create(type, "default", c))
                            .isInstanceOfSatisfying(ApiException.class, e -> {
                                assertThat(e.reason()).isEqualTo(StatusReason.SERVICE_UNAVAILABLE);
                                assertThat(e.getMessage()).contains("quorum");
                            }));
            assertThatThrownBy(() -> cluster.store(0).delete(ObjectKey.of(type, "default", "a"), Preconditions.NONE))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo(StatusReason.SERVICE_UNAVAILABLE));
            assertThatThrownBy(() -> cluster.store(0).get(ObjectKey.of(type, "default", "a")))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo(StatusReason.SERVICE_UNAVAILABLE));
        }
    }
}
