package io.corral.proxy;

import io.corral.api.client.CorralClient;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Service;
import io.corral.dns.ClusterDns;
import io.corral.dns.DnsConfig;
import io.corral.service.ServiceAllocatorConfig;
import io.corral.service.ServiceRegistry;
import io.corral.service.ServiceRegistryView;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's service data plane, kube-proxy and the cluster DNS of one node: informers on services
 * and endpoints (all namespaces) feed a {@link ServiceProxy} and a {@link ServiceRegistry}, which
 * the {@link ClusterDns} answers from (and an ingress gateway routes with).
 *
 * <p>Events reach the proxy and the registry in the informers' order, on their delivery threads
 * (the proxy may block there while it binds or closes listeners). A proxy port that cannot bind is
 * logged and tried again on the service's next update.
 *
 * <p>Lifecycle: {@link #start} binds the DNS server (failing when it cannot) and starts the
 * informers; {@link #close()} stops the informers, then closes the proxy and the DNS server.
 * The client, Vert.x and meter registry are the caller's and are not closed. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ServiceNetworking implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceNetworking.class);
    private static final int DNS_PORT = 53;

    private final ServiceRegistry registry;
    private final ServiceProxy proxy;
    private final ClusterDns dns;
    private final SharedInformer<Service> services;
    private final SharedInformer<Endpoints> endpoints;
    private final Deque<AutoCloseable> owned;
    private final String clusterDnsIp;
    private boolean closed;

    private ServiceNetworking(ServiceRegistry registry, ServiceProxy proxy, ClusterDns dns, SharedInformer<Service> services,
                              SharedInformer<Endpoints> endpoints, Deque<AutoCloseable> owned, String clusterDnsIp) {
        this.clusterDnsIp = clusterDnsIp;
        this.registry = registry;
        this.proxy = proxy;
        this.dns = dns;
        this.services = services;
        this.endpoints = endpoints;
        this.owned = owned;
    }

    /**
     * Starts the data plane. Blocks until the DNS server is bound (at most 30 s); does not wait for
     * the informers to sync (see {@link #hasSynced()}). Must not be called on an event loop.
     *
     * @param vertx    the Vert.x the proxy and the DNS server run on; not closed
     * @param client   where services and endpoints are read; not closed
     * @param config   what runs, and where; must not {@linkplain ServiceNetworkingConfig#ownedAddresses() own the cluster IPs}
     * @param meters   where the proxy and the DNS server report; not closed
     * @throws IllegalStateException when the DNS server cannot bind; whatever started is closed again
     */
    public static ServiceNetworking start(Vertx vertx, CorralClient client, ServiceNetworkingConfig config, MeterRegistry meters) {
        return start(vertx, client, config, null, meters);
    }

    /**
     * As {@link #start(Vertx, CorralClient, ServiceNetworkingConfig, MeterRegistry)}, for a node that
     * may own the cluster IPs of {@code ranges} ({@link ServiceNetworkingConfig#ownedAddresses()}):
     * then, before anything binds, addresses of the range left on the device (by a member that
     * crashed) are removed, the cluster DNS IP ({@link ServiceAllocatorConfig#clusterDnsIp()}) is
     * added and the DNS server bound to it on port 53, and the service {@code kube-system/kube-dns}
     * holding that IP is created in the background (retried until the store takes it). The DNS IP
     * is removed again on {@link #close()}, as the proxy removes the cluster IPs of its listeners.
     *
     * @param ranges the cluster's service range; required when the node owns the cluster IPs, else may be null
     * @throws IllegalStateException when an address cannot be added (no {@code CAP_NET_ADMIN}: the
     *                               message says so) or the DNS server cannot bind; whatever started is closed again
     */
    public static ServiceNetworking start(Vertx vertx, CorralClient client, ServiceNetworkingConfig config,
                                          ServiceAllocatorConfig ranges, MeterRegistry meters) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(meters, "meters");
        Deque<AutoCloseable> owned = new ArrayDeque<>();
        try {
            ServiceRegistry registry = new ServiceRegistry();
            Optional<DnsConfig> dnsConfig = config.dns();
            String dnsIp = null;
            if (config.ownedAddresses().isPresent()) {
                if (ranges == null) {
                    throw new IllegalArgumentException("ranges: a node that owns the cluster IPs needs the service range");
                }
                HostAddresses addresses = config.ownedAddresses().get();
                dnsIp = ranges.clusterDnsIp();
                removeStale(addresses, ranges);
                String ip = dnsIp;
                try {
                    addresses.add(ip);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("cannot add the cluster DNS IP " + ip + " to this host through " + addresses
                            + " (a node that owns the cluster IPs needs CAP_NET_ADMIN; without it, use the host-address mode"
                            + " of ServiceAddressMapper): " + e.getMessage(), e);
                }
                owned.push(() -> addresses.remove(ip));
                DnsConfig d = dnsConfig.orElseThrow();
                dnsConfig = Optional.of(new DnsConfig(dnsIp, DNS_PORT, d.domain(), d.ttlSeconds()));
            }
            ClusterDns dns = null;
            if (dnsConfig.isPresent()) {
                dns = ClusterDns.start(vertx, registry, dnsConfig.get(), meters).toCompletableFuture().get(30, TimeUnit.SECONDS);
                owned.push(dns);
            }
            ServiceProxy proxy = null;
            if (config.proxy()) {
                proxy = new ServiceProxy(vertx, config.mapper(), config.proxyConfig(), meters);
                owned.push(proxy);
            }
            SharedInformer<Service> services = SharedInformer.of(client.services());
            SharedInformer<Endpoints> endpoints = SharedInformer.of(client.endpoints());
            services.addEventHandler(new ServiceHandler(registry, proxy, dnsIp));
            endpoints.addEventHandler(new EndpointsHandler(registry, proxy));
            owned.push(services);
            owned.push(endpoints);
            services.start();
            endpoints.start();
            if (dnsIp != null) {
                owned.push(DnsService.ensure(vertx, client, dnsIp));
            }
            return new ServiceNetworking(registry, proxy, dns, services, endpoints, owned, dnsIp);
        } catch (Exception e) {
            closeAll(owned);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot start service networking: " + e.getMessage(), e);
        }
    }

    /** Removes the range's addresses a crashed member left: this one has not bound any yet. */
    private static void removeStale(HostAddresses addresses, ServiceAllocatorConfig ranges) {
        for (String ip : addresses.list()) {
            if (ranges.contains(ip)) {
                LOG.info("removing stale cluster IP {} ({})", ip, addresses);
                addresses.remove(ip);
            }
        }
    }

    /** The cluster IP the DNS serves on when this node owns the cluster IPs. */
    public Optional<String> clusterDnsIp() {
        return Optional.ofNullable(clusterDnsIp);
    }

    /** The services and endpoints as this member sees them. */
    public ServiceRegistryView registry() {
        return registry;
    }

    /** The service proxy, when it runs. */
    public Optional<ServiceProxy> proxy() {
        return Optional.ofNullable(proxy);
    }

    /** The cluster DNS server, when it runs ({@link ClusterDns#address()} tells where). */
    public Optional<ClusterDns> dns() {
        return Optional.ofNullable(dns);
    }

    /** Whether both informers have delivered their first list. */
    public boolean hasSynced() {
        return services.hasSynced() && endpoints.hasSynced();
    }

    /**
     * Waits until {@link #hasSynced()}.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hasSynced()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Stops the informers, then closes the proxy and the DNS server. Idempotent; must not be called on an event loop. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeAll(owned);
        }
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable r = resources.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("could not close {}", r, e);
            }
        }
    }

    /** {@code dnsIp}: the DNS server itself listens there, so the proxy leaves that service alone. */
    private record ServiceHandler(ServiceRegistry registry, ServiceProxy proxy, String dnsIp) implements ResourceEventHandler<Service> {
        @Override
        public void onAdd(Service service) {
            update(service);
        }

        @Override
        public void onUpdate(Service oldService, Service newService) {
            update(newService);
        }

        private void update(Service service) {
            registry.putService(service);
            if (proxy != null && !(dnsIp != null && service.spec() != null && dnsIp.equals(service.spec().clusterIP()))) {
                proxy.onServiceUpdate(service).whenComplete((v, failure) -> {
                    if (failure != null) {
                        LOG.warn("proxy for service {}/{} not (fully) bound: {}", service.metadata().namespace(),
                                service.metadata().name(), failure.getMessage());
                    }
                });
            }
        }

        @Override
        public void onDelete(Service service, boolean finalStateUnknown) {
            registry.removeService(service.metadata().namespace(), service.metadata().name());
            if (proxy != null) {
                proxy.onServiceDelete(service.metadata().namespace(), service.metadata().name());
            }
        }
    }

    private record EndpointsHandler(ServiceRegistry registry, ServiceProxy proxy) implements ResourceEventHandler<Endpoints> {
        @Override
        public void onAdd(Endpoints e) {
            update(e);
        }

        @Override
        public void onUpdate(Endpoints oldE, Endpoints newE) {
            update(newE);
        }

        private void update(Endpoints e) {
            registry.putEndpoints(e);
            if (proxy != null) {
                proxy.onEndpointsUpdate(e);
            }
        }

        @Override
        public void onDelete(Endpoints e, boolean finalStateUnknown) {
            registry.removeEndpoints(e.metadata().namespace(), e.metadata().name());
            if (proxy != null) {
                proxy.onEndpointsDelete(e.metadata().namespace(), e.metadata().name());
            }
        }
    }
}
