package io.corral.service;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The ranges services draw from.
 *
 * @param serviceCidr   IPv4 CIDR of cluster IPs, e.g. {@code 10.96.0.0/16}; its network and broadcast
 *                      addresses are never handed out; prefix length 8 to 30
 * @param nodePortFirst first node port, inclusive (Kubernetes: 30000)
 * @param nodePortLast  last node port, inclusive (Kubernetes: 32767)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ServiceAllocatorConfig(String serviceCidr, int nodePortFirst, int nodePortLast) {
    /** Kubernetes' defaults: {@code 10.96.0.0/16} and 30000-32767. */
    public static final ServiceAllocatorConfig DEFAULTS = new ServiceAllocatorConfig("10.96.0.0/16", 30000, 32767);

    public ServiceAllocatorConfig {
        Objects.requireNonNull(serviceCidr, "serviceCidr");
        Ipv4Cidr.parse(serviceCidr);
        if (nodePortFirst < 1 || nodePortLast > 65535 || nodePortFirst > nodePortLast) {
            throw new IllegalArgumentException("invalid node port range " + nodePortFirst + "-" + nodePortLast);
        }
    }

    /** The node port range as Kubernetes writes it, e.g. {@code 30000-32767}. */
    public String nodePortRange() {
        return nodePortFirst + "-" + nodePortLast;
    }
}
