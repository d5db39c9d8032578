package io.corral.proxy;

import io.corral.api.model.core.EndpointAddress;
import io.corral.api.model.core.EndpointPort;
import io.corral.api.model.core.EndpointSubset;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's user-space service proxy, as kube-proxy's first mode: for every port of every service
 * with a cluster IP, a listener (TCP: a server socket; UDP: a datagram socket) that relays each
 * connection, or each client's datagram flow, to a ready endpoint of that port.
 *
 * <h2>Edges the wiring feeds</h2>
 * {@link #onServiceUpdate}/{@link #onServiceDelete} with the services of the cluster and
 * {@link #onEndpointsUpdate}/{@link #onEndpointsDelete} with their endpoints, in any order (an
 * informer's add/update/delete events). Where listeners bind is the {@link ServiceAddressMapper}'s
 * choice; {@link #listenAddress} tells where one is bound.
 *
 * <h2>Behaviour</h2>
 * <ol>
 *   <li>A new connection goes to the next ready endpoint, round robin; with
 *       {@code sessionAffinity: ClientIP} a client IP keeps its endpoint while it is ready and used
 *       within {@link ProxyConfig#sessionAffinityTimeout()}.</li>
 *   <li>An endpoint that refuses or does not answer within {@link ProxyConfig#connectTimeout()} is
 *       skipped and the next one is tried; a connection with no endpoint left is closed.</li>
 *   <li>Endpoint changes apply to new connections only: established connections keep their
 *       endpoint until either side closes. A service port whose listen address changes, or that goes
 *       away, is closed with its connections.</li>
 *   <li>Headless services ({@code clusterIP: None}), ExternalName services and services without a
 *       cluster IP get no listeners.</li>
 * </ol>
 *
 * <h2>Threading</h2>
 * All methods are thread-safe. {@link #onServiceUpdate}, {@link #onServiceDelete} and
 * {@link #close()} may block (closing listeners, the mapper's {@code prepare}/{@code release}) and
 * must not be called on a Vert.x event loop; the others do not block. Relaying runs on the given
 * {@link Vertx}'s event loops.
 *
 * <h2>Metrics</h2>
 * On the given registry, tagged {@code service} ({@code ns/name}), {@code port}, {@code protocol}:
 * {@code corral.proxy.connections} (TCP connections and UDP flows relayed),
 * {@code corral.proxy.bytes} (tag {@code direction}: {@code in} from clients, {@code out} to
 * them), {@code corral.proxy.connect.failures}, {@code corral.proxy.rejected} (no endpoint),
 * {@code corral.proxy.active} (gauge). Meters of a closed port are removed.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ServiceProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProxy.class);

    private final Vertx vertx;
    private final ServiceAddressMapper mapper;
    private final ProxyConfig config;
    private final MeterRegistry registry;
    private final Clock clock;
    private final long sweepTimer;

    // Guarded by this: the state the listeners are derived from.
    private final Map<String, Map<ServicePortName, PortProxy>> ports = new HashMap<>();
    private final Map<String, Endpoints> endpoints = new HashMap<>();
    private final Map<String, Integer> hostRefs = new HashMap<>();
    private boolean closed;

    /**
     * @param vertx    the host's Vert.x; not closed by the proxy
     * @param mapper   where listeners bind
     * @param config   timeouts
     * @param registry where metrics go; not closed
     */
    public ServiceProxy(Vertx vertx, ServiceAddressMapper mapper, ProxyConfig config, MeterRegistry registry) {
        this(vertx, mapper, config, registry, Clock.systemUTC());
    }

    /** As {@link #ServiceProxy(Vertx, ServiceAddressMapper, ProxyConfig, MeterRegistry)}, with the clock for affinity and UDP idle times. */
    public ServiceProxy(Vertx vertx, ServiceAddressMapper mapper, ProxyConfig config, MeterRegistry registry, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        long sweep = Math.max(100, Math.min(1000, config.udpIdleTimeout().toMillis() / 2));
        this.sweepTimer = vertx.setPeriodic(sweep, id -> sweep());
    }

    /**
     * Adds or updates a service: opens listeners for its new ports, closes those of removed ports,
     * rebinds ports whose listen address changed, and applies the session affinity.
     *
     * @return completes when the listeners are bound; fails when one could not be bound (the
     *         others stay open, and the next update of the service tries that port again)
     */
    public CompletionStage<Void> onServiceUpdate(Service service) {
        Objects.requireNonNull(service, "service");
        String key = key(service.metadata().namespace(), service.metadata().name());
        Map<ServicePortName, Desired> desired = desired(service);
        boolean affinity = service.spec() != null && "ClientIP".equals(service.spec().sessionAffinity());
        List<Future<?>> pending = new ArrayList<>();
        List<PortProxy> closing = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return Future.<Void>failedFuture(new IllegalStateException("proxy closed")).toCompletionStage();
            }
            Map<ServicePortName, PortProxy> current = ports.computeIfAbsent(key, k -> new LinkedHashMap<>());
            for (var it = current.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                Desired d = desired.get(e.getKey());
                if (d == null || !d.address().equals(e.getValue().requested) || e.getValue().failed()) {
                    LOG.info("closing proxy port {} on {}", e.getKey(), e.getValue().requested);
                    closing.add(e.getValue());
                    it.remove();
                }
            }
            for (Map.Entry<ServicePortName, Desired> e : desired.entrySet()) {
                PortProxy p = current.get(e.getKey());
                if (p == null) {
                    p = e.getKey().protocol().equals("UDP")
                            ? new UdpPortProxy(vertx, e.getKey(), e.getValue().address(), config, registry, clock)
                            : new TcpPortProxy(vertx, e.getKey(), e.getValue().address(), config, registry, clock);
                    current.put(e.getKey(), p);
                    try {
                        acquireHost(p.requested.host());
                        p.holdsHost = true;
                        p.start();
                    } catch (RuntimeException failure) {
                        p.bindFailed(failure);
                    }
                }
                p.lb.affinity(affinity, config.sessionAffinityTimeout());
                p.lb.endpoints(endpointsFor(e.getKey(), endpoints.get(key)));
                pending.add(p.bound);
            }
            if (current.isEmpty()) {
                ports.remove(key);
            }
        }
        closePorts(closing);
        return Future.all(pending).<Void>mapEmpty().toCompletionStage();
    }

    /** Removes a service: closes its listeners and their connections. Unknown services are ignored. */
    public void onServiceDelete(String namespace, String name) {
        Map<ServicePortName, PortProxy> removed;
        synchronized (this) {
            removed = ports.remove(key(namespace, name));
        }
        if (removed != null) {
            closePorts(new ArrayList<>(removed.values()));
        }
    }

    /** Must hold this. Prepares the host address for its first listener. */
    private void acquireHost(String host) {
        if (hostRefs.merge(host, 1, Integer::sum) == 1) {
            try {
                mapper.prepare(host);
            } catch (RuntimeException e) {
                releaseHostRef(host);
                throw e;
            }
        }
    }

    /** Must hold this. Drops one reference; true when it was the last. */
    private boolean releaseHostRef(String host) {
        Integer left = hostRefs.computeIfPresent(host, (h, n) -> n == 1 ? null : n - 1);
        return left == null;
    }

    /**
     * Closes listeners outside the lock (their close completes on event loops, which may need the
     * lock), then releases host addresses no listener uses any more.
     */
    private void closePorts(List<PortProxy> closing) {
        if (closing.isEmpty()) {
            return;
        }
        List<String> hosts = new ArrayList<>();
        List<Future<Void>> closed = new ArrayList<>();
        synchronized (this) {
            for (PortProxy p : closing) {
                closed.add(p.close());
                if (p.holdsHost) {
                    hosts.add(p.requested.host());
                }
            }
        }
        if (hosts.isEmpty()) {
            return;
        }
        try {
            Future.join(closed).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("proxy listeners did not close cleanly", e);
        }
        synchronized (this) {
            for (String host : hosts) {
                if (releaseHostRef(host)) {
                    try {
                        mapper.release(host);
                    } catch (RuntimeException e) {
                        LOG.warn("could not release host address {}", host, e);
                    }
                }
            }
        }
    }

    /** Sets the endpoints of a service (also before the service itself is known). */
    public void onEndpointsUpdate(Endpoints update) {
        Objects.requireNonNull(update, "endpoints");
        String key = key(update.metadata().namespace(), update.metadata().name());
        synchronized (this) {
            endpoints.put(key, update);
            apply(key);
        }
    }

    /** Forgets the endpoints of a service: its ports refuse new connections until endpoints come back. */
    public void onEndpointsDelete(String namespace, String name) {
        String key = key(namespace, name);
        synchronized (this) {
            endpoints.remove(key);
            apply(key);
        }
    }

    /** Where the listener of {@code port} is bound, once it is; empty for unknown or unbound ports. */
    public synchronized Optional<ListenAddress> listenAddress(ServicePortName port) {
        Map<ServicePortName, PortProxy> service = ports.get(key(port.namespace(), port.name()));
        PortProxy p = service == null ? null : service.get(port);
        return p == null ? Optional.empty() : Optional.ofNullable(p.actual);
    }

    /** Every bound listener. */
    public synchronized Map<ServicePortName, ListenAddress> listenAddresses() {
        Map<ServicePortName, ListenAddress> out = new LinkedHashMap<>();
        ports.values().forEach(m -> m.forEach((k, v) -> {
            if (v.actual != null) {
                out.put(k, v.actual);
            }
        }));
        return out;
    }

    /** The endpoints new connections to {@code port} are spread over (for diagnostics and tests). */
    public synchronized List<Endpoint> endpoints(ServicePortName port) {
        Map<ServicePortName, PortProxy> service = ports.get(key(port.namespace(), port.name()));
        PortProxy p = service == null ? null : service.get(port);
        return p == null ? List.of() : p.lb.endpoints();
    }

    /** Closes every listener and connection; waits up to 10 s. Must not be called on an event loop. */
    @Override
    public void close() {
        List<PortProxy> closing = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            vertx.cancelTimer(sweepTimer);
            ports.values().forEach(m -> closing.addAll(m.values()));
            ports.clear();
        }
        closePorts(closing);
    }

    private void apply(String key) {
        Map<ServicePortName, PortProxy> service = ports.get(key);
        if (service != null) {
            Endpoints e = endpoints.get(key);
            service.forEach((name, p) -> p.lb.endpoints(endpointsFor(name, e)));
        }
    }

    private synchronized void sweep() {
        ports.values().forEach(m -> m.values().forEach(PortProxy::sweep));
    }

    private record Desired(ListenAddress address) {
    }

    private Map<ServicePortName, Desired> desired(Service service) {
        Map<ServicePortName, Desired> out = new LinkedHashMap<>();
        ServiceSpec spec = service.spec();
        if (spec == null || "ExternalName".equals(spec.type())) {
            return out;
        }
        String ip = spec.clusterIP();
        if (ip == null || ip.isEmpty() || "None".equals(ip)) {
            return out;
        }
        for (ServicePort sp : spec.ports()) {
            String protocol = sp.protocol() == null ? "TCP" : sp.protocol();
            if (sp.port() == null || !(protocol.equals("TCP") || protocol.equals("UDP"))) {
                continue;
            }
            ServicePortName name = new ServicePortName(service.metadata().namespace(), service.metadata().name(), sp.name(), protocol);
            out.put(name, new Desired(mapper.listenAddress(name, ip, sp.port())));
        }
        return out;
    }

    /** The ready endpoints of one service port: addresses of the subsets that carry a port of that name and protocol. */
    static List<Endpoint> endpointsFor(ServicePortName port, Endpoints endpoints) {
        if (endpoints == null) {
            return List.of();
        }
        List<Endpoint> out = new ArrayList<>();
        for (EndpointSubset subset : endpoints.subsets()) {
            for (EndpointPort ep : subset.ports()) {
                String name = ep.name() == null ? "" : ep.name();
                String protocol = ep.protocol() == null ? "TCP" : ep.protocol();
                if (name.equals(port.port()) && protocol.equals(port.protocol()) && ep.port() != null) {
                    for (EndpointAddress a : subset.addresses()) {
                        if (a.ip() != null) {
                            out.add(new Endpoint(a.ip(), ep.port()));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
