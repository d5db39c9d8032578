package io.corral.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.meta.ObjectMeta;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServiceAddressMapperTest {
    final Vertx vertx = Vertx.vertx();
    final List<String> calls = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Listens on 127.0.0.1 and records prepare/release of the host. */
    private ServiceAddressMapper recording(boolean failPrepare) {
        return new ServiceAddressMapper() {
            @Override
            public ListenAddress listenAddress(ServicePortName port, String clusterIP, int servicePort) {
                calls.add("map " + port.port() + " " + clusterIP + ":" + servicePort);
                return new ListenAddress("127.0.0.1", 0);
            }

            @Override
            public void prepare(String host) {
                calls.add("prepare " + host);
                if (failPrepare) {
                    throw new IllegalStateException("no CAP_NET_ADMIN");
                }
            }

            @Override
            public void release(String host) {
                calls.add("release " + host);
            }
        };
    }

    private static Service twoPorts() {
        return Service.builder().metadata(ObjectMeta.of("default", "web"))
                .spec(ServiceSpec.builder().clusterIP("10.96.0.7").ports(List.of(
                        new ServicePort("http", "TCP", null, 80, null, null),
                        new ServicePort("dns", "UDP", null, 53, null, null))).build())
                .build();
    }

    @Test
    @DisplayName("the mapper sees cluster IP and port; a host address is prepared once for all its listeners and released after the last")
    void prepareAndRelease() throws Exception {
        try (ServiceProxy proxy = new ServiceProxy(vertx, recording(false), ProxyConfig.DEFAULTS, new SimpleMeterRegistry())) {
            proxy.onServiceUpdate(twoPorts()).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(calls).containsExactly("map http 10.96.0.7:80", "map dns 10.96.0.7:53", "prepare 127.0.0.1");
            assertThat(proxy.listenAddresses()).hasSize(2);

            Service oneLeft = twoPorts().withSpec(twoPorts().spec().toBuilder().ports(List.of(twoPorts().spec().ports().get(0))).build());
            proxy.onServiceUpdate(oneLeft).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(calls).doesNotContain("release 127.0.0.1");
            assertThat(proxy.listenAddresses()).containsOnlyKeys(new ServicePortName("default", "web", "http", "TCP"));

            proxy.onServiceDelete("default", "web");
            assertThat(calls).containsOnlyOnce("prepare 127.0.0.1", "release 127.0.0.1");
        }
    }

    @Test
    @DisplayName("a host address that cannot be prepared fails the update, and the next update tries again")
    void prepareFails() {
        try (ServiceProxy proxy = new ServiceProxy(vertx, recording(true), ProxyConfig.DEFAULTS, new SimpleMeterRegistry())) {
            assertThatThrownBy(() -> proxy.onServiceUpdate(twoPorts()).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("CAP_NET_ADMIN");
            assertThat(proxy.listenAddresses()).isEmpty();
            assertThatThrownBy(() -> proxy.onServiceUpdate(twoPorts()).toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
            assertThat(calls.stream().filter(c -> c.startsWith("prepare"))).hasSize(4);
        }
        assertThat(calls).noneMatch(c -> c.startsWith("release"));
    }

    @Test
    @DisplayName("clusterIp() binds the cluster IP and service port; hostAddress() a free port on one address")
    void shippedMappers() {
        ServicePortName name = new ServicePortName("default", "web", "http", "TCP");
        assertThat(ServiceAddressMapper.clusterIp().listenAddress(name, "10.96.0.7", 80)).isEqualTo(new ListenAddress("10.96.0.7", 80));
        assertThat(ServiceAddressMapper.hostAddress("172.17.0.1").listenAddress(name, "10.96.0.7", 80)).isEqualTo(new ListenAddress("172.17.0.1", 0));
    }
}
