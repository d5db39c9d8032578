package io.corral.runtime.spi;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletionStage;
import org.apiguardian.api.API;

/**
 * Attaches to the main process of a running container: {@code kubectl attach}. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ContainerAttacher {

    /**
     * Attaches the given streams to the container's main process and returns at once.
     *
     * @param containerId the container; it MUST be running
     * @param stdin       fed to the process's standard input; null to not attach stdin
     * @param stdout      receives standard output (and standard error when {@code tty}); null to not attach
     * @param stderr      receives standard error; null to not attach (ignored when {@code tty})
     * @param tty         whether the container was created with a terminal
     * @return an attachment; closing it detaches without stopping the container
     * @throws ContainerRuntimeException {@code CONTAINER_NOT_FOUND}, {@code CONTAINER_NOT_RUNNING}
     */
    Attachment attach(ContainerId containerId, InputStream stdin, OutputStream stdout, OutputStream stderr, boolean tty);

    /** A live attachment to a container. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    interface Attachment extends AutoCloseable {
        /** Completes when the streams end (the container exited or {@link #close()} was called). */
        CompletionStage<Void> completion();

        /** Detaches; idempotent. */
        @Override
        void close();
    }
}
