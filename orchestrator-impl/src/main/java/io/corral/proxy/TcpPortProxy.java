package io.corral.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A TCP service port: accepts, connects to an endpoint (the next one on failure), relays bytes. */
final class TcpPortProxy extends PortProxy {
    private final NetServer server;
    private final NetClient client;
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();

    TcpPortProxy(Vertx vertx, ServicePortName name, ListenAddress requested, ProxyConfig config, MeterRegistry registry, Clock clock) {
        super(vertx, name, requested, config, registry, clock);
        this.server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setReuseAddress(true));
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis())));
    }

    @Override
    void start() {
        server.connectHandler(this::accept);
        server.listen(requested.port(), requested.host())
                .onSuccess(s -> bound(requested.host(), s.actualPort()))
                .onFailure(this::bindFailed);
    }

    private void accept(NetSocket downstream) {
        if (closed) {
            downstream.close();
            return;
        }
        downstream.pause();
        open.add(downstream);
        boolean[] downstreamClosed = {false};
        downstream.closeHandler(v -> {
            downstreamClosed[0] = true;
            open.remove(downstream);
        });
        connect(downstream, downstreamClosed, downstream.remoteAddress().hostAddress(), new ArrayList<>());
    }

    private void connect(NetSocket downstream, boolean[] downstreamClosed, String clientIp, List<Endpoint> failed) {
        Optional<Endpoint> picked = lb.pick(clientIp, failed);
        if (picked.isEmpty()) {
            if (failed.isEmpty()) {
                rejected.increment();
                LOG.debug("{}: no endpoint for a connection from {}", name, clientIp);
            } else {
                LOG.info("{}: all endpoints failed for a connection from {}: {}", name, clientIp, failed);
            }
            downstream.close();
            return;
        }
        Endpoint endpoint = picked.get();
        client.connect(endpoint.port(), endpoint.ip()).onComplete(ar -> {
            if (ar.failed()) {
                connectFailures.increment();
                LOG.debug("{}: endpoint {} failed: {}", name, endpoint, ar.cause().toString());
                failed.add(endpoint);
                if (downstreamClosed[0]) {
                    return;
                }
                connect(downstream, downstreamClosed, clientIp, failed);
                return;
            }
            NetSocket upstream = ar.result();
            if (downstreamClosed[0] || closed) {
                upstream.close();
                downstream.close();
                return;
            }
            open.add(upstream);
            connections.increment();
            active.incrementAndGet();
            relay(downstream, upstream, bytesIn);
            relay(upstream, downstream, bytesOut);
            downstream.closeHandler(v -> {
                open.remove(downstream);
                upstream.close();
            });
            upstream.closeHandler(v -> {
                open.remove(upstream);
                active.decrementAndGet();
                downstream.close();
            });
            downstream.resume();
        });
    }

    /** Copies {@code from} to {@code to} with back pressure; the end of one ends the other. */
    private static void relay(NetSocket from, NetSocket to, Counter bytes) {
        from.handler(buffer -> {
            bytes.increment(buffer.length());
            to.write(buffer);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(v -> from.resume());
            }
        });
        from.endHandler(v -> to.end());
        from.exceptionHandler(t -> {
            LOG.debug("relay error: {}", t.toString());
            from.close();
        });
    }

    @Override
    Future<Void> doClose() {
        List<Future<Void>> closing = new ArrayList<>();
        closing.add(server.close());
        open.forEach(s -> closing.add(s.close()));
        closing.add(client.close());
        return Future.join(closing).mapEmpty();
    }
}
