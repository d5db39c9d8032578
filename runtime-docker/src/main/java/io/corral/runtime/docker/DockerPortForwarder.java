package io.corral.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.PortForwarder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * {@code kubectl port-forward} on Docker: runs busybox {@code nc 127.0.0.1 <port>} inside the pod's
 * pause container (which shares the pod's network namespace, loopback included) with the caller's
 * stream as its standard input and its output copied back, through the exec API. Needs {@code nc} in
 * the pause image, which the default one has; with another pause image it fails with {@code UNSUPPORTED}.
 */
final class DockerPortForwarder implements PortForwarder {
    private final DockerContainerRuntime runtime;
    private final DockerClients clients;

    DockerPortForwarder(DockerContainerRuntime runtime, DockerClients clients) {
        this.runtime = runtime;
        this.clients = clients;
    }

    @Override
    public void portForward(ContainerId sandboxId, int port, InputStream in, OutputStream out) {
        if (port < 1 || port > 65535) {
            throw ContainerRuntimeException.invalidArgument("port", "must be in 1..65535, was " + port);
        }
        if (in == null || out == null) {
            throw ContainerRuntimeException.invalidArgument(in == null ? "in" : "out", "must not be null");
        }
        InspectContainerResponse sandbox;
        try {
            sandbox = runtime.inspectOurs(sandboxId);
        } catch (ContainerRuntimeException e) {
            if (e.reason() == Reason.CONTAINER_NOT_FOUND) {
                throw new ContainerRuntimeException(Reason.POD_NOT_FOUND, "no pod sandbox " + sandboxId, e);
            }
            throw e;
        }
        var labels = sandbox.getConfig().getLabels();
        if (!DockerLabels.TYPE_SANDBOX.equals(labels.get(DockerLabels.CONTAINER_TYPE))) {
            throw new ContainerRuntimeException(Reason.POD_NOT_FOUND, sandboxId + " is a container, not a pod sandbox");
        }
        if (!Boolean.TRUE.equals(sandbox.getState().getRunning())) {
            throw new ContainerRuntimeException(Reason.POD_NOT_FOUND, "the sandbox " + sandboxId + " is not running");
        }
        if (!DockerRuntimeConfig.DEFAULT_PAUSE_IMAGE.equals(labels.get(DockerLabels.CONTAINER_IMAGE))) {
            throw ContainerRuntimeException.unsupported("port forwarding with pause image " + labels.get(DockerLabels.CONTAINER_IMAGE));
        }
        List<String> command = List.of("nc", "127.0.0.1", Integer.toString(port));
        String execId;
        try {
            execId = clients.quick().execCreateCmd(sandboxId.id()).withCmd(command.toArray(String[]::new))
                    .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true).exec().getId();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "port-forward to port " + port + " of " + sandboxId);
        }
        Copier copier = new Copier(out);
        try {
            clients.streaming().execStartCmd(execId).withStdIn(in).exec(copier);
            copier.awaitCompletion();
        } catch (InterruptedException e) {
            copier.closeQuietly();
            throw DockerErrors.interrupted("port-forward to port " + port + " of " + sandboxId);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "port-forward to port " + port + " of " + sandboxId);
        }
        if (copier.writeFailure != null) {
            throw new ContainerRuntimeException(Reason.INTERNAL, "port-forward to port " + port + ": writing to the caller failed: "
                    + copier.writeFailure, copier.writeFailure);
        }
        Long exit = clients.quick().inspectExecCmd(execId).exec().getExitCodeLong();
        if (exit != null && exit != 0 && copier.bytes == 0) {
            throw new ContainerRuntimeException(Reason.INTERNAL, "port-forward: connecting to port " + port + " in pod sandbox "
                    + sandboxId + " failed: " + copier.stderr.toString(java.nio.charset.StandardCharsets.UTF_8).trim());
        }
    }

    private static final class Copier extends ResultCallback.Adapter<Frame> {
        private final OutputStream out;
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        private volatile long bytes;
        private volatile IOException writeFailure;

        Copier(OutputStream out) {
            this.out = out;
        }

        @Override
        public void onNext(Frame frame) {
            if (frame.getStreamType() == StreamType.STDERR) {
                stderr.writeBytes(frame.getPayload());
                return;
            }
            try {
                out.write(frame.getPayload());
                out.flush();
                bytes += frame.getPayload().length;
            } catch (IOException e) {
                writeFailure = e;
                closeQuietly();
            }
        }

        void closeQuietly() {
            try {
                close();
            } catch (IOException e) {
                // Abandoning the connection anyway.
            }
        }
    }
}
