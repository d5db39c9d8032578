package io.corral.runtime.spi;

import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Runs commands in running containers: {@code kubectl exec} and exec probes. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ContainerCommandRunner {

    /**
     * Runs a command in a container and waits for it, at most {@code timeout}.
     *
     * @param containerId the container; it MUST be running
     * @param command     the command and its arguments, not interpreted by a shell; non-empty
     * @param timeout     the longest to wait; positive
     * @return the exit code and output; a non-zero exit code is a result, not an error
     * @throws ContainerRuntimeException {@code TIMEOUT} if the command did not finish in time (the
     *                                   message names the command and the timeout),
     *                                   {@code CONTAINER_NOT_FOUND}, {@code CONTAINER_NOT_RUNNING}
     */
    ExecResult runInContainer(ContainerId containerId, List<String> command, Duration timeout);
}
