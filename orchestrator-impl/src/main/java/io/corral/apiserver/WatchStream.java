package io.corral.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.status.ApiException;
import io.corral.store.Watch;
import io.corral.store.WatchEvent;
import io.corral.store.WatchEventType;
import io.corral.store.WatchHandler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch response: a chunked stream of {@code {"type":...,"object":...}} lines, as Kubernetes sends
 * it. Store events arrive on store threads and are written on the request's Vert.x context in order.
 * The stream ends after its timeout, when the client goes away, when the store ends the watch (an
 * {@code ERROR} event with the {@code Status} first, e.g. 410 Expired), or when the client reads too
 * slowly to keep up (it must then watch again from its last resourceVersion).
 */
final class WatchStream implements WatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WatchStream.class);

    private final Vertx vertx;
    private final Context context;
    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final Responses responses;
    private final ObjectMapper mapper;
    private final ResourceKind<?> kind;
    private final AtomicInteger open;
    private final Set<WatchStream> registry;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final boolean pretty;
    private volatile Watch watch;
    private long timer = -1;

    WatchStream(Vertx vertx, RoutingContext ctx, Responses responses, ObjectMapper mapper, ResourceKind<?> kind,
                AtomicInteger open, Set<WatchStream> registry) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.ctx = ctx;
        this.response = ctx.response();
        this.responses = responses;
        this.mapper = mapper;
        this.kind = kind;
        this.open = open;
        this.registry = registry;
        this.pretty = Responses.pretty(ctx);
    }

    /** Sends the head and arms the timeout; called on the request's context. */
    void begin(long timeoutSeconds) {
        open.incrementAndGet();
        registry.add(this);
        response.setStatusCode(200);
        response.setChunked(true);
        response.putHeader("Content-Type", Responses.JSON);
        response.putHeader("Cache-Control", "no-cache, private");
        response.writeHead();
        response.closeHandler(v -> finish());
        response.exceptionHandler(e -> finish());
        timer = vertx.setTimer(Math.max(1, timeoutSeconds * 1000), id -> finish());
    }

    /** The store's watch is running. */
    void attach(Watch w) {
        this.watch = w;
        if (finished.get()) {
            w.close();
        }
    }

    /** The watch could not start: one ERROR event, then the end. */
    void error(ApiException e) {
        context.runOnContext(v -> {
            write("ERROR", responses.status(e));
            finish();
        });
    }

    @Override
    public void onEvent(WatchEvent event) {
        ObjectNode object = event.object();
        if (event.type() == WatchEventType.BOOKMARK) {
            object.put("kind", kind.kind());
            object.put("apiVersion", kind.apiVersion());
        }
        String type = event.type().name();
        context.runOnContext(v -> {
            if (finished.get()) {
                return;
            }
            if (response.writeQueueFull()) {
                LOG.debug("watch client too slow; ending the stream");
                finish();
                return;
            }
            write(type, object);
        });
    }

    @Override
    public void onClose(ApiException error) {
        context.runOnContext(v -> {
            if (error != null && !finished.get()) {
                write("ERROR", responses.status(error));
            }
            finish();
        });
    }

    private void write(String type, ObjectNode object) {
        if (finished.get() || response.ended() || response.closed()) {
            return;
        }
        ObjectNode event = mapper.createObjectNode();
        event.put("type", type);
        event.set("object", object);
        try {
            Buffer line = Buffer.buffer(pretty ? mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(event)
                    : mapper.writeValueAsBytes(event));
            response.write(line.appendByte((byte) '\n'));
        } catch (JsonProcessingException e) {
            LOG.warn("cannot encode a watch event", e);
        }
    }

    /** Ends the stream and the store watch; idempotent, any thread. */
    void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        open.decrementAndGet();
        registry.remove(this);
        Watch w = watch;
        if (w != null) {
            w.close();
        }
        context.runOnContext(v -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        });
        if (ctx.failed()) {
            LOG.debug("watch ended after a failure");
        }
    }
}
