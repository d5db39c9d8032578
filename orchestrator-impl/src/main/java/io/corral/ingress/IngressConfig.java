package io.corral.ingress;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Settings of an {@link IngressGateway}.
 *
 * @param host           literal IP to listen on, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}; not null
 * @param port           the HTTP port; 0 for a free one
 * @param ingressClass   serve only ingresses with this {@code spec.ingressClassName} (and those
 *                       without one); null to serve every ingress
 * @param connectTimeout how long connecting to an endpoint may take before the request fails with
 *                       502; positive
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record IngressConfig(String host, int port, String ingressClass, Duration connectTimeout) {
    public IngressConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
    }

    /** Every ingress, on {@code host:port}, 5 s connect timeout. */
    public static IngressConfig of(String host, int port) {
        return new IngressConfig(host, port, null, Duration.ofSeconds(5));
    }
}
