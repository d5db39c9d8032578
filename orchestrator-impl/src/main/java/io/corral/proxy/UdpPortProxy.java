package io.corral.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A UDP service port. Each client address is a flow with its own upstream socket bound to an
 * endpoint, so the endpoint's replies can be sent back to that client; a flow idle for
 * {@link ProxyConfig#udpIdleTimeout()} is closed.
 */
final class UdpPortProxy extends PortProxy {
    private final class Flow {
        final SocketAddress client;
        final Endpoint endpoint;
        final Future<DatagramSocket> upstream;
        volatile long lastSeen;

        Flow(SocketAddress client, Endpoint endpoint) {
            this.client = client;
            this.endpoint = endpoint;
            this.lastSeen = clock.millis();
            DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions());
            socket.handler(reply -> {
                lastSeen = clock.millis();
                bytesOut.increment(reply.data().length());
                listener.send(reply.data(), client.port(), client.hostAddress());
            });
            this.upstream = socket.listen(0, "0.0.0.0");
        }

        void send(Buffer data) {
            lastSeen = clock.millis();
            bytesIn.increment(data.length());
            upstream.onSuccess(s -> s.send(data, endpoint.port(), endpoint.ip()));
        }

        Future<Void> close() {
            active.decrementAndGet();
            return upstream.compose(DatagramSocket::close, t -> Future.succeededFuture());
        }
    }

    private final Clock clock;
    private final DatagramSocket listener;
    private final Map<String, Flow> flows = new ConcurrentHashMap<>();

    UdpPortProxy(Vertx vertx, ServicePortName name, ListenAddress requested, ProxyConfig config, MeterRegistry registry, Clock clock) {
        super(vertx, name, requested, config, registry, clock);
        this.clock = clock;
        this.listener = vertx.createDatagramSocket(new DatagramSocketOptions().setReuseAddress(true));
    }

    @Override
    void start() {
        listener.handler(this::receive);
        listener.listen(requested.port(), requested.host())
                .onSuccess(s -> bound(requested.host(), s.localAddress().port()))
                .onFailure(this::bindFailed);
    }

    private void receive(DatagramPacket packet) {
        if (closed) {
            return;
        }
        SocketAddress sender = packet.sender();
        String key = sender.hostAddress() + ":" + sender.port();
        Flow flow = flows.get(key);
        if (flow != null && !lb.endpoints().contains(flow.endpoint)) {
            flows.remove(key, flow);
            flow.close();
            flow = null;
        }
        if (flow == null) {
            Optional<Endpoint> endpoint = lb.pick(sender.hostAddress(), List.of());
            if (endpoint.isEmpty()) {
                rejected.increment();
                return;
            }
            flow = new Flow(sender, endpoint.get());
            flows.put(key, flow);
            connections.increment();
            active.incrementAndGet();
        }
        flow.send(packet.data());
    }

    @Override
    void sweep() {
        super.sweep();
        long idle = config.udpIdleTimeout().toMillis();
        long now = clock.millis();
        flows.entrySet().removeIf(e -> {
            boolean stale = now - e.getValue().lastSeen >= idle || !lb.endpoints().contains(e.getValue().endpoint);
            if (stale) {
                e.getValue().close();
            }
            return stale;
        });
    }

    @Override
    Future<Void> doClose() {
        List<Future<Void>> closing = new ArrayList<>();
        closing.add(listener.close());
        flows.values().forEach(f -> closing.add(f.close()));
        flows.clear();
        return Future.join(closing).mapEmpty();
    }
}
