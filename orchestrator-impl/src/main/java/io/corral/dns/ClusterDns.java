package io.corral.dns;

import io.corral.service.ServiceRegistryView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * The cluster DNS server of a node, CoreDNS's kubernetes plugin in small: answers the names of the
 * cluster domain from a {@link ServiceRegistryView}, over UDP and TCP on one address and port, and
 * refuses every other name (it never forwards: pods get their upstream resolvers only through
 * names the node agent chooses to give them).
 *
 * <p>Names answered ({@code <domain>} is {@link DnsConfig#domain()}):
 * <ul>
 *   <li>{@code <svc>.<ns>.svc.<domain>} A: the cluster IP; a headless service's ready pod IPs;
 *       CNAME for ExternalName services;</li>
 *   <li>{@code <hostname>.<svc>.<ns>.svc.<domain>} A: a stateful set pod (endpoint hostname), or an
 *       endpoint by dashed IP;</li>
 *   <li>{@code _<port>._<proto>.<svc>.<ns>.svc.<domain>} SRV for named ports;</li>
 *   <li>other names in the domain: NXDOMAIN; names outside it: REFUSED.</li>
 * </ul>
 * Search paths are the resolver's job: a pod of namespace {@code ns} gets
 * {@code search ns.svc.<domain> svc.<domain> <domain>} and {@code options ndots:5} in its
 * resolv.conf, so {@code web}, {@code web.ns} and {@code web.ns.svc} all reach the names above.
 *
 * <p>UDP answers larger than the client's limit (512 bytes, or its EDNS payload size up to 1232)
 * are truncated with TC set, so the client retries over TCP.
 *
 * <p>Metrics: {@code corral.dns.queries} tagged {@code type} (A, SRV, ...), {@code rcode}
 * (NOERROR, NXDOMAIN, REFUSED, ...) and {@code transport} (udp, tcp).
 *
 * <p>Threading: runs on the given {@link Vertx}'s event loops; {@link #close()} blocks and must not
 * be called on one. Create with {@link #start}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ClusterDns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDns.class);
    /** With port 0, the free UDP port may be taken for TCP (an outgoing connection's ephemeral port): try another. */
    private static final int FREE_PORT_ATTEMPTS = 10;
    private static final int MAX_TCP_MESSAGE = 65535;

    private final ClusterZone zone;
    private final MeterRegistry registry;
    private final DatagramSocket udp;
    private final NetServer tcp;
    private final InetSocketAddress address;

    private ClusterDns(ClusterZone zone, MeterRegistry registry, DatagramSocket udp, NetServer tcp, InetSocketAddress address) {
        this.zone = zone;
        this.registry = registry;
        this.udp = udp;
        this.tcp = tcp;
        this.address = address;
    }

    /**
     * Binds UDP and TCP and starts answering.
     *
     * @param vertx    the host's Vert.x; not closed by the server
     * @param view     what to answer from; read on event loops, must not block
     * @param config   address, port, domain, TTL
     * @param registry where metrics go; not closed
     * @return completes with the running server, or fails when a socket could not be bound
     */
    public static CompletionStage<ClusterDns> start(Vertx vertx, ServiceRegistryView view, DnsConfig config, MeterRegistry registry) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        ClusterZone zone = new ClusterZone(view, config);
        return bind(vertx, zone, config, registry, config.port() == 0 ? FREE_PORT_ATTEMPTS : 1).toCompletionStage();
    }

    private static Future<ClusterDns> bind(Vertx vertx, ClusterZone zone, DnsConfig config, MeterRegistry registry, int attempts) {
        Holder holder = new Holder();
        DatagramSocket udp = vertx.createDatagramSocket(new DatagramSocketOptions());
        NetServer tcp = vertx.createNetServer(new NetServerOptions().setIdleTimeout(30).setIdleTimeoutUnit(TimeUnit.SECONDS));
        // Until start completes there is no server to answer: drop, the client retries.
        udp.handler(packet -> {
            ClusterDns server = holder.server;
            if (server != null) {
                server.onDatagram(packet);
            }
        });
        tcp.connectHandler(socket -> {
            ClusterDns server = holder.server;
            if (server == null) {
                socket.close();
            } else {
                server.onConnection(socket);
            }
        });
        return udp.listen(config.port(), config.host())
                .compose(u -> tcp.listen(u.localAddress().port(), config.host())
                        .recover(t -> udp.close().transform(v -> Future.failedFuture(t))))
                .map(t -> {
                    InetSocketAddress bound = new InetSocketAddress(config.host(), t.actualPort());
                    holder.server = new ClusterDns(zone, registry, udp, tcp, bound);
                    LOG.info("cluster DNS for {} on {} (udp, tcp)", config.domain(), bound);
                    return holder.server;
                })
                .recover(t -> {
                    if (attempts <= 1) {
                        return Future.failedFuture(t);
                    }
                    LOG.debug("cluster DNS: {} on the free UDP port's TCP twin, trying another", t.getMessage());
                    return bind(vertx, zone, config, registry, attempts - 1);
                });
    }

    private static final class Holder {
        volatile ClusterDns server;
    }

    /** The address both sockets are bound to. */
    public InetSocketAddress address() {
        return address;
    }

    private void onDatagram(io.vertx.core.datagram.DatagramPacket packet) {
        Message query;
        try {
            query = new Message(packet.data().getBytes());
        } catch (IOException e) {
            count(null, Rcode.FORMERR, "udp");
            LOG.debug("dropping a malformed datagram from {}", packet.sender());
            return;
        }
        Message response = respond(query, "udp");
        byte[] wire = response.toWire(ClusterZone.udpLimit(query));
        udp.send(Buffer.buffer(wire), packet.sender().port(), packet.sender().hostAddress());
    }

    private void onConnection(NetSocket socket) {
        RecordParser parser = RecordParser.newFixed(2);
        boolean[] readingLength = {true};
        parser.handler(frame -> {
            if (readingLength[0]) {
                int length = frame.getUnsignedShort(0);
                if (length == 0) {
                    socket.close();
                    return;
                }
                readingLength[0] = false;
                parser.fixedSizeMode(length);
                return;
            }
            readingLength[0] = true;
            parser.fixedSizeMode(2);
            Message query;
            try {
                query = new Message(frame.getBytes());
            } catch (IOException e) {
                count(null, Rcode.FORMERR, "tcp");
                socket.close();
                return;
            }
            byte[] wire = respond(query, "tcp").toWire(MAX_TCP_MESSAGE);
            socket.write(Buffer.buffer(wire.length + 2).appendUnsignedShort(wire.length).appendBytes(wire));
        });
        socket.handler(parser);
        socket.exceptionHandler(t -> socket.close());
    }

    private Message respond(Message query, String transport) {
        Message response;
        try {
            response = zone.respond(query);
        } catch (RuntimeException e) {
            LOG.warn("cluster DNS failed to answer {}", query.getQuestion(), e);
            response = new Message(query.getHeader().getID());
            response.getHeader().setFlag(Flags.QR);
            response.getHeader().setRcode(Rcode.SERVFAIL);
        }
        count(query.getQuestion() == null ? null : Type.string(query.getQuestion().getType()), response.getRcode(), transport);
        return response;
    }

    private void count(String type, int rcode, String transport) {
        Counter.builder("corral.dns.queries").description("DNS queries answered")
                .tag("type", type == null ? "none" : type)
                .tag("rcode", Rcode.string(rcode))
                .tag("transport", transport)
                .register(registry).increment();
    }

    /** Closes both sockets; waits up to 10 s. Must not be called on an event loop. */
    @Override
    public void close() {
        try {
            Future.join(List.of(udp.close(), tcp.close())).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("cluster DNS did not close cleanly", e);
        }
    }
}
