package io.corral.member;

import io.corral.api.client.CorralClient;
import io.corral.node.NodeAgentConfig;
import io.corral.nodehost.NodeHost;
import io.corral.runtime.simulated.SimulatedRuntime;
import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Starts the nodes of a {@link CorralMember}: the given runtimes, runtimes made by providers, and simulated nodes. */
final class MemberNodes {
    /** A node to start: a given runtime (not owned) or a runtime provider's id (created and owned). */
    record Spec(String name, ContainerRuntime runtime, String runtimeId, Map<String, String> config) {
    }

    /** How the nodes are set up. */
    record Settings(List<Spec> specs, int simulatedNodes, UnaryOperator<NodeAgentConfig.Builder> agentConfig,
                    Duration backoffInitial, Duration backoffMax) {
        boolean any() {
            return !specs.isEmpty() || simulatedNodes > 0;
        }
    }

    private MemberNodes() {
    }

    /**
     * Starts the nodes, writing through {@code client}; simulated ones are named
     * {@code sim-<cluster port>-<i>}. Returns null when there are none.
     */
    static NodeHost start(Settings s, CorralClient client, String apiUrl, MeterRegistry registry, int clusterPort) {
        if (!s.any()) {
            return null;
        }
        NodeHost host = NodeHost.builder(client).endpoint(apiUrl).meterRegistry(registry).agentConfig(s.agentConfig())
                .restartBackoff(s.backoffInitial(), s.backoffMax()).build();
        try {
            ContainerRuntimes providers = null;
            for (Spec spec : s.specs()) {
                if (spec.runtime() != null) {
                    host.addNode(spec.name(), spec.runtime(), false);
                } else {
                    providers = providers != null ? providers : ContainerRuntimes.load();
                    host.addNode(spec.name(), providers.create(spec.runtimeId(), spec.config()), true);
                }
            }
            for (int i = 1; i <= s.simulatedNodes(); i++) {
                String name = "sim-" + clusterPort + "-" + i;
                host.addNode(name, SimulatedRuntime.builder().nodeName(name).build(), true);
            }
            return host;
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }
}
