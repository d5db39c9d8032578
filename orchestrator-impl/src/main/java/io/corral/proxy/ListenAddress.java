package io.corral.proxy;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Where a proxy listener binds.
 *
 * @param host a literal IP address of this host, not null
 * @param port the port, 0 for any free one
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ListenAddress(String host, int port) {
    public ListenAddress {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
