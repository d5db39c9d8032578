package io.corral.runtime.spi;

import java.io.InputStream;
import java.io.OutputStream;
import org.apiguardian.api.API;

/** Forwards a port of a pod's network namespace to the caller: {@code kubectl port-forward}. Thread-safe. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface PortForwarder {

    /**
     * Connects to {@code port} on the pod's loopback and copies {@code in} to it and its answers to
     * {@code out}, blocking until the pod side closes the connection or the thread is interrupted.
     * The end of {@code in} half-closes the connection (answers still arrive). Does not close the streams.
     *
     * @param sandboxId the pod's sandbox ({@link ContainerRuntime#getPodContainerId(Pod)})
     * @param port      the port inside the pod, 1..65535
     * @throws ContainerRuntimeException {@code POD_NOT_FOUND}, {@code INTERRUPTED}, {@code INTERNAL} when the connection fails
     */
    void portForward(ContainerId sandboxId, int port, InputStream in, OutputStream out);
}
