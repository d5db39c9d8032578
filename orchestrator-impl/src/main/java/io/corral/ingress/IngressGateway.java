package io.corral.ingress;

import io.corral.api.client.CorralClient;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.model.core.EndpointAddress;
import io.corral.api.model.core.EndpointPort;
import io.corral.api.model.core.EndpointSubset;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Secret;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.networking.Ingress;
import io.corral.service.ServiceRegistryView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ServerSSLOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP entry point of a member, an ingress controller in small: an HTTP server that routes each
 * request by host and path ({@link IngressRoutes}, from an informer on ingresses) to a service port,
 * and forwards it, with Vert.x's reverse proxy, straight to a ready endpoint of that port (pod IP and
 * target port, round robin per service port), not through the service proxy.
 *
 * <p>Answers of its own, as {@code Status} JSON bodies:
 * <ul>
 *   <li>404 {@code NotFound} when no rule matches and there is no default backend;</li>
 *   <li>503 {@code ServiceUnavailable} when the backend service is unknown, has no such port, or
 *       has no ready endpoint;</li>
 *   <li>502 (the proxy's) when the chosen endpoint cannot be reached.</li>
 * </ul>
 * With {@link IngressConfig#tlsPort()} set, a second listener serves HTTPS with the same routes,
 * presenting per host (SNI) the certificate of the ingresses' {@code spec.tls} entries, read from
 * their {@code kubernetes.io/tls} secrets ({@link IngressCertificates}); a change of an ingress or of
 * a secret takes effect for new connections without a restart.
 *
 * <p>The request's {@code Host} header is passed on unchanged; {@code X-Forwarded-For} gets the
 * client's address appended, {@code X-Forwarded-Host} and {@code X-Forwarded-Proto} are set unless
 * present. WebSocket upgrades are forwarded.
 *
 * <p>Metrics: {@code corral.ingress.requests} tagged {@code outcome} ({@code routed},
 * {@code not_found}, {@code unavailable}); {@code corral.ingress.tls.hosts} (host names with a
 * certificate) and {@code corral.ingress.tls.problems} (tls entries that could not be loaded).
 *
 * <p>Lifecycle: {@link #start} binds and starts the informer; {@link #close()} stops both (blocks,
 * not on an event loop). Services and endpoints come from a {@link ServiceRegistryView} the caller
 * keeps current (e.g. {@link io.corral.proxy.ServiceNetworking#registry()}). Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class IngressGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngressGateway.class);
    private static final String ORIGIN = "corral.ingress.origin";

    private final ServiceRegistryView services;
    private final IngressConfig config;
    private final MeterRegistry meters;
    private final Map<String, AtomicLong> roundRobin = new ConcurrentHashMap<>();
    private final SharedInformer<Ingress> ingresses;
    private final SharedInformer<Secret> secrets;
    private volatile IngressRoutes routes = IngressRoutes.empty();
    private volatile IngressCertificates certificates;
    private volatile Vertx vertx;
    private volatile HttpServer server;
    private volatile HttpServer tlsServer;
    private volatile HttpClientAgent client;

    private IngressGateway(CorralClient api, ServiceRegistryView services, IngressConfig config, MeterRegistry meters) {
        this.services = services;
        this.config = config;
        this.meters = meters;
        this.ingresses = SharedInformer.of(api.ingresses());
        this.secrets = config.tlsPort() >= 0 ? SharedInformer.of(api.secrets()) : null;
    }

    /**
     * Starts listening and watching ingresses. Blocks until the server is bound (at most 30 s);
     * does not wait for the informer to sync ({@link #hasSynced()}).
     *
     * @param vertx    the Vert.x to serve on; not closed
     * @param api      where ingresses are read; not closed
     * @param services the services and endpoints to route to; read on event loops
     * @param config   where to listen
     * @param meters   where to report; not closed
     * @throws IllegalStateException when the port cannot be bound
     */
    public static IngressGateway start(Vertx vertx, CorralClient api, ServiceRegistryView services, IngressConfig config,
                                       MeterRegistry meters) {
        IngressGateway gateway = new IngressGateway(Objects.requireNonNull(api, "api"), Objects.requireNonNull(services, "services"),
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(meters, "meters"));
        gateway.ingresses.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Ingress object) {
                gateway.rebuild();
            }

            @Override
            public void onUpdate(Ingress oldObject, Ingress newObject) {
                if (oldObject != newObject) {
                    gateway.rebuild();
                }
            }

            @Override
            public void onDelete(Ingress object, boolean finalStateUnknown) {
                gateway.rebuild();
            }
        });
        if (gateway.secrets != null) {
            gateway.secrets.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Secret object) {
                    gateway.secretChanged(object);
                }

                @Override
                public void onUpdate(Secret oldObject, Secret newObject) {
                    if (oldObject != newObject) {
                        gateway.secretChanged(newObject);
                    }
                }

                @Override
                public void onDelete(Secret object, boolean finalStateUnknown) {
                    gateway.secretChanged(object);
                }
            });
        }
        try {
            gateway.listen(Objects.requireNonNull(vertx, "vertx"));
        } catch (Exception e) {
            gateway.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot start the ingress gateway on " + config.host() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        gateway.ingresses.start();
        if (gateway.secrets != null) {
            gateway.secrets.start();
        }
        return gateway;
    }

    private void listen(Vertx vertx) throws Exception {
        this.vertx = vertx;
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis())));
        HttpProxy proxy = HttpProxy.reverseProxy(client);
        proxy.origin(OriginRequestProvider.selector(ctx -> Future.succeededFuture(ctx.get(ORIGIN, SocketAddress.class))));
        proxy.addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
                return route(ctx);
            }
        });
        server = vertx.createHttpServer(new HttpServerOptions()).requestHandler(proxy);
        server.listen(config.port(), config.host()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.info("ingress gateway on {}:{}", config.host(), server.actualPort());
        if (config.tlsPort() >= 0) {
            certificates = IngressCertificates.of(vertx, List.of(), (ns, name) -> Optional.empty());
            tlsServer = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setSni(true).setKeyCertOptions(certificates))
                    .requestHandler(proxy);
            tlsServer.listen(config.tlsPort(), config.host()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Gauge.builder("corral.ingress.tls.hosts", this, g -> g.certificates.hosts())
                    .description("host names the ingress gateway has a TLS certificate for").register(meters);
            Gauge.builder("corral.ingress.tls.problems", this, g -> g.certificates.problems().size())
                    .description("ingress tls entries whose secret could not be loaded").register(meters);
            LOG.info("ingress gateway (HTTPS) on {}:{}", config.host(), tlsServer.actualPort());
        }
    }

    private Future<ProxyResponse> route(ProxyContext ctx) {
        HttpServerRequest request = ctx.request().proxiedRequest();
        String host = request.authority() != null ? request.authority().host() : request.getHeader("Host");
        String path = request.path();
        Optional<IngressBackendRef> backend = routes.route(host, path);
        if (backend.isEmpty()) {
            count("not_found");
            return answer(ctx, 404, "NotFound", "no ingress rule matches host " + host + " and path " + path);
        }
        IngressBackendRef ref = backend.get();
        String problem;
        Optional<Service> service = services.service(ref.namespace(), ref.service());
        if (service.isEmpty()) {
            problem = "service " + ref.namespace() + "/" + ref.service() + " not found";
        } else {
            Optional<ServicePort> port = servicePort(service.get(), ref);
            if (port.isEmpty()) {
                problem = "service " + ref.namespace() + "/" + ref.service() + " has no port "
                        + (ref.portNumber() != null ? ref.portNumber() : ref.portName());
            } else {
                List<SocketAddress> ready = ready(services.endpoints(ref.namespace(), ref.service()).orElse(null), port.get());
                if (!ready.isEmpty()) {
                    long n = roundRobin.computeIfAbsent(ref.toString(), k -> new AtomicLong()).getAndIncrement();
                    ctx.set(ORIGIN, ready.get((int) Math.floorMod(n, (long) ready.size())));
                    forwardedHeaders(ctx, request, host);
                    count("routed");
                    return ctx.sendRequest();
                }
                problem = "service " + ref.namespace() + "/" + ref.service() + " has no ready endpoints";
            }
        }
        count("unavailable");
        return answer(ctx, 503, "ServiceUnavailable", problem);
    }

    /** As ingress-nginx: the client's address appended to X-Forwarded-For; host and scheme as received. */
    private static void forwardedHeaders(ProxyContext ctx, HttpServerRequest request, String host) {
        var headers = ctx.request().headers();
        String client = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (client != null) {
            String prior = headers.get("X-Forwarded-For");
            headers.set("X-Forwarded-For", prior == null || prior.isBlank() ? client : prior + ", " + client);
        }
        if (host != null && !headers.contains("X-Forwarded-Host")) {
            headers.set("X-Forwarded-Host", host);
        }
        if (!headers.contains("X-Forwarded-Proto")) {
            headers.set("X-Forwarded-Proto", request.isSSL() ? "https" : "http");
        }
    }

    private static Optional<ServicePort> servicePort(Service service, IngressBackendRef ref) {
        if (service.spec() == null) {
            return Optional.empty();
        }
        return service.spec().ports().stream()
                .filter(p -> !"UDP".equals(p.protocol()) && !"SCTP".equals(p.protocol()))
                .filter(p -> ref.portNumber() != null ? ref.portNumber().equals(p.port()) : ref.portName().equals(p.name()))
                .findFirst();
    }

    /** The ready addresses of the subsets carrying the service port (matched by name, TCP). */
    private static List<SocketAddress> ready(Endpoints endpoints, ServicePort port) {
        if (endpoints == null) {
            return List.of();
        }
        String name = port.name() == null ? "" : port.name();
        List<SocketAddress> out = new ArrayList<>();
        for (EndpointSubset subset : endpoints.subsets()) {
            for (EndpointPort ep : subset.ports()) {
                String epName = ep.name() == null ? "" : ep.name();
                if (epName.equals(name) && (ep.protocol() == null || "TCP".equals(ep.protocol())) && ep.port() != null) {
                    for (EndpointAddress a : subset.addresses()) {
                        if (a.ip() != null) {
                            out.add(SocketAddress.inetSocketAddress(ep.port(), a.ip()));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Future<ProxyResponse> answer(ProxyContext ctx, int code, String reason, String message) {
        JsonObject status = new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("metadata", new JsonObject())
                .put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        ProxyResponse response = ctx.request().response().setStatusCode(code)
                .setStatusMessage(code == 404 ? "Not Found" : "Service Unavailable")
                .putHeader("Content-Type", "application/json")
                .setBody(Body.body(Buffer.buffer(status.encode())));
        return Future.succeededFuture(response);
    }

    private void count(String outcome) {
        Counter.builder("corral.ingress.requests").description("HTTP requests received by the ingress gateway")
                .tag("outcome", outcome).register(meters).increment();
    }

    /** The ingresses of this gateway's class (or without one). */
    private List<Ingress> served() {
        return ingresses.indexer().list().stream()
                .filter(i -> config.ingressClass() == null || i.spec() == null || i.spec().ingressClassName() == null
                        || config.ingressClass().equals(i.spec().ingressClassName()))
                .toList();
    }

    private void rebuild() {
        List<Ingress> served = served();
        routes = IngressRoutes.of(served);
        if (tlsServer != null) {
            refreshCertificates(served);
        }
    }

    /** A secret named by a served tls entry reloads the certificates (not the routes); other secrets cost a scan. */
    private void secretChanged(Secret secret) {
        List<Ingress> served = served();
        String ns = secret.metadata().namespace();
        String name = secret.metadata().name();
        boolean named = served.stream().anyMatch(i -> Objects.equals(ns, i.metadata().namespace()) && i.spec() != null
                && i.spec().tls().stream().anyMatch(t -> Objects.equals(name, t.secretName())));
        if (named) {
            refreshCertificates(served);
        }
    }

    /** Reloads the certificates when the tls entries or their secrets changed (informer threads). */
    private synchronized void refreshCertificates(List<Ingress> served) {
        IngressCertificates next = IngressCertificates.of(vertx, served,
                (ns, name) -> secrets.indexer().get(ns, name));
        if (next.fingerprint().equals(certificates.fingerprint())) {
            return;
        }
        next.problems().forEach(p -> LOG.warn("ingress TLS: {}", p));
        certificates = next;
        tlsServer.updateSSLOptions(new ServerSSLOptions().setSni(true).setKeyCertOptions(next), true)
                .onFailure(e -> LOG.warn("ingress TLS: could not apply the new certificates", e));
        LOG.info("ingress TLS: certificates for {} host name(s){}", next.hosts(),
                next.sourceFor(null).map(s -> ", default from " + s).orElse(""));
    }

    /** The certificate source ({@code namespace/secret}) the HTTPS listener presents for a server name. */
    public Optional<String> certificateFor(String serverName) {
        IngressCertificates c = certificates;
        return c == null ? Optional.empty() : c.sourceFor(serverName);
    }

    /** The routing table in use now. */
    public IngressRoutes routes() {
        return routes;
    }

    /** Whether the ingress (and, with HTTPS, secret) informers have delivered their first list. */
    public boolean hasSynced() {
        return ingresses.hasSynced() && (secrets == null || secrets.hasSynced());
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return new InetSocketAddress(config.host(), server.actualPort());
    }

    /** The bound port. */
    public int port() {
        return server.actualPort();
    }

    /** The bound HTTPS port, or -1 without an HTTPS listener. */
    public int tlsPort() {
        return tlsServer == null ? -1 : tlsServer.actualPort();
    }

    /** Stops the informer, the server and the client; waits up to 10 s. Idempotent. */
    @Override
    public void close() {
        ingresses.close();
        if (secrets != null) {
            secrets.close();
        }
        List<Future<Void>> closing = new ArrayList<>();
        if (server != null) {
            closing.add(server.close());
        }
        if (tlsServer != null) {
            closing.add(tlsServer.close());
        }
        if (client != null) {
            closing.add(client.close());
        }
        try {
            Future.join(closing).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("ingress gateway did not close cleanly", e);
        }
    }
}
