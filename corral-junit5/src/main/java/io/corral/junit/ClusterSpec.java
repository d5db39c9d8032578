package io.corral.junit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The shape of an ephemeral cluster: how many members and simulated nodes, and what the nodes look like.
 *
 * @param members         control-plane members, at least 1
 * @param simulatedNodes  simulated nodes, 0 or more, spread round robin over the members
 * @param controllers     whether members run the controllers
 * @param perMethod       whether the extension starts a cluster per test method instead of per class
 * @param nodeCpuMillis   CPU capacity of each simulated node, in millicores, positive
 * @param nodeMemoryBytes memory capacity of each simulated node, in bytes, positive
 * @param nodePods        pod capacity of each simulated node, positive
 * @param nodeLabels      labels put on every simulated node (never null)
 * @param nodeGracePeriod how long a node may miss heartbeats before the node lifecycle controller marks it
 *                        {@code Unknown} (kubelet's 40 s by default); the agents heartbeat four times per period
 * @param startTimeout    how long {@link CorralTestCluster#start(ClusterSpec)} waits for a ready cluster, and
 *                        the default timeout of the await helpers
 * @param leaseDuration   the members' leader elections (scheduler, controllers): how long a dead leader's lease
 *                        keeps the others waiting; 5 s by default (client-go's 15 s is slow for tests)
 * @param renewDeadline   how long a leader keeps trying to renew before it stops acting; 3 s by default
 * @param retryPeriod     how often candidates try and leaders renew; 1 s by default
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ClusterSpec(int members, int simulatedNodes, boolean controllers, boolean perMethod,
                          long nodeCpuMillis, long nodeMemoryBytes, int nodePods, Map<String, String> nodeLabels,
                          Duration nodeGracePeriod, Duration startTimeout, Duration leaseDuration,
                          Duration renewDeadline, Duration retryPeriod) {

    /** Validates the fields; a bad one fails with its name in the message. */
    public ClusterSpec {
        if (members < 1) {
            throw new IllegalArgumentException("members: must be at least 1, was " + members);
        }
        if (simulatedNodes < 0) {
            throw new IllegalArgumentException("simulatedNodes: must not be negative, was " + simulatedNodes);
        }
        if (nodeCpuMillis <= 0) {
            throw new IllegalArgumentException("nodeCapacity.cpuMillis: must be positive, was " + nodeCpuMillis);
        }
        if (nodeMemoryBytes <= 0) {
            throw new IllegalArgumentException("nodeCapacity.memoryBytes: must be positive, was " + nodeMemoryBytes);
        }
        if (nodePods <= 0) {
            throw new IllegalArgumentException("nodeCapacity.pods: must be positive, was " + nodePods);
        }
        nodeLabels = Map.copyOf(Objects.requireNonNull(nodeLabels, "nodeLabels"));
        Objects.requireNonNull(nodeGracePeriod, "nodeGracePeriod");
        if (nodeGracePeriod.toMillis() < 1000) {
            throw new IllegalArgumentException("nodeGracePeriod: must be at least 1 s, was " + nodeGracePeriod);
        }
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("startTimeout: must be positive, was " + startTimeout);
        }
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(renewDeadline, "renewDeadline");
        Objects.requireNonNull(retryPeriod, "retryPeriod");
        if (leaseDuration.toMillis() < 1000) {
            throw new IllegalArgumentException("leaderElection.leaseDuration: must be at least 1 s, was " + leaseDuration);
        }
        if (retryPeriod.isNegative() || retryPeriod.isZero() || retryPeriod.compareTo(renewDeadline) >= 0
                || renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("leaderElection: must be 0 < retryPeriod < renewDeadline < leaseDuration, was "
                    + retryPeriod + ", " + renewDeadline + ", " + leaseDuration);
        }
    }

    /** A builder with the defaults: 1 member, no nodes, controllers on, per class, 4 CPUs/8 GiB/110 pods,
     * 40 s node grace period, 60 s start timeout, leader elections of 5 s/3 s/1 s. */
    public static Builder builder() {
        return new Builder();
    }

    static ClusterSpec of(CorralCluster annotation) {
        return builder().members(annotation.members()).simulatedNodes(annotation.simulatedNodes())
                .controllers(annotation.controllers()).perMethod(annotation.perMethod()).build();
    }

    /** Builds a {@link ClusterSpec}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private int members = 1;
        private int simulatedNodes;
        private boolean controllers = true;
        private boolean perMethod;
        private long cpuMillis = 4_000;
        private long memoryBytes = 8L << 30;
        private int pods = 110;
        private Map<String, String> labels = Map.of();
        private Duration nodeGracePeriod = Duration.ofSeconds(40);
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration leaseDuration = Duration.ofSeconds(5);
        private Duration renewDeadline = Duration.ofSeconds(3);
        private Duration retryPeriod = Duration.ofSeconds(1);

        Builder() {
        }

        public Builder members(int n) { this.members = n; return this; }

        public Builder simulatedNodes(int n) { this.simulatedNodes = n; return this; }

        public Builder controllers(boolean enabled) { this.controllers = enabled; return this; }

        public Builder perMethod(boolean enabled) { this.perMethod = enabled; return this; }

        /** Capacity of each simulated node: CPU in millicores, memory in bytes, pods. */
        public Builder nodeCapacity(long cpuMillis, long memoryBytes, int pods) {
            this.cpuMillis = cpuMillis;
            this.memoryBytes = memoryBytes;
            this.pods = pods;
            return this;
        }

        public Builder nodeLabels(Map<String, String> labels) { this.labels = Objects.requireNonNull(labels, "nodeLabels"); return this; }

        public Builder startTimeout(Duration timeout) { this.startTimeout = timeout; return this; }

        /** How long a silent node stays Ready; shorten it to see {@code stopNodeHeartbeat} take effect quickly. */
        public Builder nodeGracePeriod(Duration period) { this.nodeGracePeriod = period; return this; }

        /**
         * The timings of the members' leader elections (5 s, 3 s, 1 s by default): a killed leader (scheduler or
         * controllers) is replaced about {@code leaseDuration + retryPeriod} later.
         */
        public Builder leaderElection(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
            this.leaseDuration = leaseDuration;
            this.renewDeadline = renewDeadline;
            this.retryPeriod = retryPeriod;
            return this;
        }

        public ClusterSpec build() {
            return new ClusterSpec(members, simulatedNodes, controllers, perMethod, cpuMillis, memoryBytes, pods,
                    labels, nodeGracePeriod, startTimeout, leaseDuration, renewDeadline, retryPeriod);
        }
    }
}
