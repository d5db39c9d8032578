package io.corral.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.corral.api.client.CorralClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventType;

class DumpOnFailureTest {
    // Shared with the fixture class only, reset before each engine run.
    private static final AtomicReference<CorralTestCluster> CLUSTER = new AtomicReference<>();

    @Test
    void aFailingTestGetsTheClusterDumpAndItsClusterIsStillClosed() {
        CLUSTER.set(null);
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(EngineFixture.PARAMETER, "true").selectors(selectClass(Failing.class)).execute();

        results.testEvents().assertStatistics(s -> s.started(2).failed(1).succeeded(1));
        List<String> dumps = dumps(results);
        assertThat(dumps).hasSize(1);
        CorralTestCluster cluster = CLUSTER.get();
        assertThat(dumps.get(0)).contains("=== Corral cluster " + cluster.clusterName(), "namespaces:", "evidence",
                "pods:", "evidence/witness phase=", "node=<unscheduled>", "events:");
        assertThat(cluster.isClosed()).isTrue();
        assertThat(cluster.member(0).hazelcast().getLifecycleService().isRunning()).isFalse();
    }

    private static List<String> dumps(EngineExecutionResults results) {
        return results.allEvents().stream().filter(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
                .map(ReportEntry::getKeyValuePairs)
                .filter(kv -> kv.containsKey(CorralExtension.DUMP_REPORT_KEY))
                .map(kv -> kv.get(CorralExtension.DUMP_REPORT_KEY))
                .toList();
    }

    @EngineFixture
    @CorralCluster(members = 1, controllers = false)
    static class Failing {
        @Test
        void passes(CorralTestCluster cluster) {
            CLUSTER.set(cluster);
        }

        @Test
        void fails(CorralClient client) {
            client.namespaces().create(Fixtures.namespace("evidence"));
            client.pods().inNamespace("evidence").create(Fixtures.pod("evidence", "witness", Map.of("app", "w")));
            throw new AssertionError("deliberate failure");
        }
    }

}
