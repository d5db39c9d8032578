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

    /**
     * The cluster IP of the cluster DNS (the {@code kube-dns} service): the 10th address of the range,
     * as kubeadm picks it ({@code 10.96.0.10} for {@code 10.96.0.0/16}).
     *
     * @throws IllegalStateException when the range is too small to have one (prefix longer than 28)
     */
    public String clusterDnsIp() {
        Ipv4Cidr cidr = Ipv4Cidr.parse(serviceCidr);
        if (cidr.size() - 2 < 10) {
            throw new IllegalStateException("serviceCidr " + serviceCidr + " is too small for a cluster DNS address (its 10th)");
        }
        return cidr.addressAt(10);
    }

    /** Whether {@code ip} (a dotted quad) lies in {@link #serviceCidr()}; false for anything else. */
    public boolean contains(String ip) {
        long address = ip == null ? -1 : Ipv4Cidr.parseAddress(ip);
        return address >= 0 && Ipv4Cidr.parse(serviceCidr).offsetOf(address) >= 0;
    }

    /** The node port range as Kubernetes writes it, e.g. {@code 30000-32767}. */
    public String nodePortRange() {
        return nodePortFirst + "-" + nodePortLast;
    }
}
