package io.corral.ingress;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * A service port an ingress sends traffic to.
 *
 * @param namespace  the ingress's (and so the service's) namespace; not null
 * @param service    the service name; not null
 * @param portNumber the service port by number ({@code spec.ports[].port}), or null
 * @param portName   the service port by name, or null; exactly one of the two is set
 * @param ingress    {@code namespace/name} of the ingress the route comes from, for diagnostics
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record IngressBackendRef(String namespace, String service, Integer portNumber, String portName, String ingress) {
    public IngressBackendRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(service, "service");
        if ((portNumber == null) == (portName == null || portName.isEmpty())) {
            throw new IllegalArgumentException("exactly one of portNumber and portName must be set");
        }
    }

    @Override
    public String toString() {
        return namespace + "/" + service + ":" + (portNumber != null ? portNumber.toString() : portName);
    }
}
