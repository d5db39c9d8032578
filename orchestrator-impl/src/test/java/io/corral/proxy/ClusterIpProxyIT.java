package io.corral.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.corral.api.model.core.Service;
import io.corral.proxy.TestBackends.LineClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decision 0003 option C on the real host: the cluster IP is added to {@code lo}, the proxy binds
 * {@code clusterIP:80}, clients on the host (and, when Docker and the test image are present, a
 * container) reach the endpoints through it. Needs root and iproute2 (CI runs as root).
 */
class ClusterIpProxyIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterIpProxyIT.class);
    private static final String IMAGE = "corral-test/busybox:1";

    @Test
    @DisplayName("a service's cluster IP is added to the host while it exists and reached from the host and from a container")
    void clusterIpOnTheHost() throws Exception {
        assumeTrue(run("ip", "-4", "addr", "show", "dev", "lo").exitCode == 0, "iproute2 is needed");
        assumeTrue("root".equals(System.getProperty("user.name")), "adding addresses needs root");
        String ip = "10.96.254." + ThreadLocalRandom.current().nextInt(100, 250);
        Vertx vertx = Vertx.vertx();
        try (ServiceProxy proxy = new ServiceProxy(vertx, ServiceAddressMapper.clusterIp(HostAddresses.linux("lo")),
                ProxyConfig.DEFAULTS, new SimpleMeterRegistry())) {
            int[] ports = new int[3];
            for (int i = 0; i < 3; i++) {
                NetServer s = TestBackends.tcp(vertx, "b" + i);
                ports[i] = s.actualPort();
            }
            Service service = TestBackends.service("web", "TCP", null);
            service = service.withSpec(service.spec().toBuilder().clusterIP(ip).build());
            proxy.onEndpointsUpdate(TestBackends.endpoints("web", "TCP", ports));
            proxy.onServiceUpdate(service).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(run("ip", "-4", "addr", "show", "dev", "lo").output).contains(ip + "/32");
            assertThat(proxy.listenAddress(new ServicePortName("default", "web", "http", "TCP"))).contains(new ListenAddress(ip, 80));

            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                try (LineClient c = new LineClient(new ListenAddress(ip, 80))) {
                    String answer = c.call("hi");
                    assertThat(answer).matches("b[012]:hi");
                    seen.add(answer);
                }
            }
            assertThat(seen).hasSize(3);

            // stdin stays open for a while: the proxy does not relay a half-close (decision 0003)
            if (run("docker", "image", "inspect", IMAGE).exitCode == 0) {
                Result fromContainer = run("docker", "run", "--rm", IMAGE, "sh", "-c", "(echo hi; sleep 2) | nc -w 5 " + ip + " 80");
                assertThat(fromContainer.output).as(fromContainer.output).containsPattern("b[012]:hi");
            } else {
                LOG.warn("Docker or {} not available: only the host side was checked", IMAGE);
            }

            proxy.onServiceDelete("default", "web");
            assertThat(run("ip", "-4", "addr", "show", "dev", "lo").output).doesNotContain(ip + "/32");
        } finally {
            run("ip", "-4", "addr", "del", ip + "/32", "dev", "lo");
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
    }
}
