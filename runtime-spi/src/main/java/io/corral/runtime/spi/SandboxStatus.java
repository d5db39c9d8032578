package io.corral.runtime.spi;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * The status of a pod sandbox: the holder of the pod's network and IPC namespaces.
 *
 * @param id        the sandbox id; non-null
 * @param ready     whether it is running and its network is set up
 * @param createdAt when it was created; nullable
 * @param ip        the pod IP; nullable (unknown, or host network)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SandboxStatus(ContainerId id, boolean ready, Instant createdAt, String ip) {
    public SandboxStatus {
        Checks.notNull(id, "sandboxStatus.id");
    }
}
