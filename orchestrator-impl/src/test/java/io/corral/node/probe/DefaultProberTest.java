package io.corral.node.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.corral.api.model.core.ContainerPort;
import io.corral.api.model.core.ExecAction;
import io.corral.api.model.core.HTTPGetAction;
import io.corral.api.model.core.HTTPHeader;
import io.corral.api.model.core.Probe;
import io.corral.api.model.core.TCPSocketAction;
import io.corral.api.model.meta.IntOrString;
import io.corral.runtime.simulated.SimulatedRuntime;
import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The default prober: exec, HTTP GET and TCP on loopback")
class DefaultProberTest {
    private HttpServer server;
    private final AtomicReference<String> header = new AtomicReference<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/healthz", exchange -> {
            header.set(exchange.getRequestHeaders().getFirst("X-Probe"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private ProbeTarget loopback() {
        return new ProbeTarget(new ContainerId("sim", "x"), "127.0.0.1",
                List.of(new ContainerPort("http", null, server.getAddress().getPort(), "TCP", null)));
    }

    private static Probe http(String path, IntOrString port) {
        // a generous timeout: the machine running the tests may be busy; refusals and 5xx answer at once anyway
        return Probe.builder().httpGet(new HTTPGetAction(path, port, null, null, List.of(new HTTPHeader("X-Probe", "yes"))))
                .timeoutSeconds(10).build();
    }

    @Test
    @DisplayName("HTTP: 2xx succeeds with the probe's headers, 5xx and refused connections fail, named ports resolve")
    void httpGet() throws IOException {
        DefaultProber prober = new DefaultProber(Optional.empty());
        ProbeOutcome ok = prober.probe(http("/healthz", IntOrString.of("http")), loopback());
        assertThat(ok.success()).as(ok.message()).isTrue();
        assertThat(header.get()).isEqualTo("yes");
        ProbeOutcome broken = prober.probe(http("/broken", IntOrString.of(server.getAddress().getPort())), loopback());
        assertThat(broken.success()).isFalse();
        assertThat(broken.message()).contains("503");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(prober.probe(http("/healthz", IntOrString.of(closed)), loopback()).success()).isFalse();
        assertThat(prober.probe(http("/healthz", IntOrString.of("nope")), loopback()).message()).contains("no container port named");
    }

    @Test
    @DisplayName("TCP: a listening port succeeds, a closed one fails")
    void tcp() throws IOException {
        DefaultProber prober = new DefaultProber(Optional.empty());
        Probe open = Probe.builder().tcpSocket(new TCPSocketAction(IntOrString.of(server.getAddress().getPort()), null))
                .timeoutSeconds(10).build();
        assertThat(prober.probe(open, loopback()).success()).isTrue();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Probe shut = Probe.builder().tcpSocket(new TCPSocketAction(IntOrString.of(closed), "127.0.0.1")).build();
        assertThat(prober.probe(shut, loopback()).success()).isFalse();
    }

    @Test
    @DisplayName("exec: through the runtime's command runner, exit code 0 succeeds; no runner, no handler fail")
    void exec() {
        SimulatedRuntime runtime = SimulatedRuntime.builder().clock(Clock.systemUTC()).build();
        PodDescription pod = PodDescription.builder("u", "p", "ns")
                .container(ContainerDescription.builder("app", "busybox:1.36").command("sleep", "infinity").build()).build();
        runtime.syncPod(pod, PodStatus.empty("u", "p", "ns"), List.of(), Backoff.withDefaults(Clock.systemUTC()));
        ContainerId id = runtime.getPodStatus("u", "p", "ns").findContainer("app").orElseThrow().id();
        ProbeTarget target = new ProbeTarget(id, null, List.of());
        DefaultProber prober = new DefaultProber(runtime.commandRunner());
        assertThat(prober.probe(Probe.builder().exec(new ExecAction(List.of("true"))).build(), target).success()).isTrue();
        ProbeOutcome failed = prober.probe(Probe.builder().exec(new ExecAction(List.of("sh", "-c", "echo sick; exit 3"))).build(), target);
        assertThat(failed.success()).isFalse();
        assertThat(failed.message()).contains("exited with 3").contains("sick");
        assertThat(new DefaultProber(Optional.empty()).probe(Probe.builder().exec(new ExecAction(List.of("true"))).build(), target)
                .message()).contains("cannot run commands");
        assertThat(prober.probe(Probe.builder().build(), target).success()).isFalse();
    }
}
