package io.corral.store;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What the store needs from Hazelcast, and the store's own tunables. Immutable; build with
 * {@link #builder()}.
 *
 * <p>Use {@link #toHazelcastConfig()} to start a member for the store, or {@link #applyTo(Config)} on a
 * host's {@code Config} before it starts; {@link #verify(HazelcastInstance)} checks a running instance.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class StoreConfig {
    /** Hazelcast property: fail a write whose backups are not confirmed instead of reporting success. */
    public static final String FAIL_ON_INDETERMINATE = "hazelcast.operation.fail.on.indeterminate.state";
    /** Hazelcast property: how long a write waits for its synchronous backups. */
    public static final String BACKUP_TIMEOUT = "hazelcast.operation.backup.timeout.millis";

    private final String clusterName;
    private final String instanceName;
    private final String bindAddress;
    private final int port;
    private final List<String> members;
    private final String mapName;
    private final int backupCount;
    private final int quorum;
    private final int historySize;
    private final Duration backupTimeout;
    private final Duration writeTimeout;
    private final int watchBufferSize;
    private final Duration bookmarkInterval;
    private final Duration pollInterval;
    private final Integer partitionCount;
    private final Integer maxNoHeartbeatSeconds;

    private StoreConfig(Builder b) {
        this.clusterName = b.clusterName;
        this.instanceName = b.instanceName;
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.members = List.copyOf(b.members);
        this.mapName = b.mapName;
        this.backupCount = b.backupCount;
        this.quorum = b.quorum;
        this.historySize = b.historySize;
        this.backupTimeout = b.backupTimeout;
        this.writeTimeout = b.writeTimeout;
        this.watchBufferSize = b.watchBufferSize;
        this.bookmarkInterval = b.bookmarkInterval;
        this.pollInterval = b.pollInterval;
        this.partitionCount = b.partitionCount;
        this.maxNoHeartbeatSeconds = b.maxNoHeartbeatSeconds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The split-brain protection name used for the store's map. */
    public String splitBrainProtectionName() {
        return mapName + "-quorum";
    }

    /**
     * A complete member configuration: loopback (or the configured address) only, TCP/IP join with
     * the configured members, multicast and auto-detection off, plus everything of {@link #applyTo}.
     */
    public Config toHazelcastConfig() {
        Config config = new Config();
        config.setClusterName(clusterName);
        if (instanceName != null) {
            config.setInstanceName(instanceName);
        }
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true).setPortCount(100);
        network.getInterfaces().setEnabled(true).addInterface(bindAddress);
        network.setPublicAddress(null);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(members.isEmpty() ? List.of(bindAddress) : members));
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", bindAddress);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        if (partitionCount != null) {
            config.setProperty("hazelcast.partition.count", partitionCount.toString());
        }
        if (maxNoHeartbeatSeconds != null) {
            config.setProperty("hazelcast.max.no.heartbeat.seconds", maxNoHeartbeatSeconds.toString());
            config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        }
        applyTo(config);
        return config;
    }

    /**
     * Adds what the store requires to a member configuration that is not started yet: the
     * store's map (synchronous backups, OBJECT format, split-brain protection), the
     * split-brain protection, fail-on-indeterminate-state and the backup timeout, our
     * serialization factory, and a Java serialization filter that admits only JDK and
     * Hazelcast classes (none of ours).
     */
    public Config applyTo(Config config) {
        config.setProperty(FAIL_ON_INDETERMINATE, "true");
        config.setProperty(BACKUP_TIMEOUT, Long.toString(backupTimeout.toMillis()));
        config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(splitBrainProtectionName(), true, quorum)
                .setProtectOn(SplitBrainProtectionOn.READ_WRITE));
        MapConfig map = new MapConfig(mapName)
                .setBackupCount(backupCount)
                .setAsyncBackupCount(0)
                .setReadBackupData(false)
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setPerEntryStatsEnabled(false)
                .setStatisticsEnabled(false)
                .setSplitBrainProtectionName(splitBrainProtectionName())
                .setMergePolicyConfig(new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(), 1));
        config.addMapConfig(map);
        config.getSerializationConfig().addDataSerializableFactory(StoreSerialization.FACTORY_ID, new StoreSerialization());
        JavaSerializationFilterConfig filter = config.getSerializationConfig().getJavaSerializationFilterConfig();
        if (filter == null) {
            filter = new JavaSerializationFilterConfig();
            config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
        }
        filter.setDefaultsDisabled(false);
        // Hazelcast and JDK types only (exceptions travel Java-serialized); our types never do.
        filter.getWhitelist().addPrefixes("com.hazelcast.", "java.", "[Ljava.");
        return config;
    }

    /**
     * Checks that a running instance satisfies the store's requirements.
     *
     * @throws IllegalStateException naming every requirement that is not met
     */
    public void verify(HazelcastInstance instance) {
        verify(instance.getConfig());
    }

    /** As {@link #verify(HazelcastInstance)}, on a configuration. */
    public void verify(Config c) {
        List<String> problems = new ArrayList<>();
        if (!"true".equalsIgnoreCase(c.getProperty(FAIL_ON_INDETERMINATE))) {
            problems.add(FAIL_ON_INDETERMINATE + " must be true");
        }
        MapConfig map = c.getMapConfigOrNull(mapName);
        if (map == null) {
            problems.add("map config '" + mapName + "' is missing");
        } else {
            if (map.getBackupCount() < 1) {
                problems.add("map '" + mapName + "' needs backup-count >= 1, has " + map.getBackupCount());
            }
            if (map.getInMemoryFormat() != InMemoryFormat.OBJECT) {
                problems.add("map '" + mapName + "' needs in-memory-format OBJECT");
            }
            if (!splitBrainProtectionName().equals(map.getSplitBrainProtectionName())
                    || c.getSplitBrainProtectionConfig(splitBrainProtectionName()) == null
                    || !c.getSplitBrainProtectionConfig(splitBrainProtectionName()).isEnabled()) {
                problems.add("map '" + mapName + "' needs split-brain protection '" + splitBrainProtectionName() + "'");
            }
        }
        if (!(c.getSerializationConfig().getDataSerializableFactories().get(StoreSerialization.FACTORY_ID)
                instanceof StoreSerialization)) {
            problems.add("serialization factory " + StoreSerialization.FACTORY_ID + " is not the store's");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Hazelcast instance does not meet the store's requirements "
                    + "(use StoreConfig.applyTo on its Config): " + String.join("; ", problems));
        }
    }

    public String clusterName() { return clusterName; }
    public String bindAddress() { return bindAddress; }
    public int port() { return port; }
    public List<String> members() { return members; }
    public String mapName() { return mapName; }
    public int backupCount() { return backupCount; }
    public int quorum() { return quorum; }
    /** How many revisions the watch history keeps; older start versions get {@code Expired} (410). */
    public int historySize() { return historySize; }
    public Duration backupTimeout() { return backupTimeout; }
    /** How long a write keeps retrying an indeterminate outcome before failing with {@code Timeout}. */
    public Duration writeTimeout() { return writeTimeout; }
    /** Events buffered per watch before it is closed as too slow. */
    public int watchBufferSize() { return watchBufferSize; }
    public Duration bookmarkInterval() { return bookmarkInterval; }
    /** How often this member looks for writes made through other members while watches are open. */
    public Duration pollInterval() { return pollInterval; }

    /** Builder; every setter has a default suitable for a 3-member cluster on loopback. */
    public static final class Builder {
        private String clusterName = "corral";
        private String instanceName;
        private String bindAddress = "127.0.0.1";
        private int port = 5701;
        private final List<String> members = new ArrayList<>();
        private String mapName = "corral-store";
        private int backupCount = 1;
        private int quorum = 2;
        private int historySize = 10_000;
        private Duration backupTimeout = Duration.ofSeconds(5);
        private Duration writeTimeout = Duration.ofSeconds(60);
        private int watchBufferSize = 1_000;
        private Duration bookmarkInterval = Duration.ofSeconds(10);
        private Duration pollInterval = Duration.ofMillis(5);
        private Integer partitionCount;
        private Integer maxNoHeartbeatSeconds;

        private Builder() {
        }

        public Builder clusterName(String v) { this.clusterName = Objects.requireNonNull(v); return this; }
        public Builder instanceName(String v) { this.instanceName = v; return this; }
        public Builder bindAddress(String v) { this.bindAddress = Objects.requireNonNull(v); return this; }
        public Builder port(int v) { this.port = v; return this; }
        /** Members to join, {@code host} or {@code host:port}; default the bind address. */
        public Builder members(List<String> v) { this.members.clear(); this.members.addAll(v); return this; }
        public Builder mapName(String v) { this.mapName = Objects.requireNonNull(v); return this; }

        public Builder backupCount(int v) {
            if (v < 1 || v > 6) {
                throw new IllegalArgumentException("backupCount must be in 1..6: " + v);
            }
            this.backupCount = v;
            return this;
        }

        /** Minimum cluster size for reads and writes (split-brain protection). */
        public Builder quorum(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("quorum must be >= 1: " + v);
            }
            this.quorum = v;
            return this;
        }

        public Builder historySize(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("historySize must be >= 1: " + v);
            }
            this.historySize = v;
            return this;
        }

        public Builder backupTimeout(Duration v) { this.backupTimeout = Objects.requireNonNull(v); return this; }
        public Builder writeTimeout(Duration v) { this.writeTimeout = Objects.requireNonNull(v); return this; }

        public Builder watchBufferSize(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("watchBufferSize must be >= 1: " + v);
            }
            this.watchBufferSize = v;
            return this;
        }

        public Builder bookmarkInterval(Duration v) { this.bookmarkInterval = Objects.requireNonNull(v); return this; }
        public Builder pollInterval(Duration v) { this.pollInterval = Objects.requireNonNull(v); return this; }
        /** Hazelcast partition count (a cluster-wide setting); null keeps Hazelcast's default. */
        public Builder partitionCount(Integer v) { this.partitionCount = v; return this; }
        /** Failure detection: seconds without heartbeat before a member is removed; null keeps the default. */
        public Builder maxNoHeartbeatSeconds(Integer v) { this.maxNoHeartbeatSeconds = v; return this; }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException when {@code backupCount < quorum - 1}: then a minority side of
         *         a split could hold the primary and all backups of the store's partition and acknowledge
         *         writes before its membership shrinks below the quorum
         */
        public StoreConfig build() {
            if (backupCount < quorum - 1) {
                throw new IllegalArgumentException("backupCount (" + backupCount + ") must be >= quorum - 1 ("
                        + (quorum - 1) + ") so that a minority can never acknowledge a write");
            }
            return new StoreConfig(this);
        }
    }
}
