package io.corral.proxy;

import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Settings of a {@link ServiceProxy}.
 *
 * @param connectTimeout        how long a connection to one endpoint may take before the next is
 *                              tried; positive
 * @param sessionAffinityTimeout how long a client IP sticks to its endpoint after its last
 *                              connection, for {@code sessionAffinity: ClientIP} (Kubernetes'
 *                              default: 3 hours); positive
 * @param udpIdleTimeout        a UDP flow (client address to endpoint) is forgotten after this long
 *                              without datagrams; positive
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ProxyConfig(Duration connectTimeout, Duration sessionAffinityTimeout, Duration udpIdleTimeout) {
    /** 2 s connect timeout, 3 h affinity, 30 s UDP idle. */
    public static final ProxyConfig DEFAULTS = new ProxyConfig(Duration.ofSeconds(2), Duration.ofHours(3), Duration.ofSeconds(30));

    public ProxyConfig {
        for (Duration d : new Duration[] {connectTimeout, sessionAffinityTimeout, udpIdleTimeout}) {
            Objects.requireNonNull(d, "durations must not be null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
    }

    public ProxyConfig withSessionAffinityTimeout(Duration timeout) {
        return new ProxyConfig(connectTimeout, timeout, udpIdleTimeout);
    }

    public ProxyConfig withUdpIdleTimeout(Duration timeout) {
        return new ProxyConfig(connectTimeout, sessionAffinityTimeout, timeout);
    }
}
