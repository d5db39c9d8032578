package io.corral.proxy;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Decides where the proxy listener of a service port binds on this node, and so how a pod's traffic
 * reaches the proxy (see docs/decisions/0003-service-traffic.md).
 *
 * <p>Contract: MUST be a pure function of its arguments (the proxy calls it again when a service
 * changes and rebinds only when the answer differs); MUST be thread-safe; MUST NOT block.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface ServiceAddressMapper {

    /**
     * The address for the listener of {@code port}.
     *
     * @param port        the service port
     * @param clusterIP   the service's cluster IP, never null or {@code None} (headless services
     *                    have no listeners)
     * @param servicePort the service port number ({@code spec.ports[i].port})
     * @return where to bind; port 0 for any free port
     */
    ListenAddress listenAddress(ServicePortName port, String clusterIP, int servicePort);

    /**
     * Binds to the cluster IP and the service port itself: the node must own the cluster IPs (added
     * to a dummy interface), then a container's packets to the cluster IP, sent to its default
     * gateway (the host's bridge), are delivered to the listener without any NAT rule. The default.
     */
    static ServiceAddressMapper clusterIp() {
        return (port, clusterIP, servicePort) -> new ListenAddress(clusterIP, servicePort);
    }

    /**
     * Binds to one host address (e.g. the Docker bridge gateway {@code 172.17.0.1}, or
     * {@code 127.0.0.1} in tests) on a free port per service port; clients must learn the port
     * from {@link ServiceProxy#listenAddress} (environment variables written for the pod, or a
     * NAT rule that maps the cluster IP and port to it).
     */
    static ServiceAddressMapper hostAddress(String host) {
        Objects.requireNonNull(host, "host");
        return (port, clusterIP, servicePort) -> new ListenAddress(host, 0);
    }
}
