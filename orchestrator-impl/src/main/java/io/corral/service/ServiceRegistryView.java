package io.corral.service;

import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Service;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Read access to the services and endpoints of the cluster as a node sees them (an informer's
 * cache): what the cluster DNS answers from.
 *
 * <p>Contract: implementations MUST be thread-safe and MUST NOT block (they are called on network
 * event loops); results are immutable values.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ServiceRegistryView {

    /** The service {@code namespace/name}, empty when unknown. */
    Optional<Service> service(String namespace, String name);

    /** The endpoints of service {@code namespace/name}, empty when unknown. */
    Optional<Endpoints> endpoints(String namespace, String name);

    /**
     * Whether the namespace has at least one service: its name {@code <ns>.svc.<domain>} then exists
     * in DNS (without records of its own) rather than being NXDOMAIN, which a caching resolver
     * would extend to every name below it (RFC 8020).
     */
    boolean hasServices(String namespace);
}
