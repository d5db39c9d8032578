package io.corral.api.client.remote;

import io.corral.api.client.CorralClient;
import io.corral.api.client.CorralClientContract;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The client contract, run by the remote client against fabric8's {@link KubernetesMockServer} in CRUD
 * mode: a test double of a Kubernetes API server (real HTTP on loopback, objects kept in memory) standing
 * in for Corral's own until it lands. The mock carries watches over WebSocket only, so the client is
 * built with {@link WatchTransport#WEBSOCKET}; streaming watches are tested against {@link StubApiServer}.
 * {@link #capabilities()} lists what the mock does not do.
 */
class KubernetesMockServerClientTest extends CorralClientContract {
    private static KubernetesMockServer server;

    @BeforeAll
    static void startServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.destroy();
        }
    }

    @Override
    protected CorralClient newClient() {
        return RemoteCorralClient.builder(URI.create(server.url("/")))
                .requestTimeout(Duration.ofSeconds(10))
                .watchTransport(WatchTransport.WEBSOCKET)
                .build();
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }
}
