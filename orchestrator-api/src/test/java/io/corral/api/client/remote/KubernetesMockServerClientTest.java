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

    /**
     * What fabric8 8.0.0's CRUD mode does (checked by the tests it runs): create, get, update, merge and
     * JSON patches, delete, deleteCollection, equality label selectors, {@code metadata.name} field
     * selectors, resourceVersion conflicts on update (409, though with reason {@code Invalid}, which the
     * client reads by its code), watches of future changes. What it does not do, hence left out:
     */
    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.complementOf(EnumSet.of(
                Capability.PAGING,               // limit and continue are ignored: one page, no token
                Capability.DELETE_PRECONDITIONS, // preconditions are ignored: the delete succeeds
                Capability.STATUS_SUBRESOURCE,   // PUT .../status of a built-in kind does not store the status
                Capability.WATCH_FROM_VERSION,   // resourceVersion is ignored: a watch sends the current state
                Capability.SET_BASED_SELECTORS)); // "in", "notin", "key", "!key" do not filter
    }
}
