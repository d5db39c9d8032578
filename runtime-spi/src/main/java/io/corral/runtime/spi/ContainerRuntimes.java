package io.corral.runtime.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ContainerRuntimeProvider}s on the class path, highest priority first. Immutable.
 *
 * <pre>{@code
 * ContainerRuntime runtime = ContainerRuntimes.load().create("docker", Map.of());
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ContainerRuntimes {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerRuntimes.class);

    /** The artifacts of the runtimes Corral ships, by provider id. */
    private static final Map<String, String> KNOWN_ARTIFACTS = Map.of(
            "docker", "io.corral:runtime-docker",
            "rkt", "io.corral:runtime-rkt",
            "simulated", "io.corral:runtime-simulated");

    private final List<ContainerRuntimeProvider> providers;

    private ContainerRuntimes(List<ContainerRuntimeProvider> providers) {
        List<ContainerRuntimeProvider> sorted = new ArrayList<>(providers);
        sorted.sort(Comparator.comparingInt(ContainerRuntimeProvider::priority).reversed()
                .thenComparing(ContainerRuntimeProvider::id));
        this.providers = List.copyOf(sorted);
    }

    /**
     * Finds providers with {@link ServiceLoader} in the thread's context class loader, then in this
     * SPI's own; a provider class found by both counts once.
     */
    public static ContainerRuntimes load() {
        Map<String, ContainerRuntimeProvider> byClass = new LinkedHashMap<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loadInto(context, byClass);
        }
        loadInto(ContainerRuntimes.class.getClassLoader(), byClass);
        return of(new ArrayList<>(byClass.values()));
    }

    /** The given providers, for explicit wiring and tests. */
    public static ContainerRuntimes of(List<ContainerRuntimeProvider> providers) {
        return new ContainerRuntimes(Checks.list(providers, "providers"));
    }

    private static void loadInto(ClassLoader loader, Map<String, ContainerRuntimeProvider> byClass) {
        var iterator = ServiceLoader.load(ContainerRuntimeProvider.class, loader).iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    return;
                }
                ContainerRuntimeProvider provider = iterator.next();
                byClass.putIfAbsent(provider.getClass().getName(), provider);
            } catch (ServiceConfigurationError e) {
                // One broken jar must not hide the others.
                LOG.warn("Ignoring a container runtime provider that failed to load", e);
            }
        }
    }

    /** Every provider, highest priority first (ties by id). */
    public List<ContainerRuntimeProvider> providers() {
        return providers;
    }

    /** The provider of that id, if on the class path. */
    public Optional<ContainerRuntimeProvider> find(String id) {
        Checks.notBlank(id, "id");
        return providers.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /**
     * The provider of that id.
     *
     * @throws ContainerRuntimeException {@code RUNTIME_UNAVAILABLE} naming the artifact to add if none is on the class path
     */
    public ContainerRuntimeProvider select(String id) {
        return find(id).orElseThrow(() -> new ContainerRuntimeException(ContainerRuntimeException.Reason.RUNTIME_UNAVAILABLE,
                missingMessage(id)));
    }

    /**
     * Creates a runtime with the provider of that id, which must be available.
     *
     * @throws ContainerRuntimeException {@code RUNTIME_UNAVAILABLE} if it is missing or unavailable (with its reason)
     */
    public ContainerRuntime create(String id, Map<String, String> config) {
        ContainerRuntimeProvider provider = select(id);
        ContainerRuntimeProvider.Availability availability = provider.availability();
        if (!availability.available()) {
            throw new ContainerRuntimeException(ContainerRuntimeException.Reason.RUNTIME_UNAVAILABLE,
                    "Container runtime '" + id + "' is not available: " + availability.reason());
        }
        return provider.create(config);
    }

    /**
     * The available provider of highest priority; warns when two share it.
     *
     * @throws ContainerRuntimeException {@code RUNTIME_UNAVAILABLE} listing each provider's reason if none is available
     */
    public ContainerRuntimeProvider selectBest() {
        List<ContainerRuntimeProvider> available = new ArrayList<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (ContainerRuntimeProvider p : providers) {
            ContainerRuntimeProvider.Availability a = p.availability();
            if (a.available()) {
                available.add(p);
            } else {
                reasons.put(p.id(), a.reason());
            }
        }
        if (available.isEmpty()) {
            String detail = reasons.isEmpty()
                    ? "no provider is on the class path; add one of " + String.join(", ", KNOWN_ARTIFACTS.values())
                    : reasons.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
            throw new ContainerRuntimeException(ContainerRuntimeException.Reason.RUNTIME_UNAVAILABLE,
                    "No container runtime is available: " + detail);
        }
        if (available.size() > 1 && available.get(0).priority() == available.get(1).priority()) {
            LOG.warn("Container runtimes '{}' and '{}' share priority {}; using '{}'. Select one by id to be explicit.",
                    available.get(0).id(), available.get(1).id(), available.get(0).priority(), available.get(0).id());
        }
        return available.get(0);
    }

    private String missingMessage(String id) {
        String present = providers.isEmpty() ? "none"
                : providers.stream().map(ContainerRuntimeProvider::id).collect(Collectors.joining(", "));
        String artifact = KNOWN_ARTIFACTS.get(id);
        String hint = artifact != null
                ? "add the dependency " + artifact + " to the class path"
                : "add the jar of a provider with that id (listed in META-INF/services/" + ContainerRuntimeProvider.class.getName() + ")";
        return "No container runtime provider with id '" + id + "' on the class path (found: " + present + "); " + hint;
    }
}
