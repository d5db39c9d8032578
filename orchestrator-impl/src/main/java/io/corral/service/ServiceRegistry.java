package io.corral.service;

import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Service;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * An in-memory {@link ServiceRegistryView} that an informer feeds with the add/update/delete events
 * of services and endpoints. Thread-safe; lookups never block.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ServiceRegistry implements ServiceRegistryView {
    private final Map<String, Service> services = new ConcurrentHashMap<>();
    private final Map<String, Endpoints> endpoints = new ConcurrentHashMap<>();

    /** Adds or replaces a service (keyed by its metadata namespace and name). */
    public void putService(Service service) {
        services.put(key(service.metadata().namespace(), service.metadata().name()), service);
    }

    /** Removes a service; unknown names are ignored. */
    public void removeService(String namespace, String name) {
        services.remove(key(namespace, name));
    }

    /** Adds or replaces the endpoints of a service. */
    public void putEndpoints(Endpoints value) {
        endpoints.put(key(value.metadata().namespace(), value.metadata().name()), value);
    }

    /** Removes the endpoints of a service; unknown names are ignored. */
    public void removeEndpoints(String namespace, String name) {
        endpoints.remove(key(namespace, name));
    }

    @Override
    public Optional<Service> service(String namespace, String name) {
        return Optional.ofNullable(services.get(key(namespace, name)));
    }

    @Override
    public Optional<Endpoints> endpoints(String namespace, String name) {
        return Optional.ofNullable(endpoints.get(key(namespace, name)));
    }

    @Override
    public boolean hasServices(String namespace) {
        String prefix = Objects.requireNonNull(namespace, "namespace") + "/";
        return services.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    private static String key(String namespace, String name) {
        return Objects.requireNonNull(namespace, "namespace") + "/" + Objects.requireNonNull(name, "name");
    }
}
