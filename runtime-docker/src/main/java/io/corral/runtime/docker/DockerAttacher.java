package io.corral.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.AttachContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.corral.runtime.spi.ContainerAttacher;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker attach} to a container's main process. Standard input reaches the process only if
 * its container description asked for {@code stdin} (Docker's {@code OpenStdin}); otherwise it is
 * closed, as in Kubernetes by default.
 */
final class DockerAttacher implements ContainerAttacher {
    private final DockerContainerRuntime runtime;
    private final DockerClients clients;
    private final Duration startTimeout;

    DockerAttacher(DockerContainerRuntime runtime, DockerClients clients, Duration startTimeout) {
        this.runtime = runtime;
        this.clients = clients;
        this.startTimeout = startTimeout;
    }

    @Override
    public Attachment attach(ContainerId containerId, InputStream stdin, OutputStream stdout, OutputStream stderr, boolean tty) {
        InspectContainerResponse container = runtime.inspectOurs(containerId);
        if (!Boolean.TRUE.equals(container.getState().getRunning())) {
            throw new ContainerRuntimeException(Reason.CONTAINER_NOT_RUNNING, "cannot attach to container " + containerId
                    + ": it is " + container.getState().getStatus());
        }
        AttachContainerCmd cmd = clients.streaming().attachContainerCmd(containerId.id()).withFollowStream(true)
                .withLogs(false).withStdOut(stdout != null).withStdErr(stderr != null && !tty);
        if (stdin != null) {
            cmd.withStdIn(stdin);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        Forwarder forwarder = new Forwarder(stdout, tty ? stdout : stderr, done, containerId);
        try {
            cmd.exec(forwarder);
            if (!forwarder.awaitStarted(startTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                forwarder.closeQuietly();
                throw new ContainerRuntimeException(Reason.TIMEOUT, "attaching to container " + containerId
                        + " did not start within " + startTimeout);
            }
        } catch (InterruptedException e) {
            forwarder.closeQuietly();
            throw DockerErrors.interrupted("attach to container " + containerId);
        } catch (ContainerRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "attach to container " + containerId);
        }
        return new Attachment() {
            @Override
            public CompletionStage<Void> completion() {
                return done.copy();
            }

            @Override
            public void close() {
                forwarder.closeQuietly();
                done.complete(null);
            }
        };
    }

    private static final class Forwarder extends ResultCallback.Adapter<Frame> {
        private final OutputStream stdout;
        private final OutputStream stderr;
        private final CompletableFuture<Void> done;
        private final ContainerId containerId;

        Forwarder(OutputStream stdout, OutputStream stderr, CompletableFuture<Void> done, ContainerId containerId) {
            this.stdout = stdout;
            this.stderr = stderr;
            this.done = done;
            this.containerId = containerId;
        }

        @Override
        public void onStart(Closeable stream) {
            super.onStart(stream);
        }

        @Override
        public void onNext(Frame frame) {
            OutputStream out = frame.getStreamType() == StreamType.STDERR ? stderr : stdout;
            if (out == null) {
                return;
            }
            try {
                out.write(frame.getPayload());
                out.flush();
            } catch (IOException e) {
                done.completeExceptionally(new ContainerRuntimeException(Reason.INTERNAL,
                        "writing the output of container " + containerId + " failed: " + e, e));
                closeQuietly();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            done.completeExceptionally(throwable instanceof RuntimeException re
                    ? DockerErrors.map(re, "attachment to container " + containerId) : throwable);
            super.onError(throwable);
        }

        @Override
        public void onComplete() {
            done.complete(null);
            super.onComplete();
        }

        void closeQuietly() {
            try {
                close();
            } catch (IOException e) {
                // Detaching anyway.
            }
        }
    }
}
