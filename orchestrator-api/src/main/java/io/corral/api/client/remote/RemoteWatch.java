package io.corral.api.client.remote;

import io.corral.api.client.Watch;
import io.corral.api.client.WatchHandler;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.WatchEvent;
import io.corral.api.status.ApiException;
import io.corral.api.status.Status;
import io.corral.api.status.StatusReason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/** One watch over a streaming response or a WebSocket; decodes events and keeps the handler contract. */
final class RemoteWatch<T extends KubernetesObject<T>> implements Watch {
    private static final System.Logger LOG = System.getLogger(RemoteWatch.class.getName());

    private final ResourceKind<T> kind;
    private final ObjectCodec codec;
    private final WatchHandler<T> handler;
    private final WatchRegistry registry;
    private final AtomicBoolean closedByClient = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Object deliveryLock = new Object();
    private volatile InputStream stream;
    private volatile WebSocket webSocket;

    RemoteWatch(ResourceKind<T> kind, ObjectCodec codec, WatchHandler<T> handler, WatchRegistry registry) {
        this.kind = kind;
        this.codec = codec;
        this.handler = handler;
        this.registry = registry;
    }

    // ---------------------------------------------------------------- streaming (JSON lines)

    void readStream(InputStream body, Executor executor) {
        this.stream = body;
        registry.add(this);
        try {
            executor.execute(this::readLines);
        } catch (RuntimeException rejected) {
            end(new ApiException(StatusReason.SERVICE_UNAVAILABLE, "cannot start the watch reader: " + rejected,
                    null, rejected));
        }
    }

    private void readLines() {
        ApiException cause = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while (!ended.get() && (line = in.readLine()) != null) {
                if (!line.isBlank() && !deliver(line.getBytes(StandardCharsets.UTF_8))) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closedByClient.get()) {
                cause = new ApiException(StatusReason.SERVICE_UNAVAILABLE, "the watch of " + kind.groupResource()
                        + " broke: " + e, null, e);
            }
        }
        end(cause);
    }

    // ---------------------------------------------------------------- WebSocket (one event per message)

    void openWebSocket(HttpClient http, URI uri, String authorization, Duration timeout,
            BiFunction<Integer, byte[], ApiException> failure) {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(timeout);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        registry.add(this);
        CompletableFuture<WebSocket> opening = b.buildAsync(uri, new Listener());
        try {
            webSocket = opening.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            registry.remove(this);
            throw new ApiException(StatusReason.SERVICE_UNAVAILABLE, "interrupted opening a watch on " + uri, null, e);
        } catch (ExecutionException | CompletionException e) {
            registry.remove(this);
            Throwable c = e.getCause() == null ? e : e.getCause();
            if (c instanceof WebSocketHandshakeException h) {
                Object body = h.getResponse().body();
                throw failure.apply(h.getResponse().statusCode(),
                        body instanceof byte[] bytes ? bytes : body instanceof String s
                                ? s.getBytes(StandardCharsets.UTF_8) : new byte[0]);
            }
            throw new ApiException(StatusReason.SERVICE_UNAVAILABLE, "cannot open a watch on " + uri + ": " + c,
                    null, c);
        } catch (TimeoutException e) {
            registry.remove(this);
            opening.cancel(true);
            throw new ApiException(StatusReason.TIMEOUT, "no watch opened on " + uri + " within " + timeout, null, e);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String text = message.toString();
                message.setLength(0);
                if (!text.isBlank() && !deliver(text.getBytes(StandardCharsets.UTF_8))) {
                    ws.abort();
                    return null;
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            end(null);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            end(closedByClient.get() ? null : new ApiException(StatusReason.SERVICE_UNAVAILABLE,
                    "the watch of " + kind.groupResource() + " broke: " + error, null, error));
        }
    }

    // ---------------------------------------------------------------- events

    /** Decodes and delivers one event; false when it ended the watch. */
    private boolean deliver(byte[] json) {
        WatchEvent<?> event;
        try {
            event = codec.readWatchEvent(json, kind.type());
        } catch (ApiException e) {
            end(new ApiException(StatusReason.INTERNAL_ERROR, "undecodable watch event for "
                    + kind.groupResource() + ": " + e.getMessage(), e.details(), e));
            return false;
        }
        if (event.type() == WatchEvent.Type.ERROR) {
            Status status = (Status) event.object();
            ApiException cause = status == null
                    ? new ApiException(StatusReason.INTERNAL_ERROR, "watch ERROR event without a status")
                    : new ApiException(RemoteResourceApi.reasonOf(status.reason(), status.code()),
                            status.message() == null ? "watch failed with " + status.code() : status.message(),
                            status.details());
            end(cause);
            return false;
        }
        @SuppressWarnings("unchecked")
        WatchEvent<T> typed = (WatchEvent<T>) event;
        synchronized (deliveryLock) {
            if (ended.get()) {
                return false;
            }
            try {
                handler.onEvent(typed);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "watch handler of " + kind.groupResource() + " threw", e);
            }
        }
        return true;
    }

    private void end(ApiException cause) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        registry.remove(this);
        release();
        synchronized (deliveryLock) {
            try {
                handler.onClose(closedByClient.get() ? null : cause);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "watch handler of " + kind.groupResource() + " threw on close", e);
            }
        }
    }

    private void release() {
        InputStream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a response body that is already broken
            }
        }
        WebSocket ws = webSocket;
        if (ws != null) {
            ws.abort();
        }
    }

    @Override
    public void close() {
        if (closedByClient.compareAndSet(false, true)) {
            // end() runs the handler's onClose on this thread unless the reader gets there first.
            end(null);
        }
    }

    @Override
    public boolean isOpen() {
        return !ended.get();
    }

    @Override
    public String toString() {
        return "Watch[" + kind.groupResource() + (isOpen() ? ", open]" : ", ended]");
    }
}
