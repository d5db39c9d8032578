package io.corral.proxy;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One port of one service, as kube-proxy names it: {@code namespace/name:port} and the protocol.
 *
 * @param namespace the service's namespace, not null
 * @param name      the service's name, not null
 * @param port      the service port's name, {@code ""} for an unnamed (single) port; not null
 * @param protocol  {@code TCP} or {@code UDP}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ServicePortName(String namespace, String name, String port, String protocol) {
    public ServicePortName {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        port = port == null ? "" : port;
        protocol = protocol == null ? "TCP" : protocol;
        if (!protocol.equals("TCP") && !protocol.equals("UDP")) {
            throw new IllegalArgumentException("protocol must be TCP or UDP: " + protocol);
        }
    }

    /** {@code namespace/name}. */
    public String service() {
        return namespace + "/" + name;
    }

    @Override
    public String toString() {
        return service() + (port.isEmpty() ? "" : ":" + port) + "/" + protocol;
    }
}
