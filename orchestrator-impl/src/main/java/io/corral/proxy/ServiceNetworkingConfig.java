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
 * controller on. A Docker node that gives containers the cluster IPs (decision 0003, option C)
 * uses {@code proxyAddresses(ServiceAddressMapper.clusterIp(HostAddresses.linux("lo")))} and a DNS
 * address its containers reach, e.g. {@code DnsConfig.of("172.17.0.1", 53)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ServiceNetworkingConfig {
    private final boolean proxy;
    private final ServiceAddressMapper mapper;
    private final ProxyConfig proxyConfig;
    private final DnsConfig dns;
    private final boolean endpointsController;

    private ServiceNetworkingConfig(Builder b) {
        this.proxy = b.proxy;
        this.mapper = b.mapper;
        this.proxyConfig = b.proxyConfig;
        this.dns = b.dns;
        this.endpointsController = b.endpointsController;
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

    /** Builds a {@link ServiceNetworkingConfig}; not thread-safe. */
    public static final class Builder {
        private boolean proxy = true;
        private ServiceAddressMapper mapper = ServiceAddressMapper.hostAddress("127.0.0.1");
        private ProxyConfig proxyConfig = ProxyConfig.DEFAULTS;
        private DnsConfig dns = DnsConfig.of("127.0.0.1", 0);
        private boolean endpointsController = true;

        private Builder() {
        }

        /** Where proxy listeners bind (turns the proxy on). */
        public Builder proxyAddresses(ServiceAddressMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            this.proxy = true;
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

        public ServiceNetworkingConfig build() {
            return new ServiceNetworkingConfig(this);
        }
    }
}
