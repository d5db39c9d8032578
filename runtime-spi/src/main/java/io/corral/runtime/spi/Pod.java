package io.corral.runtime.spi;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * A pod as the runtime knows it: the containers and sandboxes it found carrying the pod's uid.
 *
 * @param uid        the pod uid; non-blank
 * @param name       the pod name; non-null (may be empty if the runtime lost it)
 * @param namespace  the pod namespace; non-null
 * @param containers the application and init containers; immutable
 * @param sandboxes  the pod sandboxes (network/IPC holders); immutable, usually one
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Pod(String uid, String name, String namespace, List<Container> containers, List<Container> sandboxes) {
    public Pod {
        Checks.notBlank(uid, "pod.uid");
        Checks.notNull(name, "pod.name");
        Checks.notNull(namespace, "pod.namespace");
        containers = Checks.list(containers, "pod.containers");
        sandboxes = Checks.list(sandboxes, "pod.sandboxes");
    }

    /** The first container with that name, if any. */
    public Optional<Container> findContainer(String containerName) {
        return containers.stream().filter(c -> c.name().equals(containerName)).findFirst();
    }

    /** Whether nothing of the pod is left. */
    public boolean isEmpty() {
        return containers.isEmpty() && sandboxes.isEmpty();
    }
}
