package io.corral.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.client.CorralClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuilderClusterTest {
    @RegisterExtension
    static final CorralExtension CORRAL = CorralExtension.builder().members(1).controllers(false).perMethod(true)
            .nodeCapacity(2_000, 4L << 30, 20).nodeLabels(Map.of("zone", "a")).build();

    private final List<CorralTestCluster> seen = new ArrayList<>();

    @Test
    void firstMethodGetsAFreshCluster(CorralTestCluster cluster, CorralClient client) {
        seen.add(cluster);
        assertThat(cluster.spec().controllers()).isFalse();
        assertThat(cluster.spec().nodeLabels()).containsEntry("zone", "a");
        client.namespaces().create(Fixtures.namespace("only-here"));
        assertThat(client.namespaces().get("only-here")).isPresent();
    }

    @Test
    void secondMethodGetsAnotherOne(CorralTestCluster cluster, CorralClient client) {
        seen.add(cluster);
        assertThat(client.namespaces().get("only-here")).isEmpty();
    }

    @AfterAll
    void everyMethodHadItsOwnClusterAndEachWasClosed() {
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).clusterName()).isNotEqualTo(seen.get(1).clusterName());
        assertThat(seen).allSatisfy(c -> {
            assertThat(c.isClosed()).isTrue();
            assertThat(c.member(0).hazelcast().getLifecycleService().isRunning()).isFalse();
        });
    }

    @Test
    void badShapesNameTheField() {
        assertThatThrownBy(() -> CorralExtension.builder().members(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("members:");
        assertThatThrownBy(() -> CorralExtension.builder().nodeCapacity(1000, 0, 10).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("nodeCapacity.memoryBytes:");
        assertThatThrownBy(() -> CorralExtension.builder().simulatedNodes(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("simulatedNodes:");
    }
}
