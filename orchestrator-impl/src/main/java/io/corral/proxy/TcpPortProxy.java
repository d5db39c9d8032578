package io.corral.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
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

/** A TCP service port: accepts, connects to an endpoint (the next one on failure), relays bytes and half-closes. */
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
        // before the first read: a client may send its request and end its output before the endpoint answers the connect
        Direction in = new Direction(downstream, bytesIn);
        allowHalfClosure(downstream, in::inputEnded);
        boolean[] downstreamClosed = {false};
        downstream.closeHandler(v -> {
            downstreamClosed[0] = true;
            open.remove(downstream);
        });
        connect(in, downstreamClosed, downstream.remoteAddress().hostAddress(), new ArrayList<>());
    }

    private void connect(Direction in, boolean[] downstreamClosed, String clientIp, List<Endpoint> failed) {
        NetSocket downstream = in.from;
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
                connect(in, downstreamClosed, clientIp, failed);
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
            Direction out = new Direction(upstream, bytesOut);
            allowHalfClosure(upstream, out::inputEnded);
            Pair pair = new Pair(downstream, upstream);
            in.start(upstream, pair);
            out.start(downstream, pair);
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
            if (in.inputEnded) {
                // the client ended its output while we connected: end upstream's after the queued data
                vertx.runOnContext(v -> in.endOutput());
            }
        });
    }

    /** The two sockets of a relayed connection; closed once both directions have ended. */
    private static final class Pair {
        private final NetSocket downstream;
        private final NetSocket upstream;
        private int ended;

        Pair(NetSocket downstream, NetSocket upstream) {
            this.downstream = downstream;
            this.upstream = upstream;
        }

        synchronized boolean directionEnded() {
            return ++ended == 2;
        }

        void close() {
            downstream.close();
            upstream.close();
        }
    }

    /**
     * One direction of a relayed connection: copies {@code from} to {@code to} with back pressure.
     * When {@code from}'s peer ends its output (TCP half-close, e.g. {@code nc} at the end of its
     * input), {@code to}'s output is ended too once what was read has been written, and the other
     * direction goes on; when both have ended, both sockets close. A socket that closes closes the
     * other (the close handlers). Used on the pair's event loop only.
     */
    private final class Direction {
        final NetSocket from;
        final Counter bytes;
        NetSocket to;
        Pair pair;
        Future<?> lastWrite = Future.succeededFuture();
        boolean paused;
        boolean inputEnded;
        boolean outputEnded;

        Direction(NetSocket from, Counter bytes) {
            this.from = from;
            this.bytes = bytes;
        }

        void start(NetSocket target, Pair relayed) {
            this.to = target;
            this.pair = relayed;
            from.handler(buffer -> {
                bytes.increment(buffer.length());
                lastWrite = to.write(buffer);
                if (to.writeQueueFull()) {
                    from.pause();
                    paused = true;
                    to.drainHandler(v -> {
                        paused = false;
                        from.resume();
                        if (inputEnded) {
                            // what the paused socket still queued is delivered by the resume; end after it
                            vertx.runOnContext(x -> endOutput());
                        }
                    });
                }
            });
            from.endHandler(v -> to.end());
            from.exceptionHandler(t -> {
                LOG.debug("relay error: {}", t.toString());
                from.close();
            });
        }

        void inputEnded() {
            if (inputEnded) {
                return;
            }
            inputEnded = true;
            if (to != null && !paused) {
                endOutput();
            }
        }

        void endOutput() {
            if (outputEnded) {
                return;
            }
            outputEnded = true;
            lastWrite.onComplete(v -> {
                shutdownOutput(to);
                if (pair.directionEnded()) {
                    pair.close();
                }
            });
        }
    }

    /**
     * Lets {@code socket} stay open for writing after its peer ended its output, and calls
     * {@code onInputEnded} then. Uses Vert.x's internal socket API (Vert.x itself closes a socket on
     * end of input); false when the socket does not offer it.
     */
    private static boolean allowHalfClosure(NetSocket socket, Runnable onInputEnded) {
        if (!(socket instanceof NetSocketInternal internal)) {
            return false;
        }
        Channel channel = internal.channelHandlerContext().channel();
        if (!(channel instanceof DuplexChannel) || !channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true)) {
            return false;
        }
        internal.eventHandler(event -> {
            if (event instanceof ChannelInputShutdownEvent) {
                onInputEnded.run();
            }
        });
        return true;
    }

    private static void shutdownOutput(NetSocket socket) {
        if (socket instanceof NetSocketInternal internal && internal.channelHandlerContext().channel() instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
        } else {
            socket.close();
        }
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
