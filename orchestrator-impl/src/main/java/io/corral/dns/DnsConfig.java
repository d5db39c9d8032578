package io.corral.dns;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Settings of a {@link ClusterDns}.
 *
 * @param host       literal IP to bind, e.g. the node's bridge address or {@code 127.0.0.1}
 * @param port       UDP and TCP port; 0 for a free one (the same for both)
 * @param domain     the cluster domain without trailing dot, e.g. {@code cluster.local}
 * @param ttlSeconds TTL of every answer, and the SOA minimum (negative-caching time); 0..86400
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DnsConfig(String host, int port, String domain, long ttlSeconds) {
    public DnsConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domain, "domain");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (domain.isEmpty() || domain.startsWith(".") || domain.endsWith(".")) {
            throw new IllegalArgumentException("domain must be a name like cluster.local: " + domain);
        }
        if (ttlSeconds < 0 || ttlSeconds > 86400) {
            throw new IllegalArgumentException("ttlSeconds must be 0..86400: " + ttlSeconds);
        }
        domain = domain.toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code cluster.local}, TTL 5 s, on the given address. */
    public static DnsConfig of(String host, int port) {
        return new DnsConfig(host, port, "cluster.local", 5);
    }
}
