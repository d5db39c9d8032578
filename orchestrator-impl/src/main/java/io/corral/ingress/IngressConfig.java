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
 * @param tlsPort        the HTTPS port serving the ingresses' {@code spec.tls} certificates by SNI;
 *                       0 for a free one, -1 for no HTTPS listener
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record IngressConfig(String host, int port, String ingressClass, Duration connectTimeout, int tlsPort) {
    public IngressConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (tlsPort < -1 || tlsPort > 65535) {
            throw new IllegalArgumentException("tlsPort out of range: " + tlsPort);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
    }

    /** Every ingress, on {@code host:port}, 5 s connect timeout, no HTTPS listener. */
    public static IngressConfig of(String host, int port) {
        return new IngressConfig(host, port, null, Duration.ofSeconds(5), -1);
    }

    /** These settings with an HTTPS listener on {@code tlsPort} (0: a free one). */
    public IngressConfig withTlsPort(int tlsPort) {
        if (tlsPort < 0) {
            throw new IllegalArgumentException("tlsPort must be 0..65535, was " + tlsPort);
        }
        return new IngressConfig(host, port, ingressClass, connectTimeout, tlsPort);
    }
}
