package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * A port a container listens on, optionally published on the host.
 *
 * @param containerPort the port inside the pod network namespace, 1..65535
 * @param hostPort      the host port to publish on, 1..65535, or 0 for none
 * @param protocol      the protocol; non-null
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PortMapping(int containerPort, int hostPort, Protocol protocol) {
    /** Transport protocol of a port. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public enum Protocol { TCP, UDP, SCTP }

    public PortMapping {
        if (containerPort < 1 || containerPort > 65535) {
            throw ContainerRuntimeException.invalidArgument("port.containerPort", "must be in 1..65535, was " + containerPort);
        }
        if (hostPort < 0 || hostPort > 65535) {
            throw ContainerRuntimeException.invalidArgument("port.hostPort", "must be in 0..65535, was " + hostPort);
        }
        Checks.notNull(protocol, "port.protocol");
    }

    /** A TCP port that is not published on the host. */
    public static PortMapping tcp(int containerPort) {
        return new PortMapping(containerPort, 0, Protocol.TCP);
    }
}
