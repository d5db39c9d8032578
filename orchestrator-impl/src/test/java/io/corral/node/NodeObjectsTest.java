package io.corral.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.model.coordination.Lease;
import io.corral.api.model.coordination.LeaseSpec;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeAddress;
import io.corral.api.model.core.NodeCondition;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.quantity.Quantity;
import io.corral.runtime.spi.NodeFingerprint;
import io.corral.runtime.spi.RuntimeStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The node object and its lease")
class NodeObjectsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final NodeAgentConfig config = NodeAgentConfig.builder("node-a").reservedCpuMillis(500)
            .reservedMemoryBytes(1L << 30).leaseDuration(Duration.ofSeconds(40)).agentVersion("corral-test").build();
    private final NodeObjects objects = new NodeObjects(config);
    private final NodeFingerprint fingerprint = NodeFingerprint.builder()
            .cpuMillis(4000).memoryBytes(8L << 30).podsCapacity(110).operatingSystem("linux").architecture("arm64")
            .kernelVersion("6.8.0").runtimeName("docker").runtimeVersion("27.3.1").hostname("host-a")
            .address(io.corral.runtime.spi.NodeAddress.Type.HOSTNAME, "host-a")
            .address(io.corral.runtime.spi.NodeAddress.Type.INTERNAL_IP, "192.168.1.20")
            .label("topology.kubernetes.io/zone", "z1").build();

    private static NodeCondition condition(Node node, String type) {
        return node.status().conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("capacity, allocatable minus reservations, labels, addresses and node info from the fingerprint")
    void fromFingerprint() {
        Node node = objects.node(fingerprint, RuntimeStatus.allReady(), null, T0);
        assertThat(node.metadata().name()).isEqualTo("node-a");
        assertThat(node.metadata().labels()).containsEntry("kubernetes.io/hostname", "node-a")
                .containsEntry("kubernetes.io/os", "linux").containsEntry("kubernetes.io/arch", "arm64")
                .containsEntry("topology.kubernetes.io/zone", "z1");
        assertThat(node.status().capacity()).containsEntry("cpu", Quantity.parse("4")).containsEntry("memory", Quantity.parse("8Gi"))
                .containsEntry("pods", Quantity.parse("110"));
        assertThat(node.status().allocatable()).containsEntry("cpu", Quantity.parse("3500m"))
                .containsEntry("memory", Quantity.parse("7Gi")).containsEntry("pods", Quantity.parse("110"));
        assertThat(node.status().allocatable().get("memory").toString()).isEqualTo("7Gi");
        assertThat(node.status().addresses()).containsExactly(new NodeAddress("Hostname", "host-a"),
                new NodeAddress("InternalIP", "192.168.1.20"));
        assertThat(node.status().nodeInfo().containerRuntimeVersion()).isEqualTo("docker://27.3.1");
        assertThat(node.status().nodeInfo().kubeletVersion()).isEqualTo("corral-test");
        assertThat(node.status().nodeInfo().kernelVersion()).isEqualTo("6.8.0");
        assertThat(node.status().nodeInfo().architecture()).isEqualTo("arm64");
        assertThat(condition(node, "Ready").status()).isEqualTo("True");
        assertThat(condition(node, "Ready").reason()).isEqualTo("KubeletReady");
        assertThat(condition(node, "MemoryPressure").status()).isEqualTo("False");
        assertThat(condition(node, "DiskPressure").status()).isEqualTo("False");
        assertThat(node.status().conditions()).allSatisfy(c -> assertThat(c.lastHeartbeatTime()).isEqualTo(T0));
        assertThat(objects.hostIp(fingerprint)).isEqualTo("192.168.1.20");
    }

    @Test
    @DisplayName("reservations larger than capacity leave zero")
    void overReserved() {
        NodeObjects greedy = new NodeObjects(NodeAgentConfig.builder("n").reservedCpuMillis(10_000).build());
        assertThat(greedy.node(fingerprint, RuntimeStatus.allReady(), null, T0).status().allocatable().get("cpu").signum()).isZero();
    }

    @Test
    @DisplayName("heartbeats move lastHeartbeatTime; lastTransitionTime moves only when a condition flips")
    void heartbeats() {
        Node first = objects.node(fingerprint, RuntimeStatus.allReady(), null, T0);
        Node second = objects.node(fingerprint, RuntimeStatus.allReady(), first, T0.plusSeconds(10));
        assertThat(condition(second, "Ready").lastHeartbeatTime()).isEqualTo(T0.plusSeconds(10));
        assertThat(condition(second, "Ready").lastTransitionTime()).isEqualTo(T0);

        Node down = objects.node(fingerprint, RuntimeStatus.notReady("DaemonDown", "cannot connect"), second, T0.plusSeconds(20));
        NodeCondition ready = condition(down, "Ready");
        assertThat(ready.status()).isEqualTo("False");
        assertThat(ready.reason()).isEqualTo("ContainerRuntimeNotReady");
        assertThat(ready.message()).contains("DaemonDown: cannot connect");
        assertThat(ready.lastTransitionTime()).isEqualTo(T0.plusSeconds(20));
        assertThat(condition(down, "MemoryPressure").lastTransitionTime()).isEqualTo(T0);

        Node noNetwork = objects.node(fingerprint, new RuntimeStatus(true, false, "CniMissing", null), down, T0.plusSeconds(30));
        assertThat(condition(noNetwork, "Ready").reason()).isEqualTo("NetworkNotReady");
    }

    @Test
    @DisplayName("the node's metadata and spec from the API are kept (uid, taints set by others)")
    void keepsMetadata() {
        Node fromApi = Node.builder().metadata(ObjectMeta.builder().name("node-a").uid("n-uid").resourceVersion("7")
                .labels(Map.of("role", "db")).build()).build();
        Node node = objects.node(fingerprint, RuntimeStatus.allReady(), fromApi, T0);
        assertThat(node.metadata().uid()).isEqualTo("n-uid");
        assertThat(node.metadata().resourceVersion()).isEqualTo("7");
        assertThat(node.metadata().labels()).containsEntry("role", "db").containsEntry("kubernetes.io/hostname", "node-a");
    }

    @Test
    @DisplayName("the lease: kube-node-lease/<node>, holder the node, renewed with each heartbeat")
    void lease() {
        Lease first = objects.lease(null, T0);
        assertThat(first.metadata().namespace()).isEqualTo("kube-node-lease");
        assertThat(first.metadata().name()).isEqualTo("node-a");
        assertThat(first.spec().holderIdentity()).isEqualTo("node-a");
        assertThat(first.spec().leaseDurationSeconds()).isEqualTo(40);
        assertThat(first.spec().renewTime()).isEqualTo(T0);
        assertThat(first.spec().acquireTime()).isEqualTo(T0);

        Lease renewed = objects.lease(first.toBuilder().metadata(first.metadata().toBuilder().resourceVersion("3").build()).build(),
                T0.plusSeconds(10));
        assertThat(renewed.spec().renewTime()).isEqualTo(T0.plusSeconds(10));
        assertThat(renewed.spec().acquireTime()).isEqualTo(T0);
        assertThat(renewed.spec().leaseTransitions()).isZero();
        assertThat(renewed.metadata().resourceVersion()).as("kept for the optimistic update").isEqualTo("3");

        Lease takenOver = objects.lease(Lease.builder().metadata(ObjectMeta.of("kube-node-lease", "node-a"))
                .spec(new LeaseSpec("someone-else", 40, T0, T0, 2)).build(), T0.plusSeconds(5));
        assertThat(takenOver.spec().holderIdentity()).isEqualTo("node-a");
        assertThat(takenOver.spec().acquireTime()).isEqualTo(T0.plusSeconds(5));
        assertThat(takenOver.spec().leaseTransitions()).isEqualTo(3);
    }
}
