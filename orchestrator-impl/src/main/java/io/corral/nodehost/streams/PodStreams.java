package io.corral.nodehost.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.Pod;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.nodehost.NodeHost;
import io.corral.nodehost.NodeService;
import io.corral.runtime.spi.ContainerCommandRunner;
import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerStatus;
import io.corral.runtime.spi.ExecResult;
import io.corral.runtime.spi.LogOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves pod logs and exec on a member's API server, whichever member runs the pod's node.
 *
 * <h2>Routes</h2>
 * <ul>
 *   <li>{@code GET /api/v1/namespaces/{ns}/pods/{name}/log} with {@code container} (required when the
 *       pod has several), {@code follow}, {@code tailLines}, {@code timestamps}, {@code sinceSeconds},
 *       {@code previous} (the container's previous instance, while the runtime keeps it):
 *       {@code text/plain}, chunked; with {@code follow} the stream lasts until the container exits or
 *       the client goes away.</li>
 *   <li>{@code GET|POST /api/v1/namespaces/{ns}/pods/{name}/exec} with {@code command} (repeated, one
 *       per argument) and {@code container}: over a WebSocket upgrade with subprotocol
 *       {@code v4.channel.k8s.io}, Kubernetes' channel protocol (binary messages whose first byte is the
 *       channel: 1 stdout, 2 stderr, 3 the final {@code Status} as JSON, with reason
 *       {@code NonZeroExitCode} and an {@code ExitCode} cause for a non-zero exit), as standard clients
 *       use it; without the upgrade, a JSON object {@code {"exitCode":n,"stdout":"...","stderr":"..."}}.
 *       The command is run to its end (at most {@link #EXEC_TIMEOUT}) and its output then sent: no stdin,
 *       no TTY, no streaming while it runs (the runtime SPI's command runner has no streams).</li>
 * </ul>
 *
 * <h2>Routing</h2>
 * The pod's {@code spec.nodeName} names the node; when this member's {@link NodeHost} runs it, the
 * runtime answers here. Otherwise the request is forwarded over HTTP to the API URL in the node's
 * {@value NodeService#ENDPOINT_ANNOTATION} annotation (exec in the JSON form), marked with the
 * {@value #FORWARDED_HEADER} header so it is never forwarded twice.
 *
 * <p>Errors are Kubernetes {@code Status} objects: 404 for an unknown pod, 400 for a pod not yet
 * scheduled, a missing or unknown container, or one that has not started; 503 when the node's member
 * cannot be reached.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PodStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodStreams.class);
    /** Marks a request forwarded by another member. */
    public static final String FORWARDED_HEADER = "X-Corral-Forwarded";
    /** The longest an exec command may run. */
    public static final Duration EXEC_TIMEOUT = Duration.ofMinutes(5);
    private static final String BASE = "/api/v1/namespaces/:namespace/pods/:name/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final CorralClient client;
    private final Supplier<NodeHost> nodes;
    private final HttpClient http;
    private final ExecutorService streams;

    /**
     * @param vertx  the API server's Vert.x (not owned)
     * @param client an in-process client of this member (not owned)
     * @param nodes  this member's node host, or a supplier of null when it runs no node
     */
    public PodStreams(Vertx vertx, CorralClient client, Supplier<NodeHost> nodes) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.client = Objects.requireNonNull(client, "client");
        this.nodes = Objects.requireNonNull(nodes, "nodes");
        this.http = vertx.createHttpClient(new HttpClientOptions().setIdleTimeout(0));
        AtomicInteger n = new AtomicInteger();
        this.streams = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "corral-pod-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Adds the routes, ahead of the API's own; pass to {@link io.corral.apiserver.ApiServer#addRoutes}. */
    public void mount(Router router) {
        router.route(HttpMethod.GET, BASE + "log").order(-100).handler(this::log);
        router.route(BASE + "exec").order(-99).handler(this::exec);
    }

    // ---------------------------------------------------------------- logs

    private void log(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        LogOptions options;
        try {
            options = logOptions(req);
        } catch (ApiException e) {
            fail(ctx.response(), e);
            return;
        }
        req.pause();
        vertx.executeBlocking(() -> target(req), false).onComplete(ar -> {
            req.resume();
            if (ar.failed()) {
                fail(ctx.response(), ar.cause());
                return;
            }
            Target t = ar.result();
            if (t.local != null) {
                streamLocalLog(ctx.response(), t, options);
            } else {
                forward(ctx, t.endpoint, HttpMethod.GET, req.uri());
            }
        });
    }

    private static LogOptions logOptions(HttpServerRequest req) {
        LogOptions options = LogOptions.ALL.withFollow(bool(req, "follow")).withTimestamps(bool(req, "timestamps"));
        String tail = req.getParam("tailLines");
        if (tail != null) {
            long lines = number(tail, "tailLines");
            options = options.withTailLines(lines);
        }
        String since = req.getParam("sinceSeconds");
        if (since != null) {
            long seconds = number(since, "sinceSeconds");
            if (seconds < 1) {
                throw ApiException.badRequest("sinceSeconds: must be greater than 0, was " + seconds);
            }
            options = options.withSince(Instant.now().minusSeconds(seconds));
        }
        return options;
    }

    private void streamLocalLog(HttpServerResponse response, Target t, LogOptions options) {
        response.setChunked(true).putHeader("Content-Type", "text/plain; charset=utf-8").setStatusCode(200);
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (len > 0) {
                    response.write(Buffer.buffer().appendBytes(b, off, len));
                }
            }
        };
        streams.execute(() -> {
            Thread self = Thread.currentThread();
            java.util.concurrent.atomic.AtomicBoolean streaming = new java.util.concurrent.atomic.AtomicBoolean(true);
            // the client went away: stop the runtime's reader (a follow would block for ever); only while
            // this stream runs, as the pooled thread serves other streams afterwards
            response.closeHandler(v -> {
                synchronized (streaming) {
                    if (streaming.get()) {
                        self.interrupt();
                    }
                }
            });
            try {
                t.local.runtime().getContainerLogs(null, t.container.id(), options, out, out);
            } catch (ContainerRuntimeException e) {
                if (!response.closed() && !Thread.currentThread().isInterrupted()) {
                    response.write("\n" + e.getMessage() + "\n");
                }
            } finally {
                synchronized (streaming) {
                    streaming.set(false);
                    Thread.interrupted();
                }
                if (!response.ended() && !response.closed()) {
                    response.end();
                }
            }
        });
    }

    // ---------------------------------------------------------------- exec

    private void exec(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        List<String> command = req.params().getAll("command");
        if (command.isEmpty()) {
            fail(ctx.response(), ApiException.badRequest("command: at least one command argument is required"));
            return;
        }
        if (req.canUpgradeToWebSocket()) {
            req.toWebSocket().onSuccess(ws -> run(req, command).onComplete(ar -> {
                if (ar.succeeded()) {
                    sendChannels(ws, ar.result());
                } else {
                    ApiException e = asApi(ar.cause());
                    ObjectNode status = status(e);
                    ws.writeBinaryMessage(frame(3, status.toString().getBytes(StandardCharsets.UTF_8)))
                            .onComplete(v -> ws.close());
                }
            })).onFailure(e -> LOG.debug("exec upgrade failed: {}", e.getMessage()));
            return;
        }
        run(req, command).onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx.response(), ar.cause());
                return;
            }
            ObjectNode body = JSON.createObjectNode();
            body.put("exitCode", ar.result().exitCode());
            body.put("stdout", ar.result().stdoutText());
            body.put("stderr", ar.result().stderrText());
            ctx.response().putHeader("Content-Type", "application/json").end(body.toString());
        });
    }

    private Future<ExecResult> run(HttpServerRequest req, List<String> command) {
        return vertx.executeBlocking(() -> target(req), false).compose(t -> {
            if (t.local != null) {
                // on the stream pool: a command may run for minutes, Vert.x's worker pool is shared
                return Future.fromCompletionStage(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    ContainerCommandRunner runner = t.local.runtime().commandRunner().orElseThrow(() ->
                            new ApiException(StatusReason.BAD_REQUEST, "the runtime of node " + t.local.nodeName()
                                    + " cannot exec into containers"));
                    try {
                        return runner.runInContainer(t.container.id(), command, EXEC_TIMEOUT);
                    } catch (ContainerRuntimeException e) {
                        throw new ApiException(StatusReason.BAD_REQUEST, e.getMessage());
                    }
                }, streams)).recover(e -> Future.failedFuture(e instanceof java.util.concurrent.CompletionException
                        && e.getCause() != null ? e.getCause() : e));
            }
            StringBuilder uri = new StringBuilder(URI.create(req.uri()).getRawPath()).append('?');
            for (String arg : command) {
                uri.append("command=").append(java.net.URLEncoder.encode(arg, StandardCharsets.UTF_8)).append('&');
            }
            uri.append("container=").append(java.net.URLEncoder.encode(t.containerName, StandardCharsets.UTF_8));
            return http.request(requestTo(t.endpoint, HttpMethod.POST, uri.toString()))
                    .compose(r -> r.send())
                    .compose(resp -> resp.body().map(body -> {
                        if (resp.statusCode() != 200) {
                            throw apiFromBody(resp.statusCode(), body);
                        }
                        try {
                            ObjectNode n = (ObjectNode) JSON.readTree(body.getBytes());
                            return new ExecResult(n.path("exitCode").asInt(), n.path("stdout").asText().getBytes(StandardCharsets.UTF_8),
                                    n.path("stderr").asText().getBytes(StandardCharsets.UTF_8));
                        } catch (java.io.IOException e) {
                            throw new ApiException(StatusReason.INTERNAL_ERROR, "bad exec answer from " + t.endpoint);
                        }
                    }))
                    .recover(e -> Future.failedFuture(e instanceof ApiException ? e : unreachable(t.endpoint, e)));
        });
    }

    private static void sendChannels(ServerWebSocket ws, ExecResult result) {
        if (result.stdout().length > 0) {
            ws.writeBinaryMessage(frame(1, result.stdout()));
        }
        if (result.stderr().length > 0) {
            ws.writeBinaryMessage(frame(2, result.stderr()));
        }
        ObjectNode status = JSON.createObjectNode();
        status.putObject("metadata");
        if (result.exitCode() == 0) {
            status.put("status", "Success");
        } else {
            status.put("status", "Failure");
            status.put("message", "command terminated with non-zero exit code: exit code " + result.exitCode());
            status.put("reason", "NonZeroExitCode");
            ObjectNode cause = status.putObject("details").putArray("causes").addObject();
            cause.put("reason", "ExitCode");
            cause.put("message", Integer.toString(result.exitCode()));
        }
        ws.writeBinaryMessage(frame(3, status.toString().getBytes(StandardCharsets.UTF_8))).onComplete(v -> ws.close());
    }

    private static Buffer frame(int channel, byte[] data) {
        return Buffer.buffer(data.length + 1).appendByte((byte) channel).appendBytes(data);
    }

    // ---------------------------------------------------------------- routing

    /** Where a pod's stream is served: by a node of this member, or by the member at {@code endpoint}. */
    private record Target(NodeService local, ContainerStatus container, String containerName, String endpoint) {
    }

    private Target target(HttpServerRequest req) {
        String ns = req.getParam("namespace");
        String name = req.getParam("name");
        Pod pod = client.pods().inNamespace(ns).get(name)
                .orElseThrow(() -> new ApiException(StatusReason.NOT_FOUND, "pods \"" + name + "\" not found"));
        String containerName = containerName(pod, req.getParam("container"));
        String nodeName = pod.spec().nodeName();
        if (nodeName == null || nodeName.isBlank()) {
            throw ApiException.badRequest("pod " + name + " does not have a host assigned");
        }
        NodeHost host = nodes.get();
        Optional<NodeService> local = host == null ? Optional.empty() : host.node(nodeName);
        if (local.isPresent()) {
            io.corral.runtime.spi.PodStatus status = local.get().runtime().getPodStatus(pod.metadata().uid(), name, ns);
            Optional<ContainerStatus> newest = status.findContainer(containerName);
            Optional<ContainerStatus> chosen = newest;
            if (newest.isPresent() && "true".equals(req.getParam("previous"))) {
                chosen = status.containers().stream()
                        .filter(c -> c.name().equals(containerName) && !c.id().equals(newest.get().id()) && c.createdAt() != null)
                        .max(java.util.Comparator.comparing(ContainerStatus::createdAt));
                if (chosen.isEmpty()) {
                    throw ApiException.badRequest("previous terminated container \"" + containerName + "\" in pod \""
                            + name + "\" not found");
                }
            }
            ContainerStatus container = chosen.orElseThrow(() -> ApiException.badRequest("container \"" + containerName
                    + "\" in pod \"" + name + "\" is waiting to start"));
            return new Target(local.get(), container, containerName, null);
        }
        if (req.getHeader(FORWARDED_HEADER) != null) {
            throw new ApiException(StatusReason.SERVICE_UNAVAILABLE, "node " + nodeName + " is not run by this member");
        }
        Node node = client.nodes().get(nodeName).orElseThrow(() ->
                new ApiException(StatusReason.SERVICE_UNAVAILABLE, "node " + nodeName + " of pod " + name + " does not exist"));
        String endpoint = node.metadata().annotations() == null ? null
                : node.metadata().annotations().get(NodeService.ENDPOINT_ANNOTATION);
        if (endpoint == null || endpoint.isBlank()) {
            throw new ApiException(StatusReason.SERVICE_UNAVAILABLE, "node " + nodeName + " has no "
                    + NodeService.ENDPOINT_ANNOTATION + " annotation: its agent cannot be reached");
        }
        return new Target(null, null, containerName, endpoint);
    }

    private static String containerName(Pod pod, String requested) {
        List<String> names = java.util.stream.Stream.concat(pod.spec().initContainers().stream(),
                pod.spec().containers().stream()).map(Container::name).toList();
        if (requested == null || requested.isBlank()) {
            if (pod.spec().containers().size() == 1) {
                return pod.spec().containers().get(0).name();
            }
            throw ApiException.badRequest("a container name must be specified for pod " + pod.metadata().name()
                    + ", choose one of: " + pod.spec().containers().stream().map(Container::name).toList());
        }
        if (!names.contains(requested)) {
            throw ApiException.badRequest("container " + requested + " is not valid for pod " + pod.metadata().name());
        }
        return requested;
    }

    private void forward(RoutingContext ctx, String endpoint, HttpMethod method, String uri) {
        HttpServerResponse response = ctx.response();
        http.request(requestTo(endpoint, method, uri)).compose(r -> {
            response.closeHandler(v -> r.reset());
            return r.send();
        }).onSuccess(resp -> {
            response.setStatusCode(resp.statusCode()).setChunked(true);
            String type = resp.getHeader("Content-Type");
            if (type != null) {
                response.putHeader("Content-Type", type);
            }
            resp.pipeTo(response);
        }).onFailure(e -> fail(response, unreachable(endpoint, e)));
    }

    private static RequestOptions requestTo(String endpoint, HttpMethod method, String uri) {
        URI base = URI.create(endpoint);
        return new RequestOptions().setMethod(method).setHost(base.getHost()).setPort(base.getPort())
                .setURI(uri).putHeader(FORWARDED_HEADER, "1");
    }

    private static ApiException unreachable(String endpoint, Throwable e) {
        return new ApiException(StatusReason.SERVICE_UNAVAILABLE, "the member at " + endpoint
                + " running the pod's node cannot be reached: " + e.getMessage());
    }

    private static ApiException apiFromBody(int code, Buffer body) {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(body.getBytes());
            StatusReason reason = StatusReason.fromWireName(n.path("reason").asText());
            return new ApiException(reason != null ? reason : StatusReason.INTERNAL_ERROR, n.path("message").asText());
        } catch (Exception e) {
            return new ApiException(StatusReason.INTERNAL_ERROR, "HTTP " + code + ": " + body);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static boolean bool(HttpServerRequest req, String name) {
        String v = req.getParam(name);
        return v != null && (v.equals("true") || v.equals("1"));
    }

    private static long number(String value, String field) {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw ApiException.badRequest(field + ": must not be negative, was " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field + ": not a number: " + value);
        }
    }

    private static ApiException asApi(Throwable t) {
        return t instanceof ApiException e ? e
                : new ApiException(StatusReason.INTERNAL_ERROR, String.valueOf(t.getMessage()));
    }

    private static ObjectNode status(ApiException e) {
        ObjectNode status = JSON.createObjectNode();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", e.getMessage()).put("reason", e.reason().wireName())
                .put("code", e.code());
        return status;
    }

    private static void fail(HttpServerResponse response, Throwable t) {
        if (response.ended() || response.closed()) {
            return;
        }
        ApiException e = asApi(t);
        if (response.headWritten()) {
            response.end();
            return;
        }
        response.setStatusCode(e.code()).putHeader("Content-Type", "application/json").end(status(e).toString());
    }

    /** Stops the streams in progress and the forwarding client. */
    @Override
    public void close() {
        streams.shutdownNow();
        http.close();
    }
}
