package io.corral.runtime.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * What a runtime finds out about its node, like Nomad's driver fingerprint; the node agent turns
 * it into the Node object's capacity, node info, addresses and labels.
 *
 * @param cpuMillis       allocatable CPU in millicores
 * @param memoryBytes     allocatable memory in bytes
 * @param podsCapacity    how many pods the node may run
 * @param operatingSystem e.g. {@code linux}; non-blank
 * @param architecture    e.g. {@code amd64}; non-blank
 * @param kernelVersion   e.g. {@code 6.8.0}; non-null, may be empty
 * @param runtimeName     e.g. {@code docker}; non-blank
 * @param runtimeVersion  e.g. {@code 27.3.1}; non-null
 * @param hostname        the node's host name; non-blank
 * @param addresses       the node's addresses; immutable
 * @param labels          labels the runtime suggests for the node (e.g. {@code kubernetes.io/arch}); immutable
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NodeFingerprint(long cpuMillis, long memoryBytes, int podsCapacity, String operatingSystem,
                              String architecture, String kernelVersion, String runtimeName, String runtimeVersion,
                              String hostname, List<NodeAddress> addresses, Map<String, String> labels) {
    public NodeFingerprint {
        Checks.notNegative(cpuMillis, "fingerprint.cpuMillis");
        Checks.notNegative(memoryBytes, "fingerprint.memoryBytes");
        Checks.notNegative(podsCapacity, "fingerprint.podsCapacity");
        Checks.notBlank(operatingSystem, "fingerprint.operatingSystem");
        Checks.notBlank(architecture, "fingerprint.architecture");
        Checks.notNull(kernelVersion, "fingerprint.kernelVersion");
        Checks.notBlank(runtimeName, "fingerprint.runtimeName");
        Checks.notNull(runtimeVersion, "fingerprint.runtimeVersion");
        Checks.notBlank(hostname, "fingerprint.hostname");
        addresses = Checks.list(addresses, "fingerprint.addresses");
        labels = Checks.map(labels, "fingerprint.labels");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link NodeFingerprint}; not thread-safe. Defaults: 110 pods, linux, the JVM's architecture. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private long cpuMillis;
        private long memoryBytes;
        private int podsCapacity = 110;
        private String operatingSystem = "linux";
        private String architecture = normalizedArch(System.getProperty("os.arch", "amd64"));
        private String kernelVersion = "";
        private String runtimeName;
        private String runtimeVersion = "";
        private String hostname;
        private final List<NodeAddress> addresses = new ArrayList<>();
        private final Map<String, String> labels = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder cpuMillis(long v) { this.cpuMillis = v; return this; }
        public Builder memoryBytes(long v) { this.memoryBytes = v; return this; }
        public Builder podsCapacity(int v) { this.podsCapacity = v; return this; }
        public Builder operatingSystem(String v) { this.operatingSystem = v; return this; }
        public Builder architecture(String v) { this.architecture = v; return this; }
        public Builder kernelVersion(String v) { this.kernelVersion = v; return this; }
        public Builder runtimeName(String v) { this.runtimeName = v; return this; }
        public Builder runtimeVersion(String v) { this.runtimeVersion = v; return this; }
        public Builder hostname(String v) { this.hostname = v; return this; }
        public Builder address(NodeAddress.Type type, String address) { this.addresses.add(new NodeAddress(type, address)); return this; }
        public Builder addresses(List<NodeAddress> list) { this.addresses.clear(); this.addresses.addAll(list); return this; }
        public Builder label(String key, String value) { this.labels.put(key, value); return this; }
        public Builder labels(Map<String, String> map) { this.labels.clear(); this.labels.putAll(map); return this; }

        public NodeFingerprint build() {
            return new NodeFingerprint(cpuMillis, memoryBytes, podsCapacity, operatingSystem, architecture,
                    kernelVersion, runtimeName, runtimeVersion, hostname, addresses, labels);
        }

        /** Maps JVM architecture names to Kubernetes' ({@code x86_64} → {@code amd64}, {@code aarch64} → {@code arm64}). */
        static String normalizedArch(String jvmArch) {
            return switch (jvmArch) {
                case "x86_64", "amd64" -> "amd64";
                case "aarch64", "arm64" -> "arm64";
                default -> jvmArch;
            };
        }
    }
}
