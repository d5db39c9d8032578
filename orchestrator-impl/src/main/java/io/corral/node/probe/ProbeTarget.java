package io.corral.node.probe;

import io.corral.api.model.core.ContainerPort;
import io.corral.runtime.spi.ContainerId;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The container a probe is run against.
 *
 * @param containerId the running container instance; non-null
 * @param podIp       the pod's IP, the default host of HTTP and TCP probes; nullable
 * @param ports       the container's declared ports, for named probe ports; immutable
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ProbeTarget(ContainerId containerId, String podIp, List<ContainerPort> ports) {
    public ProbeTarget {
        Objects.requireNonNull(containerId, "containerId");
        ports = List.copyOf(ports);
    }
}
