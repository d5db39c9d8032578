package io.corral.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.corral.api.client.CorralClient;
import io.corral.service.ServiceAllocatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The parts of cluster-IP ownership that need no privilege: which addresses are touched, and the failure without the capability. */
class ServiceNetworkingOwnershipTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("the DNS address is the range's 10th; membership of the range")
    void rangeHelpers() {
        ServiceAllocatorConfig ranges = new ServiceAllocatorConfig("10.200.7.0/24", 30000, 32767);
        assertThat(ranges.clusterDnsIp()).isEqualTo("10.200.7.10");
        assertThat(ServiceAllocatorConfig.DEFAULTS.clusterDnsIp()).isEqualTo("10.96.0.10");
        assertThat(ranges.contains("10.200.7.255")).isTrue();
        assertThat(ranges.contains("10.200.8.1")).isFalse();
        assertThat(ranges.contains("fe80::1")).isFalse();
        assertThat(ranges.contains(null)).isFalse();
        assertThatThrownBy(() -> new ServiceAllocatorConfig("10.0.0.0/29", 30000, 32767).clusterDnsIp())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("too small");
    }

    @Test
    @DisplayName("at start, stale addresses of the range (only those) are removed; a failing add stops the start with its reason")
    void staleAddressesAndMissingCapability() {
        HostAddresses denied = new HostAddresses() {
            @Override
            public void add(String ip) {
                calls.add("add " + ip);
                throw new IllegalStateException("ip -4 addr replace " + ip + "/32 dev lo failed (2): RTNETLINK answers: Operation not permitted");
            }

            @Override
            public void remove(String ip) {
                calls.add("remove " + ip);
            }

            @Override
            public List<String> list() {
                return List.of("127.0.0.1", "10.200.7.33", "10.200.8.33", "10.200.7.10");
            }
        };
        ServiceNetworkingConfig config = ServiceNetworkingConfig.builder().ownClusterIps(denied).build();
        ServiceAllocatorConfig ranges = new ServiceAllocatorConfig("10.200.7.0/24", 30000, 32767);
        CorralClient unused = (CorralClient) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CorralClient.class}, (p, m, a) -> {
                    throw new AssertionError("not expected: " + m);
                });
        assertThatThrownBy(() -> ServiceNetworking.start(vertx, unused, config, ranges, new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CAP_NET_ADMIN").hasMessageContaining("Operation not permitted");
        assertThat(calls).containsExactly("remove 10.200.7.33", "remove 10.200.7.10", "add 10.200.7.10");
        assertThatThrownBy(() -> ServiceNetworking.start(vertx, unused, config, null, new SimpleMeterRegistry()))
                .hasMessageContaining("service range");
    }

    @Test
    @DisplayName("Linux: the addresses of lo are listed (unprivileged)")
    void listsLoopback() {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip")), "iproute2 is not installed");
        assertThat(HostAddresses.linux("lo").list()).contains("127.0.0.1");
    }

    @Test
    @DisplayName("owning the cluster IPs needs both the proxy and the DNS")
    void needsProxyAndDns() {
        assertThatThrownBy(() -> ServiceNetworkingConfig.builder().ownClusterIps(HostAddresses.none()).withoutDns().build())
                .isInstanceOf(IllegalStateException.class);
        assertThat(ServiceNetworkingConfig.nodeOwnsClusterIps().ownedAddresses()).isPresent();
        assertThat(ServiceNetworkingConfig.builder().ownClusterIps(HostAddresses.none())
                .proxyAddresses(ServiceAddressMapper.hostAddress("127.0.0.1")).build().ownedAddresses()).isEmpty();
    }
}
