package io.corral.api.client.remote;

import io.corral.api.client.DeleteOptions;
import io.corral.api.client.ListOptions;
import io.corral.api.client.PatchType;
import io.corral.api.client.Watch;
import io.corral.api.client.WatchHandler;
import io.corral.api.client.spi.ResourceApi;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.status.ApiException;
import io.corral.api.status.Status;
import io.corral.api.status.StatusReason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** The Kubernetes REST protocol over the JDK's HTTP client. */
final class RemoteResourceApi implements ResourceApi {
    private static final String JSON = "application/json";

    private final URI baseUri;
    private final String authorization;
    private final Duration requestTimeout;
    private final WatchTransport watchTransport;
    private final ObjectCodec codec;
    private final HttpClient http;
    private final Executor watchExecutor;
    private final ExecutorService ownedExecutor;
    private final WatchRegistry watches = new WatchRegistry();

    RemoteResourceApi(URI baseUri, String bearerToken, Duration requestTimeout, WatchTransport watchTransport,
            ObjectCodec codec, HttpClient http, Executor watchExecutor) {
        String base = baseUri.toString();
        this.baseUri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.authorization = bearerToken == null || bearerToken.isEmpty() ? null : "Bearer " + bearerToken;
        this.requestTimeout = requestTimeout;
        this.watchTransport = watchTransport;
        this.codec = codec;
        this.http = http;
        if (watchExecutor == null) {
            this.ownedExecutor = Executors.newCachedThreadPool(daemonThreads("corral-watch-"));
            this.watchExecutor = ownedExecutor;
        } else {
            this.ownedExecutor = null;
            this.watchExecutor = watchExecutor;
        }
    }

    // ---------------------------------------------------------------- verbs

    @Override
    public <T extends KubernetesObject<T>> T get(ResourceKind<T> kind, String namespace, String name) {
        byte[] body = send(request(objectUri(kind, namespace, name, false, null)).GET());
        return codec.read(body, kind.type());
    }

    @Override
    public <T extends KubernetesObject<T>> ObjectList<T> list(ResourceKind<T> kind, String namespace,
            ListOptions options) {
        byte[] body = send(request(collectionUri(kind, namespace, listQuery(options, false))).GET());
        return codec.readList(body, kind.type());
    }

