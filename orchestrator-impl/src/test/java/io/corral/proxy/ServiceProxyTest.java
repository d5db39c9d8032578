package io.corral.proxy;

import static io.corral.proxy.TestBackends.endpoints;
import static io.corral.proxy.TestBackends.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.corral.proxy.TestBackends.LineClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServiceProxyTest {
    static final ServicePortName HTTP = new ServicePortName("default", "web", "http", "TCP");
    static final ServicePortName UDP = new ServicePortName("default", "web", "http", "UDP");

    Vertx vertx;
    SimpleMeterRegistry registry;
    ServiceProxy proxy;
    final List<NetServer> backends = new ArrayList<>();
    int[] ports;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        registry = new SimpleMeterRegistry();
        proxy = new ServiceProxy(vertx, ServiceAddressMapper.hostAddress("127.0.0.1"),
                ProxyConfig.DEFAULTS.withUdpIdleTimeout(Duration.ofSeconds(5)), registry);
        ports = new int[3];
        for (int i = 0; i < 3; i++) {
            NetServer s = TestBackends.tcp(vertx, "b" + i);
            backends.add(s);
            ports[i] = s.actualPort();
        }
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private ListenAddress expose(String affinity, int... endpointPorts) throws Exception {
        proxy.onEndpointsUpdate(endpoints("web", "TCP", endpointPorts));
        proxy.onServiceUpdate(service("web", "TCP", affinity)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        return proxy.listenAddress(HTTP).orElseThrow();
    }

    private Map<String, Integer> calls(ListenAddress address, int n) throws IOException {
        Map<String, Integer> byBackend = new HashMap<>();
        for (int i = 0; i < n; i++) {
            try (LineClient c = new LineClient(address)) {
                String answer = c.call("hello" + i);
                assertThat(answer).endsWith(":hello" + i);
                byBackend.merge(answer.substring(0, answer.indexOf(':')), 1, Integer::sum);
            }
        }
        return byBackend;
    }

    private double counter(String name, String... tags) {
        var search = registry.find(name).tags("service", "default/web");
        if (tags.length > 0) {
            search = search.tags(tags);
        }
        var c = search.counter();
        return c == null ? 0 : c.count();
    }

    @Test
    @DisplayName("30 connections are spread round robin over three endpoints, with metrics")
    void roundRobin() throws Exception {
        ListenAddress address = expose(null, ports);
        assertThat(address.host()).isEqualTo("127.0.0.1");
        assertThat(calls(address, 30)).containsOnly(Map.entry("b0", 10), Map.entry("b1", 10), Map.entry("b2", 10));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(counter("corral.proxy.connections")).isEqualTo(30);
            assertThat(counter("corral.proxy.bytes", "direction", "in")).isGreaterThan(30 * 7);
            assertThat(counter("corral.proxy.bytes", "direction", "out")).isGreaterThan(30 * 10);
            assertThat(registry.find("corral.proxy.active").gauge().value()).isZero();
        });
    }

    @Test
    @DisplayName("with ClientIP affinity every connection of a client reaches the same endpoint")
    void clientIpAffinity() throws Exception {
        ListenAddress address = expose("ClientIP", ports);
        assertThat(calls(address, 30)).hasSize(1).containsValue(30);
    }

    /** A clock the test moves. */
    static final class TestClock extends java.time.Clock {
        final java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(1_000_000);

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    @DisplayName("affinity lasts while the client comes back within the timeout, and ends after it")
    void affinityTimeout() throws Exception {
        proxy.close();
        TestClock clock = new TestClock();
        proxy = new ServiceProxy(vertx, ServiceAddressMapper.hostAddress("127.0.0.1"),
                ProxyConfig.DEFAULTS.withSessionAffinityTimeout(Duration.ofMinutes(10)), registry, clock);
        ListenAddress address = expose("ClientIP", ports);
        assertThat(calls(address, 1)).containsOnlyKeys("b0");
        clock.millis.addAndGet(Duration.ofMinutes(9).toMillis());
        assertThat(calls(address, 3)).containsOnlyKeys("b0");
        clock.millis.addAndGet(Duration.ofMinutes(9).toMillis());
        assertThat(calls(address, 1)).as("9 min after the last use").containsOnlyKeys("b0");
        clock.millis.addAndGet(Duration.ofMinutes(10).toMillis());
        assertThat(calls(address, 1)).as("10 min after the last use: round robin picks the next").containsOnlyKeys("b1");
        assertThat(calls(address, 3)).containsOnlyKeys("b1");
    }

    @Test
    @DisplayName("an endpoint removed while connections are open: no new call fails or reaches it, its established connection keeps working")
    void endpointRemoval() throws Exception {
        ListenAddress address = expose(null, ports);
        List<LineClient> established = new ArrayList<>();
        Map<String, LineClient> byBackend = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            LineClient c = new LineClient(address);
            established.add(c);
            String answer = c.call("open");
            byBackend.put(answer.substring(0, 2), c);
        }
        assertThat(byBackend).containsOnlyKeys("b0", "b1", "b2");

        proxy.onEndpointsUpdate(endpoints("web", "TCP", ports[0], ports[2]));

        assertThat(calls(address, 30)).containsOnlyKeys("b0", "b2").containsValues(15, 15);
        assertThat(byBackend.get("b1").call("still there")).isEqualTo("b1:still there");
        for (LineClient c : established) {
            c.close();
        }
    }

    @Test
    @DisplayName("half-close is relayed: a client that ends its output (as nc does) still gets the answer, both sides close after")
    void halfClose() throws Exception {
        // answers once its input ended, as a server reading a request to EOF does
        try (ServerSocket backend = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                for (int i = 0; i < 3; i++) {
                    try (java.net.Socket s = backend.accept()) {
                        byte[] request = s.getInputStream().readAllBytes();
                        s.getOutputStream().write(("got:" + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "half-close-backend");
            server.setDaemon(true);
            server.start();
            ListenAddress address = expose(null, backend.getLocalPort());
            for (int i = 0; i < 3; i++) {
                try (java.net.Socket client = new java.net.Socket(address.host(), address.port())) {
                    client.setSoTimeout(5000);
                    // a large request, so that some of it is still queued when the end of input arrives
                    String request = "request-" + i + "-" + "x".repeat(i * 200_000);
                    client.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                    client.shutdownOutput();
                    assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("got:" + request);
                }
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry.find("corral.proxy.active").gauge().value()).isZero());
        }
    }

    @Test
    @DisplayName("a closed endpoint is skipped: every call succeeds on the others")
    void closedEndpointSkipped() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ListenAddress address = expose(null, ports[0], closedPort, ports[2]);
        Map<String, Integer> result = calls(address, 30);
        assertThat(result).containsOnlyKeys("b0", "b2");
        assertThat(result.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
        assertThat(counter("corral.proxy.connect.failures")).isGreaterThanOrEqualTo(1);
    }

    @Test
    @DisplayName("with no endpoint the connection is closed and counted as rejected; endpoints coming back are used")
    void noEndpoints() throws Exception {
        ListenAddress address = expose(null);
        try (LineClient c = new LineClient(address)) {
            assertThat(c.call("anyone?")).isNull();
        }
        assertThat(counter("corral.proxy.rejected")).isEqualTo(1);
        proxy.onEndpointsUpdate(endpoints("web", "TCP", ports[1]));
        assertThat(calls(address, 2)).containsOnly(Map.entry("b1", 2));
        proxy.onEndpointsDelete("default", "web");
        assertThat(proxy.endpoints(HTTP)).isEmpty();
    }

    @Test
    @DisplayName("deleting the service closes its listener and removes its meters")
    void serviceDelete() throws Exception {
        ListenAddress address = expose(null, ports);
        assertThat(proxy.listenAddresses()).containsOnlyKeys(HTTP);
        proxy.onServiceDelete("default", "web");
        assertThat(proxy.listenAddress(HTTP)).isEmpty();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> new LineClient(address).close()).isInstanceOf(ConnectException.class));
        assertThat(registry.find("corral.proxy.connections").counters()).isEmpty();
    }

    @Test
    @DisplayName("headless services get no listener")
    void headless() {
        var s = service("web", "TCP", null);
        s = s.withSpec(s.spec().toBuilder().clusterIP("None").build());
        proxy.onServiceUpdate(s).toCompletableFuture().join();
        assertThat(proxy.listenAddresses()).isEmpty();
    }

    @Test
    @DisplayName("UDP datagrams are relayed to an endpoint and the answers come back, round robin per client")
    void udpEcho() throws Exception {
        DatagramSocket u0 = TestBackends.udp(vertx, "u0");
        DatagramSocket u1 = TestBackends.udp(vertx, "u1");
        proxy.onEndpointsUpdate(endpoints("web", "UDP", u0.localAddress().port(), u1.localAddress().port()));
        proxy.onServiceUpdate(service("web", "UDP", null)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        ListenAddress address = proxy.listenAddress(UDP).orElseThrow();

        Map<String, Integer> seen = new HashMap<>();
        for (int client = 0; client < 4; client++) {
            try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                socket.setSoTimeout(5000);
                String first = null;
                for (int i = 0; i < 3; i++) {
                    byte[] data = ("ping" + i).getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(data, data.length, new InetSocketAddress(address.host(), address.port())));
                    DatagramPacket reply = new DatagramPacket(new byte[100], 100);
                    socket.receive(reply);
                    String answer = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
                    assertThat(answer).endsWith(":ping" + i);
                    assertThat(reply.getPort()).isEqualTo(address.port());
                    String backend = answer.substring(0, 2);
                    if (first == null) {
                        first = backend;
                    }
                    assertThat(backend).as("one flow sticks to its endpoint").isEqualTo(first);
                }
                seen.merge(first, 1, Integer::sum);
            }
        }
        assertThat(seen).containsOnly(Map.entry("u0", 2), Map.entry("u1", 2));
        assertThat(registry.find("corral.proxy.connections").tags("protocol", "UDP").counter().count()).isEqualTo(4);
    }
}
