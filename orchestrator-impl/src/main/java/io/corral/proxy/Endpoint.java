package io.corral.proxy;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A ready backend of a service port: a pod IP and the resolved target port.
 *
 * @param ip   literal IP, not null
 * @param port 1..65535
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Endpoint(String ip, int port) {
    public Endpoint {
        Objects.requireNonNull(ip, "ip");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        return ip + ":" + port;
    }
}
