package io.corral.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StoreConfigTest {
    @Test
    @DisplayName("the generated member config binds to loopback, joins by TCP/IP only and fails indeterminate writes")
    void memberConfig() {
        StoreConfig sc = StoreConfig.builder().clusterName("c1").members(java.util.List.of("127.0.0.1:5801")).build();
        Config c = sc.toHazelcastConfig();
        assertThat(c.getClusterName()).isEqualTo("c1");
        assertThat(c.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(c.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
        assertThat(c.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5801");
        assertThat(c.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        assertThat(c.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
        assertThat(c.getProperty(StoreConfig.FAIL_ON_INDETERMINATE)).isEqualTo("true");
        assertThat(c.getMapConfig(sc.mapName()).getBackupCount()).isEqualTo(1);
        assertThat(c.getMapConfig(sc.mapName()).getInMemoryFormat()).isEqualTo(InMemoryFormat.OBJECT);
        assertThat(c.getSplitBrainProtectionConfig(sc.splitBrainProtectionName()).getMinimumClusterSize()).isEqualTo(2);
        assertThat(c.getSerializationConfig().getJavaSerializationFilterConfig().getWhitelist().getPrefixes())
                .noneMatch(p -> p.startsWith("io.corral"));
    }

    @Test
    @DisplayName("verify names every missing requirement of a host's config")
    void verifyNamesProblems() {
        StoreConfig sc = StoreConfig.builder().build();
        assertThatThrownBy(() -> sc.verify(new Config()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(StoreConfig.FAIL_ON_INDETERMINATE)
                .hasMessageContaining("map config 'corral-store' is missing")
                .hasMessageContaining("serialization factory");
        Config applied = sc.applyTo(new Config());
        sc.verify(applied);
    }

    @Test
    @DisplayName("bad tunables are refused with the parameter's name")
    void badTunables() {
        assertThatThrownBy(() -> StoreConfig.builder().backupCount(0)).hasMessageContaining("backupCount");
        assertThatThrownBy(() -> StoreConfig.builder().quorum(0)).hasMessageContaining("quorum");
        assertThatThrownBy(() -> StoreConfig.builder().historySize(0)).hasMessageContaining("historySize");
        assertThatThrownBy(() -> StoreConfig.builder().quorum(3).backupCount(1).build())
                .hasMessageContaining("backupCount (1) must be >= quorum - 1 (2)");
    }
}
