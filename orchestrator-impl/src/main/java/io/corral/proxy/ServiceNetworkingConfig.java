package io.corral.proxy;

import io.corral.dns.DnsConfig;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a member's {@link ServiceNetworking} runs and where.
 *
 * <ul>
 *   <li>The service proxy: on or off; where its listeners bind ({@link ServiceAddressMapper}:
 *       {@linkplain ServiceAddressMapper#clusterIp(HostAddresses) cluster-IP mode} on nodes that own
 *       the cluster IPs, {@linkplain ServiceAddressMapper#hostAddress host-address mode} otherwise)
 *       and its timeouts.</li>
 *   <li>The cluster DNS: on (with its listen address, port and domain) or off.</li>
 *   <li>Whether the member also runs the endpoints controller (a control-plane task; see
 *       {@link io.corral.service.EndpointsController}).</li>
 * </ul>
 * Immutable. The {@linkplain #defaults() defaults} are unprivileged and loopback-only: proxy in
 * host-address mode on {@code 127.0.0.1}, DNS on {@code 127.0.0.1} on a free port, endpoints
 * controller on. A member whose nodes run real containers (Docker) uses
 * {@link #nodeOwnsClusterIps()} (decision 0003, option C): the node owns every cluster IP.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ServiceNetworkingConfig {
    private final boolean proxy;
    private final ServiceAddressMapper mapper;
    private final ProxyConfig proxyConfig;
    private final DnsConfig dns;
    private final boolean endpointsController;
    private final HostAddresses ownedAddresses;

    private ServiceNetworkingConfig(Builder b) {
        this.proxy = b.proxy;
        this.mapper = b.mapper;
        this.proxyConfig = b.proxyConfig;
        this.dns = b.dns;
        this.endpointsController = b.endpointsController;
        this.ownedAddresses = b.ownedAddresses;
    }

    /**
     * For a member whose nodes run containers (Docker): {@code builder().ownClusterIps(HostAddresses.linux("lo"))},
     * see {@link Builder#ownClusterIps}. Needs {@code CAP_NET_ADMIN} and iproute2.
     */
    public static ServiceNetworkingConfig nodeOwnsClusterIps() {
        return builder().ownClusterIps(HostAddresses.linux("lo")).build();
    }

    /** Proxy on 127.0.0.1 in host-address mode, DNS on 127.0.0.1 on a free port, endpoints controller on. */
    public static ServiceNetworkingConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the service proxy runs. */
    public boolean proxy() {
        return proxy;
    }

    /** Where proxy listeners bind. */
    public ServiceAddressMapper mapper() {
        return mapper;
    }

    /** The proxy's timeouts. */
    public ProxyConfig proxyConfig() {
        return proxyConfig;
    }

    /** The DNS server's settings; empty when it does not run. */
    public Optional<DnsConfig> dns() {
        return Optional.ofNullable(dns);
    }

    /** Whether the member runs the endpoints controller while it holds the controller manager's lease. */
    public boolean endpointsController() {
        return endpointsController;
    }

    /**
     * Where this node adds the cluster IPs it owns, when it owns them ({@link Builder#ownClusterIps});
     * then the DNS server listens on the cluster DNS IP, port 53, and {@link #dns()} gives only its
     * domain and TTL.
     */
    public Optional<HostAddresses> ownedAddresses() {
        return Optional.ofNullable(ownedAddresses);
    }

    /** Builds a {@link ServiceNetworkingConfig}; not thread-safe. */
    public static final class Builder {
        private boolean proxy = true;
        private ServiceAddressMapper mapper = ServiceAddressMapper.hostAddress("127.0.0.1");
        private ProxyConfig proxyConfig = ProxyConfig.DEFAULTS;
        private DnsConfig dns = DnsConfig.of("127.0.0.1", 0);
        private boolean endpointsController = true;
        private HostAddresses ownedAddresses;

        private Builder() {
        }

        /**
         * The node owns the cluster IPs (decision 0003, option C), so that containers reach services
         * through their default gateway, the host: the proxy binds {@code clusterIP:port} (TCP and
         * UDP) after adding the cluster IP through {@code addresses}, and removes it again when the
         * service is deleted or the member stops; at start, addresses of the service range left on the
         * device by a crashed member are removed; the cluster DNS serves on the range's 10th address
         * (the {@code kube-system/kube-dns} service, which the member creates), port 53, UDP and TCP,
         * and the member's node agents write that address into the pods' resolver configuration.
         * The host and port of {@link #dns(DnsConfig)} are then ignored (its domain and TTL apply).
         * One member per host and service range: a second one finds the addresses taken.
         */
        public Builder ownClusterIps(HostAddresses addresses) {
            this.ownedAddresses = Objects.requireNonNull(addresses, "addresses");
            this.mapper = ServiceAddressMapper.clusterIp(addresses);
            this.proxy = true;
            if (this.dns == null) {
                this.dns = DnsConfig.of("127.0.0.1", 0);
            }
            return this;
        }

        /** Where proxy listeners bind (turns the proxy on; the node no longer owns the cluster IPs). */
        public Builder proxyAddresses(ServiceAddressMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            this.proxy = true;
            this.ownedAddresses = null;
            return this;
        }

        /** The proxy's timeouts. */
        public Builder proxyConfig(ProxyConfig config) {
            this.proxyConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** No service proxy on this member. */
        public Builder withoutProxy() {
            this.proxy = false;
            return this;
        }

        /** The cluster DNS's address, port and domain (turns DNS on). */
        public Builder dns(DnsConfig config) {
            this.dns = Objects.requireNonNull(config, "config");
            return this;
        }

        /** No cluster DNS on this member. */
        public Builder withoutDns() {
            this.dns = null;
            return this;
        }

        /**
         * Whether this member runs the endpoints controller while it holds the controller manager's
         * lease (default true; give every member the same setting).
         */
        public Builder endpointsController(boolean run) {
            this.endpointsController = run;
            return this;
        }

        /** @throws IllegalStateException when the node owns the cluster IPs without proxy or DNS */
        public ServiceNetworkingConfig build() {
            if (ownedAddresses != null && (!proxy || dns == null)) {
                throw new IllegalStateException("ownClusterIps needs the proxy and the DNS (withoutProxy or withoutDns was set)");
            }
            return new ServiceNetworkingConfig(this);
        }
    }
}
