package io.corral.apiserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.corral.api.codec.ObjectCodec;
import io.corral.apiserver.registry.ResourceRegistry;
import io.corral.store.ClusterStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes-style REST API of a cluster, served over HTTP by Vert.x Web from a {@link ClusterStore}.
 *
 * <p>Stateless: all state is in the store, so every member may run one and clients may use any.
 * Paths, verbs, query parameters, watch streams and {@code Status} errors follow the Kubernetes API
 * conventions (see the package documentation and {@link ResourceRegistry} for the rules).
 *
 * <p>The server does not own the {@link Vertx}, the store or the {@link MeterRegistry}; {@link #stop()}
 * closes only the HTTP server, its watches and its own background thread.
 *
 * <p>Metrics: Timer {@code corral.apiserver.requests} (tags {@code verb}: get, list, watch, create,
 * update, patch, delete, deletecollection or the HTTP method for other paths; {@code resource}: the
 * plural, with {@code /status} for the subresource, empty for other paths; {@code code}: the HTTP
 * status); gauge {@code corral.apiserver.watches} (tag {@code port}), the open watch streams.
 * A request log line is written at debug level by {@code io.corral.apiserver.ApiServer}.
 *
 * <p>Thread-safe. Start once; a stopped server cannot be restarted.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** The WebSocket subprotocol of exec streams that the server accepts (Kubernetes' channel protocol v4). */
    public static final String WEBSOCKET_CHANNEL_PROTOCOL = "v4.channel.k8s.io";

    private final Vertx vertx;
    private final MeterRegistry meters;
    private final ApiServerOptions options;
    private final ResourceRegistry registry;
    private final ExecutorService background;
    private final AtomicInteger openWatches = new AtomicInteger();
    private final RestHandler handler;
    private final java.util.List<java.util.function.Consumer<io.vertx.ext.web.Router>> extensions =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile HttpServer server;
    private volatile Gauge gauge;

    /**
     * @param vertx   the Vert.x instance to serve on (not owned)
     * @param store   the cluster store (not owned)
     * @param meters  where to record metrics (not owned)
     * @param options where to listen and what to accept
     */
    public ApiServer(Vertx vertx, ClusterStore store, MeterRegistry meters, ApiServerOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.options = Objects.requireNonNull(options, "options");
        Objects.requireNonNull(store, "store");
        ObjectCodec codec = new ObjectCodec(options.codecLimits());
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "corral-apiserver-background");
            t.setDaemon(true);
            return t;
        });
        this.registry = new ResourceRegistry(store, codec, options.clock(), background);
        ObjectMapper mapper = registry.mapper();
        this.handler = new RestHandler(vertx, store, registry, new Responses(mapper, codec), new Discovery(mapper),
                meters, options, openWatches);
    }

    /**
     * Creates the system namespaces (when configured) and starts listening.
     *
     * @return completes with this server once it listens; fails when the port cannot be bound
     */
    public Future<ApiServer> start() {
        if (server != null) {
            return Future.failedFuture(new IllegalStateException("already started"));
        }
        Future<Void> namespaces = options.createSystemNamespaces()
                ? vertx.executeBlocking(() -> {
                    registry.ensureSystemNamespaces();
                    return null;
                }, false)
                : Future.succeededFuture();
        return namespaces.compose(v -> {
            HttpServer s = vertx.createHttpServer(new HttpServerOptions()
                    .setHost(options.host())
                    .setPort(options.port())
                    .setCompressionSupported(false)
                    .setIdleTimeout(0)
                    .setHttp2ClearTextEnabled(false)
                    .setWebSocketSubProtocols(java.util.List.of(WEBSOCKET_CHANNEL_PROTOCOL)));
            io.vertx.ext.web.Router router = handler.router();
            extensions.forEach(e -> e.accept(router));
            s.requestHandler(router);
            return s.listen();
        }).map(s -> {
            server = s;
            gauge = Gauge.builder("corral.apiserver.watches", openWatches, AtomicInteger::get)
                    .description("open watch streams")
                    .tag("port", Integer.toString(s.actualPort()))
                    .register(meters);
            LOG.info("API server listening on http://{}:{}", options.host(), s.actualPort());
            return this;
        });
    }

    /**
     * Adds routes served next to the API (e.g. pod logs and exec, which need the node agents);
     * call before {@link #start()}. The API's own routes come first in the router's order, so an
     * extension gives its routes a negative {@link io.vertx.ext.web.Route#order(int) order} to be
     * tried before them; it handles its own errors and metrics.
     */
    public ApiServer addRoutes(java.util.function.Consumer<io.vertx.ext.web.Router> extension) {
        if (server != null) {
            throw new IllegalStateException("routes must be added before start()");
        }
        extensions.add(Objects.requireNonNull(extension, "extension"));
        return this;
    }

    /** The bound port; only valid after {@link #start()} completed. */
    public int port() {
        HttpServer s = server;
        if (s == null) {
            throw new IllegalStateException("not started");
        }
        return s.actualPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}; only valid after {@link #start()} completed. */
    public String url() {
        return "http://" + options.host() + ":" + port();
    }

    /** The REST storage this server serves, for in-process use. */
    public ResourceRegistry registry() {
        return registry;
    }

    /** Stops listening, ends open watches and stops the background thread. Idempotent. */
    public Future<Void> stop() {
        HttpServer s = server;
        handler.closeWatches();
        background.shutdownNow();
        Gauge g = gauge;
        if (g != null) {
            meters.remove(g);
            gauge = null;
        }
        if (s == null) {
            return Future.succeededFuture();
        }
        return s.close();
    }

    /** Stops the server and waits for it (at most 10 seconds). */
    @Override
    public void close() {
        try {
            stop().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping the API server failed", e);
        }
    }
}
