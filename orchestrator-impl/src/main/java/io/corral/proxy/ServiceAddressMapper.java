package io.corral.proxy;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Decides where the proxy listener of a service port binds on this node, and so how a pod's traffic
 * reaches the proxy (see docs/decisions/0003-service-traffic.md).
 *
 * <p>Contract: {@link #listenAddress} MUST be a pure function of its arguments (the proxy calls it
 * again when a service changes and rebinds only when the answer differs), MUST be thread-safe and
 * MUST NOT block. {@link #prepare} and {@link #release} may block; the proxy calls {@code prepare}
 * once before the first listener on a host address binds and {@code release} after the last one on
 * it closed, never on an event loop.
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
     * Makes {@code host} bindable before the first listener on it opens (e.g. adds it to an
     * interface). The default does nothing.
     *
     * @throws RuntimeException when it cannot; the listeners on {@code host} then fail to bind
     */
    default void prepare(String host) {
    }

    /** Undoes {@link #prepare} after the last listener on {@code host} closed. The default does nothing. */
    default void release(String host) {
    }

    /**
     * Binds to the cluster IP and the service port itself: the node must own the cluster IPs (added
     * to a dummy interface), then a container's packets to the cluster IP, sent to its default
     * gateway (the host's bridge), are delivered to the listener without any NAT rule. The default.
     */
    static ServiceAddressMapper clusterIp() {
        return clusterIp(HostAddresses.none());
    }

    /**
     * As {@link #clusterIp()}, and adds each cluster IP to this host through {@code addresses} while
     * the proxy listens on it.
     */
    static ServiceAddressMapper clusterIp(HostAddresses addresses) {
        Objects.requireNonNull(addresses, "addresses");
        return new ServiceAddressMapper() {
            @Override
            public ListenAddress listenAddress(ServicePortName port, String clusterIP, int servicePort) {
                return new ListenAddress(clusterIP, servicePort);
            }

            @Override
            public void prepare(String host) {
                addresses.add(host);
            }

            @Override
            public void release(String host) {
                addresses.remove(host);
            }
        };
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
