package io.corral.runtime.spi;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What the runtime knows about a pod: its sandboxes and every container instance it still keeps,
 * newest first per name. An unknown pod has an {@linkplain #empty(String, String, String) empty} status.
 *
 * @param uid        the pod uid; non-blank
 * @param name       the pod name; non-null
 * @param namespace  the pod namespace; non-null
 * @param ips        the pod IPs, primary first; immutable, may be empty
 * @param sandboxes  the sandboxes, newest first; immutable
 * @param containers the container instances (application and init), newest first per name; immutable
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PodStatus(String uid, String name, String namespace, List<String> ips, List<SandboxStatus> sandboxes,
                        List<ContainerStatus> containers) {
    public PodStatus {
        Checks.notBlank(uid, "podStatus.uid");
        Checks.notNull(name, "podStatus.name");
        Checks.notNull(namespace, "podStatus.namespace");
        ips = Checks.list(ips, "podStatus.ips");
        sandboxes = Checks.list(sandboxes, "podStatus.sandboxes");
        containers = Checks.list(containers, "podStatus.containers");
    }

    /** The status of a pod the runtime knows nothing about. */
    public static PodStatus empty(String uid, String name, String namespace) {
        return new PodStatus(uid, name, namespace, List.of(), List.of(), List.of());
    }

    /** Whether the runtime knows nothing of the pod. */
    public boolean isEmpty() {
        return sandboxes.isEmpty() && containers.isEmpty();
    }

    /**
     * The newest instance of the named container: the one with the latest creation time, or the
     * first listed if times are unknown.
     */
    public Optional<ContainerStatus> findContainer(String containerName) {
        return containers.stream()
                .filter(c -> c.name().equals(containerName))
                .reduce((a, b) -> newer(b, a) ? b : a);
    }

    /** Whether some instance of the named container is running. */
    public boolean isRunning(String containerName) {
        return containers.stream().anyMatch(c -> c.name().equals(containerName) && c.state() == ContainerState.RUNNING);
    }

    private static boolean newer(ContainerStatus candidate, ContainerStatus current) {
        if (candidate.createdAt() == null || current.createdAt() == null) {
            return false;
        }
        return Comparator.<java.time.Instant>naturalOrder().compare(candidate.createdAt(), current.createdAt()) > 0;
    }
}
