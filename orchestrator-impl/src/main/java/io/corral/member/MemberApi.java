package io.corral.member;

import io.corral.api.client.CorralClient;
import io.corral.api.codec.ObjectCodec;
import io.corral.apiserver.ApiServer;
import io.corral.apiserver.ApiServerOptions;
import io.corral.apiserver.InProcessResourceApi;
import io.corral.nodehost.NodeHost;
import io.corral.nodehost.streams.PodStreams;
import io.corral.service.ServiceAllocationHook;
import io.corral.service.ServiceAllocator;
import io.corral.service.ServiceAllocatorConfig;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CorralMember}'s API: the API server with the service allocation hook and the pod log and
 * exec routes, the in-process client the member's own parts use, and the background creation of the
 * system namespaces. Closes them in reverse order.
 */
final class MemberApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemberApi.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SYSTEM_NAMESPACE_RETRY = Duration.ofMillis(500);

    private final Resources owned = new Resources();
    private final AtomicReference<NodeHost> nodes = new AtomicReference<>();
    private ApiServer server;
    private CorralClient client;

    /** Starts serving on {@code host:port} (0: a free port); blocks until it serves, at most a minute. */
    static MemberApi start(MemberPlatform platform, String host, int port, ServiceAllocatorConfig ranges) throws Exception {
        MemberApi api = new MemberApi();
        try {
            Vertx vertx = platform.vertx();
            api.server = new ApiServer(vertx, platform.store(), platform.registry(), ApiServerOptions.builder().host(host)
                    .port(port).createSystemNamespaces(false).build());
            api.server.registry().addHook(new ServiceAllocationHook(new ServiceAllocator(platform.store(), ranges)));
            api.client = api.owned.push(CorralClient.over(new InProcessResourceApi(api.server.registry(), new ObjectCodec())));
            PodStreams streams = new PodStreams(vertx, api.client, api.nodes::get);
            api.server.addRoutes(streams::mount);
            api.server.start().toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            api.owned.push(api.server);
            api.owned.push(streams);
            api.owned.push(ensureSystemNamespaces(vertx, api.server));
            return api;
        } catch (Exception e) {
            api.close();
            throw e;
        }
    }

    ApiServer server() {
        return server;
    }

    /** The in-process client of the member's own parts. */
    CorralClient client() {
        return client;
    }

    /** The member's nodes, whose pods' logs and exec this API serves (and forwards). */
    void serveNodes(NodeHost host) {
        nodes.set(host);
    }

    /**
     * The first members of a cluster start before there is a quorum, so the system namespaces
     * ({@code default}, {@code kube-system}, {@code kube-public}) are created in the background,
     * retried until the store accepts writes. Returns what stops the retries.
     */
    private static AutoCloseable ensureSystemNamespaces(Vertx vertx, ApiServer server) {
        AtomicBoolean done = new AtomicBoolean();
        long timer = vertx.setPeriodic(0, SYSTEM_NAMESPACE_RETRY.toMillis(), id -> {
            if (done.get()) {
                vertx.cancelTimer(id);
                return;
            }
            vertx.executeBlocking(() -> {
                server.registry().ensureSystemNamespaces();
                return null;
            }, false).onSuccess(v -> {
                done.set(true);
                vertx.cancelTimer(id);
                LOG.debug("System namespaces present");
            }).onFailure(e -> LOG.debug("System namespaces not created yet: {}", e.getMessage()));
        });
        return () -> {
            done.set(true);
            vertx.cancelTimer(timer);
        };
    }

    @Override
    public void close() {
        owned.close();
    }
}
