package io.corral.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusDetails;
import io.corral.api.status.StatusReason;
import io.corral.api.client.PatchType;
import io.corral.apiserver.registry.DeleteOptions;
import io.corral.apiserver.registry.ListRequest;
import io.corral.apiserver.registry.ResourceRegistry;
import io.corral.store.ClusterStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RequestBody;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes and serves the requests of one {@link ApiServer}. */
final class RestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final String START = "corral.start";
    static final String VERB = "corral.verb";
    static final String RESOURCE = "corral.resource";
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    private final Vertx vertx;
    private final ClusterStore store;
    private final ResourceRegistry registry;
    private final Responses responses;
    private final Discovery discovery;
    private final MeterRegistry meters;
    private final ApiServerOptions options;
    private final AtomicInteger openWatches;
    private final Set<WatchStream> watches = ConcurrentHashMap.newKeySet();

    RestHandler(Vertx vertx, ClusterStore store, ResourceRegistry registry, Responses responses, Discovery discovery,
                MeterRegistry meters, ApiServerOptions options, AtomicInteger openWatches) {
        this.vertx = vertx;
        this.store = store;
        this.registry = registry;
        this.responses = responses;
        this.discovery = discovery;
        this.meters = meters;
        this.options = options;
        this.openWatches = openWatches;
    }

    Router router() {
        Router router = Router.router(vertx);
        router.route().handler(this::begin);
        router.route().method(HttpMethod.POST).method(HttpMethod.PUT).method(HttpMethod.PATCH).method(HttpMethod.DELETE)
                .handler(BodyHandler.create(false).setBodyLimit(options.maxRequestBytes()));
        router.get("/version").handler(ctx -> responses.send(ctx, 200, discovery.version()));
        router.get("/healthz").handler(this::health);
        router.get("/livez").handler(this::health);
        router.get("/readyz").handler(this::ready);
        router.post(PodBindingHandler.PATH).handler(new PodBindingHandler(vertx, registry, responses)::handle);
        router.route("/api").handler(this::dispatch);
        router.route("/api/*").handler(this::dispatch);
        router.route("/apis").handler(this::dispatch);
        router.route("/apis/*").handler(this::dispatch);
        router.route().last().handler(ctx -> responses.fail(ctx, notFound()));
        router.route().failureHandler(this::failure);
        return router;
    }

    void closeWatches() {
        for (WatchStream w : watches) {
            w.finish();
        }
    }

    // ---------------------------------------------------------------- plumbing

    private void begin(RoutingContext ctx) {
        ctx.put(START, System.nanoTime());
        ctx.addEndHandler(v -> record(ctx));
        boolean watch = isTrue(ctx.request().getParam("watch")) || ctx.normalizedPath().contains("/watch/");
        if (!watch) {
            long timer = vertx.setTimer(options.requestTimeout().toMillis(), id -> responses.fail(ctx,
                    new ApiException(StatusReason.TIMEOUT, "Timeout: request did not complete within the allotted timeout of "
                            + options.requestTimeout().toSeconds() + "s")));
            ctx.addEndHandler(v -> vertx.cancelTimer(timer));
        }
        ctx.next();
    }

    private void record(RoutingContext ctx) {
        Long start = ctx.get(START);
        if (start == null) {
            return;
        }
        long nanos = System.nanoTime() - start;
        String verb = ctx.get(VERB);
        if (verb == null) {
            verb = ctx.request().method().name().toLowerCase(Locale.ROOT);
        }
        String resource = ctx.get(RESOURCE);
        int code = ctx.response().getStatusCode();
        Timer.builder("corral.apiserver.requests")
                .description("API requests")
                .tag("verb", verb)
                .tag("resource", resource == null ? "" : resource)
                .tag("code", Integer.toString(code))
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} {} {}ms", ctx.request().method(), ctx.request().uri(), code, nanos / 1_000_000);
        }
    }

    private void failure(RoutingContext ctx) {
        Throwable t = ctx.failure();
        ApiException e;
        if (t instanceof ApiException api) {
            e = api;
        } else if (ctx.statusCode() == 413) {
            e = new ApiException(StatusReason.REQUEST_ENTITY_TOO_LARGE, "the request body is too large: the limit is "
                    + options.maxRequestBytes() + " bytes");
        } else if (ctx.statusCode() == 404) {
            e = notFound();
        } else if (ctx.statusCode() == 405) {
            e = methodNotAllowed();
        } else if (ctx.statusCode() == 400) {
            e = ApiException.badRequest(t == null ? "bad request" : String.valueOf(t.getMessage()));
        } else {
            LOG.warn("request {} {} failed", ctx.request().method(), ctx.request().uri(), t);
            e = new ApiException(StatusReason.INTERNAL_ERROR, "an error on the server (" + (t == null ? ctx.statusCode()
                    : t.getClass().getSimpleName() + ": " + t.getMessage()) + ") has prevented the request from succeeding");
        }
        if (e.code() == 413) {
            // The client may still be sending; do not keep the connection for another request.
            ctx.response().putHeader("Connection", "close");
        }
        responses.fail(ctx, e);
    }

    private void health(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("ok");
    }

    private void ready(RoutingContext ctx) {
        vertx.executeBlocking(store::currentRevision, false).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("ok");
            } else {
                ctx.response().setStatusCode(503).putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("store unavailable: " + ar.cause().getMessage());
            }
        });
    }

    private <T> void blocking(RoutingContext ctx, Callable<T> work, java.util.function.Consumer<T> done) {
        vertx.executeBlocking(work, false).onComplete(ar -> {
            if (ar.succeeded()) {
                try {
                    done.accept(ar.result());
                } catch (RuntimeException e) {
                    ctx.fail(e);
                }
            } else {
                ctx.fail(ar.cause());
            }
        });
    }

    // ---------------------------------------------------------------- dispatch

    private void dispatch(RoutingContext ctx) {
        try {
            route(ctx);
        } catch (ApiException e) {
            responses.fail(ctx, e);
        }
    }

    private void route(RoutingContext ctx) {
        List<String> seg = new ArrayList<>();
        for (String s : ctx.normalizedPath().split("/")) {
            if (!s.isEmpty()) {
                seg.add(s);
            }
        }
        boolean get = ctx.request().method() == HttpMethod.GET;
        if (seg.get(0).equals("api")) {
            if (seg.size() == 1) {
                discoveryDoc(ctx, get, Optional.of(discovery.coreVersions(ctx.request().authority() == null ? ""
                        : ctx.request().authority().toString())));
            } else if (!seg.get(1).equals("v1")) {
                throw notFound();
            } else if (seg.size() == 2) {
                discoveryDoc(ctx, get, discovery.resources("v1"));
            } else {
                resource(ctx, "", "v1", seg.subList(2, seg.size()));
            }
            return;
        }
        switch (seg.size()) {
            case 1 -> discoveryDoc(ctx, get, Optional.of(discovery.groups()));
            case 2 -> discoveryDoc(ctx, get, discovery.group(seg.get(1)));
            case 3 -> discoveryDoc(ctx, get, discovery.resources(seg.get(1) + "/" + seg.get(2)));
            default -> resource(ctx, seg.get(1), seg.get(2), seg.subList(3, seg.size()));
        }
    }

    private void discoveryDoc(RoutingContext ctx, boolean get, Optional<ObjectNode> doc) {
        if (doc.isEmpty()) {
            throw notFound();
        }
        if (!get) {
            throw methodNotAllowed();
        }
        responses.send(ctx, 200, doc.get());
    }

    private void resource(RoutingContext ctx, String group, String version, List<String> rest) {
        boolean legacyWatch = false;
        if (rest.get(0).equals("watch")) {
            legacyWatch = true;
            rest = rest.subList(1, rest.size());
            if (rest.isEmpty()) {
                throw notFound();
            }
        }
        String namespace = null;
        if (rest.get(0).equals("namespaces") && rest.size() > 1) {
            if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                namespace = rest.get(1);
                rest = rest.subList(2, rest.size());
            }
        }
        if (rest.size() > 3) {
            throw notFound();
        }
        String plural = rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : null;
        String sub = rest.size() > 2 ? rest.get(2) : null;
        ResourceKind<?> kind = ResourceKinds.byResource(group, plural)
                .filter(k -> k.version().equals(version))
                .orElseThrow(RestHandler::notFound);
        if (!kind.namespaced() && namespace != null) {
            throw notFound();
        }
        if (sub != null && !(sub.equals("status") && kind.hasStatus())) {
            throw notFound();
        }
        boolean status = sub != null;
        ctx.put(RESOURCE, status ? kind.plural() + "/status" : kind.plural());
        HttpServerRequest req = ctx.request();
        HttpMethod method = req.method();
        boolean watch = legacyWatch || isTrue(req.getParam("watch"));
        String ns = namespace;
        if (name == null) {
            if (method == HttpMethod.GET) {
                if (watch) {
                    watch(ctx, kind, ns, null);
                } else {
                    list(ctx, kind, ns);
                }
            } else if (method == HttpMethod.POST && (ns != null || !kind.namespaced())) {
                create(ctx, kind, ns);
            } else if (method == HttpMethod.DELETE) {
                deleteCollection(ctx, kind, ns);
            } else {
                throw methodNotAllowed();
            }
            return;
        }
        if (method == HttpMethod.GET && watch && !status) {
            watch(ctx, kind, ns, name);
        } else if (method == HttpMethod.GET) {
            verb(ctx, "get");
            blocking(ctx, () -> registry.get(kind, ns, name), o -> responses.send(ctx, 200, o));
        } else if (method == HttpMethod.PUT) {
            update(ctx, kind, ns, name, status);
        } else if (method == HttpMethod.PATCH) {
            patch(ctx, kind, ns, name, status);
        } else if (method == HttpMethod.DELETE && !status) {
            delete(ctx, kind, ns, name);
        } else {
            throw methodNotAllowed();
        }
    }

    // ---------------------------------------------------------------- verbs

    private void list(RoutingContext ctx, ResourceKind<?> kind, String ns) {
        verb(ctx, "list");
        ListRequest request = listRequest(ctx.request(), null);
        blocking(ctx, () -> registry.list(kind, ns, request), o -> responses.send(ctx, 200, o));
    }

    private void create(RoutingContext ctx, ResourceKind<?> kind, String ns) {
        verb(ctx, "create");
        boolean dryRun = dryRun(ctx);
        byte[] body = body(ctx);
        String contentType = contentType(ctx);
        blocking(ctx, () -> registry.create(kind, ns, object(kind, contentType, body), dryRun),
                o -> responses.send(ctx, 201, o));
    }

    private void update(RoutingContext ctx, ResourceKind<?> kind, String ns, String name, boolean status) {
        verb(ctx, "update");
        boolean dryRun = dryRun(ctx);
        byte[] body = body(ctx);
        String contentType = contentType(ctx);
        blocking(ctx, () -> registry.update(kind, ns, name, object(kind, contentType, body), status, dryRun),
                o -> responses.send(ctx, 200, o));
    }

    private void patch(RoutingContext ctx, ResourceKind<?> kind, String ns, String name, boolean status) {
        verb(ctx, "patch");
        boolean dryRun = dryRun(ctx);
        String contentType = contentType(ctx);
        PatchType type = PatchType.ofContentType(contentType).orElseThrow(() -> new ApiException(
                StatusReason.UNSUPPORTED_MEDIA_TYPE, "the body of the request was in an unknown format - accepted media "
                + "types include: application/json-patch+json, application/merge-patch+json, "
                + "application/strategic-merge-patch+json"));
        byte[] body = body(ctx);
        blocking(ctx, () -> registry.patch(kind, ns, name, type, body, status, dryRun),
                o -> responses.send(ctx, 200, o));
    }

    private void delete(RoutingContext ctx, ResourceKind<?> kind, String ns, String name) {
        verb(ctx, "delete");
        DeleteOptions options = deleteOptions(ctx);
        blocking(ctx, () -> registry.delete(kind, ns, name, options), result -> {
            if (result.deleted()) {
                JsonNode meta = result.object().path("metadata");
                responses.send(ctx, 200, responses.success(new StatusDetails(meta.path("name").asText(), kind.group(),
                        kind.plural(), meta.path("uid").asText(null), List.of(), 0)));
            } else {
                responses.send(ctx, 200, result.object());
            }
        });
    }

    private void deleteCollection(RoutingContext ctx, ResourceKind<?> kind, String ns) {
        verb(ctx, "deletecollection");
        DeleteOptions options = deleteOptions(ctx);
        ListRequest request = listRequest(ctx.request(), null);
        blocking(ctx, () -> registry.deleteCollection(kind, ns, request, options), o -> responses.send(ctx, 200, o));
    }

    private void watch(RoutingContext ctx, ResourceKind<?> kind, String ns, String name) {
        verb(ctx, "watch");
        HttpServerRequest req = ctx.request();
        if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
            // Watches are streamed over plain HTTP only. The answer is a watch that ends at once (200, no
            // events, not 101): clients such as fabric8 then fall back to an HTTP watch immediately, where a
            // 503 would make them retry with back-off first and a 4xx would make them give up.
            ctx.response().setStatusCode(200).putHeader("Content-Type", Responses.JSON).end();
            return;
        }
        ListRequest request = listRequest(req, name);
        ResourceRegistry.predicate(kind, request); // selector errors are HTTP errors, before the stream starts
        long timeout = request.timeoutSeconds() != null ? request.timeoutSeconds() : options.watchTimeout().toSeconds();
        WatchStream stream = new WatchStream(vertx, ctx, responses, registry.mapper(), kind, openWatches, watches);
        stream.begin(timeout);
        vertx.executeBlocking(() -> registry.watch(kind, ns, request, stream), false).onComplete(ar -> {
            if (ar.succeeded()) {
                stream.attach(ar.result());
            } else if (ar.cause() instanceof ApiException e) {
                stream.error(e);
            } else {
                stream.error(new ApiException(StatusReason.INTERNAL_ERROR, String.valueOf(ar.cause().getMessage())));
            }
        });
    }

    // ---------------------------------------------------------------- request parts

    private ObjectNode object(ResourceKind<?> kind, String contentType, byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("the request body is empty; expected a " + kind.kind());
        }
        String base = baseType(contentType);
        if (base.isEmpty() || base.equals("application/json")) {
            return registry.parseObject(kind, body);
        }
        if (base.equals("application/yaml") || base.equals("application/x-yaml") || base.equals("text/yaml")) {
            return registry.parseYamlObject(kind, ResourceRegistry.utf8(body));
        }
        throw new ApiException(StatusReason.UNSUPPORTED_MEDIA_TYPE, "the body of the request was in an unknown format ("
                + base + ") - accepted media types include: application/json, application/yaml");
    }

    private DeleteOptions deleteOptions(RoutingContext ctx) {
        byte[] body = body(ctx);
        JsonNode tree = null;
        if (body.length > 0) {
            String base = baseType(contentType(ctx));
            if (!base.isEmpty() && !base.equals("application/json")) {
                throw new ApiException(StatusReason.UNSUPPORTED_MEDIA_TYPE, "the body of the request was in an unknown "
                        + "format (" + base + ") - accepted media types include: application/json");
            }
            tree = registry.parseJson(body);
        }
        return DeleteOptions.of(tree, ctx.request().getParam("gracePeriodSeconds"),
                ctx.request().getParam("propagationPolicy"), dryRun(ctx));
    }

    private static ListRequest listRequest(HttpServerRequest req, String name) {
        String fieldSelector = req.getParam("fieldSelector");
        if (name != null) {
            String byName = "metadata.name=" + name;
            fieldSelector = fieldSelector == null || fieldSelector.isEmpty() ? byName : fieldSelector + "," + byName;
        }
        return new ListRequest(req.getParam("labelSelector"), fieldSelector, req.getParam("resourceVersion"),
                req.getParam("resourceVersionMatch"), intParam(req, "limit"), req.getParam("continue"),
                isTrue(req.getParam("allowWatchBookmarks")), longParam(req, "timeoutSeconds"));
    }

    private static int intParam(HttpServerRequest req, String name) {
        Long v = longParam(req, name);
        if (v == null) {
            return 0;
        }
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw ApiException.badRequest(name + ": must be a non-negative integer: " + v);
        }
        return v.intValue();
    }

    private static Long longParam(HttpServerRequest req, String name) {
        String s = req.getParam(name);
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + ": Invalid value: \"" + s + "\": must be a non-negative integer");
        }
    }

    private static boolean dryRun(RoutingContext ctx) {
        List<String> values = ctx.queryParam("dryRun");
        for (String v : values) {
            if (!v.equals("All")) {
                throw ApiException.badRequest("dryRun: Unsupported value: \"" + v + "\": supported values: \"All\"");
            }
        }
        return !values.isEmpty();
    }

    private static byte[] body(RoutingContext ctx) {
        RequestBody body = ctx.body();
        Buffer buffer = body == null ? null : body.buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }

    private static String contentType(RoutingContext ctx) {
        String ct = ctx.request().getHeader("Content-Type");
        return ct == null ? "" : ct;
    }

    private static String baseType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static void verb(RoutingContext ctx, String verb) {
        ctx.put(VERB, verb);
    }

    private static boolean isTrue(String s) {
        return s != null && (s.equals("true") || s.equals("1"));
    }

    static ApiException notFound() {
        return new ApiException(StatusReason.NOT_FOUND, "the server could not find the requested resource",
                new StatusDetails(null, null, null, null, List.of(), 0));
    }

    static ApiException methodNotAllowed() {
        return new ApiException(StatusReason.METHOD_NOT_ALLOWED,
                "the server does not allow this method on the requested resource");
    }
}
