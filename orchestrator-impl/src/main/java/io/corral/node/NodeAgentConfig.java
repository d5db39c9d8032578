package io.corral.node;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Configuration of a {@link NodeAgent}. Build with {@link #builder(String)}.
 *
 * @param nodeName               the node's name (also the {@code Lease} name and the hostname label); non-blank
 * @param clusterDomain          the cluster DNS domain, e.g. {@code cluster.local}; non-blank
 * @param clusterDnsServers      the cluster DNS server addresses written into pods' resolver configuration; immutable
 * @param hostIp                 the node's IP reported as pods' {@code status.hostIP}; nullable (then the fingerprint's first internal IP)
 * @param reservedCpuMillis      CPU kept back from pods (system and agent reservations), millicores, &gt;= 0
 * @param reservedMemoryBytes    memory kept back from pods, bytes, &gt;= 0
 * @param leaseDuration          how long the node's lease is valid after a renewal; positive
 * @param heartbeatInterval      how often the node status and the lease are refreshed; positive
 * @param resyncInterval         how often every pod is synced again without a change; positive
 * @param probeTickInterval      how often due probes are looked for; positive
 * @param agentVersion           reported as {@code nodeInfo.kubeletVersion}; non-null
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NodeAgentConfig(String nodeName, String clusterDomain, List<String> clusterDnsServers, String hostIp,
                              long reservedCpuMillis, long reservedMemoryBytes, Duration leaseDuration,
                              Duration heartbeatInterval, Duration resyncInterval, Duration probeTickInterval,
                              String agentVersion) {
    public NodeAgentConfig {
        requireText(nodeName, "nodeName");
        requireText(clusterDomain, "clusterDomain");
        clusterDnsServers = List.copyOf(Objects.requireNonNull(clusterDnsServers, "clusterDnsServers"));
        if (reservedCpuMillis < 0) {
            throw new IllegalArgumentException("reservedCpuMillis must not be negative, was " + reservedCpuMillis);
        }
        if (reservedMemoryBytes < 0) {
            throw new IllegalArgumentException("reservedMemoryBytes must not be negative, was " + reservedMemoryBytes);
        }
        requirePositive(leaseDuration, "leaseDuration");
        requirePositive(heartbeatInterval, "heartbeatInterval");
        requirePositive(resyncInterval, "resyncInterval");
        requirePositive(probeTickInterval, "probeTickInterval");
        Objects.requireNonNull(agentVersion, "agentVersion");
    }

    /** A builder with kubelet-like defaults: {@code cluster.local}, no DNS server, 40 s lease, 10 s heartbeat. */
    public static Builder builder(String nodeName) {
        return new Builder(nodeName);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }

    private static void requirePositive(Duration value, String field) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(field + " must be positive, was " + value);
        }
    }

    /** Builder of {@link NodeAgentConfig}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final String nodeName;
        private String clusterDomain = "cluster.local";
        private List<String> clusterDnsServers = List.of();
        private String hostIp;
        private long reservedCpuMillis;
        private long reservedMemoryBytes;
        private Duration leaseDuration = Duration.ofSeconds(40);
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private Duration resyncInterval = Duration.ofSeconds(10);
        private Duration probeTickInterval = Duration.ofMillis(250);
        private String agentVersion = "corral-0.1.0";

        private Builder(String nodeName) {
            this.nodeName = nodeName;
        }

        public Builder clusterDomain(String v) { this.clusterDomain = v; return this; }
        public Builder clusterDnsServers(List<String> v) { this.clusterDnsServers = v; return this; }
        public Builder hostIp(String v) { this.hostIp = v; return this; }
        public Builder reservedCpuMillis(long v) { this.reservedCpuMillis = v; return this; }
        public Builder reservedMemoryBytes(long v) { this.reservedMemoryBytes = v; return this; }
        public Builder leaseDuration(Duration v) { this.leaseDuration = v; return this; }
        public Builder heartbeatInterval(Duration v) { this.heartbeatInterval = v; return this; }
        public Builder resyncInterval(Duration v) { this.resyncInterval = v; return this; }
        public Builder probeTickInterval(Duration v) { this.probeTickInterval = v; return this; }
        public Builder agentVersion(String v) { this.agentVersion = v; return this; }

        public NodeAgentConfig build() {
            return new NodeAgentConfig(nodeName, clusterDomain, clusterDnsServers, hostIp, reservedCpuMillis,
                    reservedMemoryBytes, leaseDuration, heartbeatInterval, resyncInterval, probeTickInterval, agentVersion);
        }
    }
}