    @Override
    public <T extends KubernetesObject<T>> T create(ResourceKind<T> kind, String namespace, T object) {
        byte[] body = send(request(collectionUri(kind, namespace, Map.of()))
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.toJsonBytes(object))));
        return codec.read(body, kind.type());
    }

    @Override
    public <T extends KubernetesObject<T>> T update(ResourceKind<T> kind, String namespace, T object,
            boolean status) {
        byte[] body = send(request(objectUri(kind, namespace, object.metadata().name(), status, null))
                .header("Content-Type", JSON)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(codec.toJsonBytes(object))));
        return codec.read(body, kind.type());
    }

    @Override
    public <T extends KubernetesObject<T>> T patch(ResourceKind<T> kind, String namespace, String name,
            PatchType type, String patch, boolean status) {
        byte[] body = send(request(objectUri(kind, namespace, name, status, null))
                .header("Content-Type", type.contentType())
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch, StandardCharsets.UTF_8)));
        return codec.read(body, kind.type());
    }

    @Override
    public <T extends KubernetesObject<T>> T delete(ResourceKind<T> kind, String namespace, String name,
            DeleteOptions options) {
        byte[] body = send(request(objectUri(kind, namespace, name, false, null))
                .header("Content-Type", JSON)
                .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(deleteBody(options))));
        // The server answers with the object (still present while finalizers run, or as it was) or a Status.
        try {
            Object decoded = codec.decode(body);
            return kind.type().isInstance(decoded) ? kind.type().cast(decoded) : null;
        } catch (ApiException e) {
            return null;
        }
    }

    @Override
    public <T extends KubernetesObject<T>> void deleteCollection(ResourceKind<T> kind, String namespace,
            ListOptions options, DeleteOptions deleteOptions) {
        send(request(collectionUri(kind, namespace, listQuery(options, false)))
                .header("Content-Type", JSON)
                .method("DELETE", HttpRequest.BodyPublishers.ofByteArray(deleteBody(deleteOptions))));
    }

    @Override
    public <T extends KubernetesObject<T>> Watch watch(ResourceKind<T> kind, String namespace, ListOptions options,
            WatchHandler<T> handler) {
        URI uri = collectionUri(kind, namespace, listQuery(options, true));
        RemoteWatch<T> watch = new RemoteWatch<>(kind, codec, handler, watches);
        if (watchTransport == WatchTransport.WEBSOCKET) {
            watch.openWebSocket(http, toWebSocketUri(uri), authorization, requestTimeout,
                    (code, body) -> failure(code, body, "GET"));
        } else {
            HttpResponse<InputStream> response = sendStreaming(request(uri).GET().build());
            watch.readStream(response.body(), watchExecutor);
        }
        return watch;
    }

    @Override
    public void close() {
        watches.closeAll();
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "RemoteResourceApi[" + baseUri + "]";
    }

    // ---------------------------------------------------------------- URIs and bodies

    private URI collectionUri(ResourceKind<?> kind, String namespace, Map<String, String> query) {
        return uri(kind.collectionPath(namespace), query);
    }

    private URI objectUri(ResourceKind<?> kind, String namespace, String name, boolean status,
            Map<String, String> query) {
        if (name == null || name.isEmpty()) {
            throw ApiException.badRequest("metadata.name: required");
        }
        String path = kind.collectionPath(namespace) + "/" + encodePath(name) + (status ? "/status" : "");
        return uri(path, query == null ? Map.of() : query);
    }

    private URI uri(String path, Map<String, String> query) {
        StringBuilder s = new StringBuilder(baseUri.toString()).append(path);
        char sep = '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            s.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return URI.create(s.toString());
    }

    private static String encodePath(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> listQuery(ListOptions o, boolean watch) {
        Map<String, String> q = new LinkedHashMap<>();
        if (watch) {
            q.put("watch", "true");
        }
        if (!o.labelSelector().isEmpty()) {
            q.put("labelSelector", o.labelSelector().toString());
        }
        if (!o.fieldSelector().isEmpty()) {
            q.put("fieldSelector", o.fieldSelector().toString());
        }
        if (o.resourceVersion() != null) {
            q.put("resourceVersion", o.resourceVersion());
        }
        if (!watch && o.limit() > 0) {
            q.put("limit", Long.toString(o.limit()));
        }
        if (!watch && o.continueToken() != null) {
            q.put("continue", o.continueToken());
        }
        if (watch && o.timeoutSeconds() > 0) {
            q.put("timeoutSeconds", Long.toString(o.timeoutSeconds()));
        }
        if (watch && o.allowWatchBookmarks()) {
            q.put("allowWatchBookmarks", "true");
        }
        return q;
    }

    private byte[] deleteBody(DeleteOptions o) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "v1");
        body.put("kind", "DeleteOptions");
        if (o.gracePeriodSeconds() != null) {
            body.put("gracePeriodSeconds", o.gracePeriodSeconds());
        }
        if (o.propagationPolicy() != null) {
            body.put("propagationPolicy", o.propagationPolicy().wireName());
        }
        if (o.preconditions() != null) {
            Map<String, Object> pre = new LinkedHashMap<>();
            if (o.preconditions().uid() != null) {
                pre.put("uid", o.preconditions().uid());
            }
            if (o.preconditions().resourceVersion() != null) {
                pre.put("resourceVersion", o.preconditions().resourceVersion());
            }
            body.put("preconditions", pre);
        }
        return codec.toJsonBytes(body);
    }

    private static URI toWebSocketUri(URI uri) {
        String s = uri.toString();
        return URI.create(s.startsWith("https:") ? "wss:" + s.substring(6) : "ws:" + s.substring(5));
    }

    // ---------------------------------------------------------------- exchange

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", JSON);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private byte[] send(HttpRequest.Builder request) {
        HttpRequest r = request.build();
        HttpResponse<byte[]> response = exchange(r, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() >= 300) {
            throw failure(response.statusCode(), response.body(), r.method());
        }
        return response.body();
    }

    private HttpResponse<InputStream> sendStreaming(HttpRequest r) {
        HttpResponse<InputStream> response = exchange(r, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() >= 300) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readAllBytes();
            } catch (IOException e) {
                body = new byte[0];
            }
            throw failure(response.statusCode(), body, r.method());
        }
        return response;
    }

    private <B> HttpResponse<B> exchange(HttpRequest r, HttpResponse.BodyHandler<B> handler) {
        try {
            // sendAsync + bounded get: the request timeout covers the headers; for watches the body streams on.
            return http.sendAsync(r, handler).get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(StatusReason.SERVICE_UNAVAILABLE,
                    "interrupted during " + r.method() + " " + r.uri(), null, e);
        } catch (ExecutionException | CompletionException e) {
            throw transportFailure(r, e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw new ApiException(StatusReason.TIMEOUT,
                    r.method() + " " + r.uri() + ": no response within " + requestTimeout, null, e);
        }
    }

    private static ApiException transportFailure(HttpRequest r, Throwable cause) {
        if (cause instanceof ApiException a) {
            return a;
        }
        if (cause instanceof HttpTimeoutException) {
            return new ApiException(StatusReason.TIMEOUT, r.method() + " " + r.uri() + ": " + cause.getMessage(),
                    null, cause);
        }
        return new ApiException(StatusReason.SERVICE_UNAVAILABLE,
                r.method() + " " + r.uri() + " failed: " + cause, null, cause);
    }

    /**
     * The error an HTTP status and body stand for: the reason of the body's {@code Status} when it is one
     * and fits the HTTP code, else the code's reason (some servers send {@code Invalid} with every code).
     */
    ApiException failure(int code, byte[] body, String method) {
        Status status = null;
        if (body != null && body.length > 0) {
            try {
                status = codec.read(body, Status.class);
            } catch (RuntimeException notAStatus) {
                status = null;
            }
        }
        StatusReason reason = reasonOf(status == null ? null : status.reason(), code);
        if (reason.code() != code && code >= 400) {
            reason = code == 409 && "POST".equals(method) ? StatusReason.ALREADY_EXISTS : reasonOf(null, code);
        }
        String message = status != null && status.message() != null ? status.message()
                : "HTTP " + code + (body == null || body.length == 0 ? ""
                        : ": " + new String(body, 0, Math.min(body.length, 512), StandardCharsets.UTF_8));
        return new ApiException(reason, message, status == null ? null : status.details());
    }

    /** The reason named on the wire when we know it, else the one for the HTTP code. */
    static StatusReason reasonOf(String wireName, int code) {
        if (wireName != null) {
            for (StatusReason r : StatusReason.values()) {
                if (r.wireName().equals(wireName)) {
                    return r;
                }
            }
        }
        return switch (code) {
            case 400 -> StatusReason.BAD_REQUEST;
            case 401 -> StatusReason.UNAUTHORIZED;
            case 403 -> StatusReason.FORBIDDEN;
            case 404 -> StatusReason.NOT_FOUND;
            case 405 -> StatusReason.METHOD_NOT_ALLOWED;
            case 406 -> StatusReason.NOT_ACCEPTABLE;
            case 409 -> StatusReason.CONFLICT;
            case 410 -> StatusReason.GONE;
            case 413 -> StatusReason.REQUEST_ENTITY_TOO_LARGE;
            case 415 -> StatusReason.UNSUPPORTED_MEDIA_TYPE;
            case 422 -> StatusReason.INVALID;
            case 429 -> StatusReason.TOO_MANY_REQUESTS;
            case 503 -> StatusReason.SERVICE_UNAVAILABLE;
            case 504 -> StatusReason.TIMEOUT;
            default -> StatusReason.INTERNAL_ERROR;
        };
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
