package io.corral.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.corral.runtime.spi.ContainerCommandRunner;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.ExecResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code docker exec}: creates an exec instance, streams its output and reads its exit code.
 * On timeout the output stream is closed and {@code TIMEOUT} raised; the engine has no way to kill
 * an exec'd process, so it runs on in the container until it ends by itself.
 */
final class DockerCommandRunner implements ContainerCommandRunner {
    private final DockerContainerRuntime runtime;
    private final DockerClients clients;

    DockerCommandRunner(DockerContainerRuntime runtime, DockerClients clients) {
        this.runtime = runtime;
        this.clients = clients;
    }

    @Override
    public ExecResult runInContainer(ContainerId containerId, List<String> command, Duration timeout) {
        if (command == null || command.isEmpty()) {
            throw ContainerRuntimeException.invalidArgument("command", "must not be empty");
        }
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            throw ContainerRuntimeException.invalidArgument("timeout", "must be positive, was " + timeout);
        }
        InspectContainerResponse container = runtime.inspectOurs(containerId);
        if (!Boolean.TRUE.equals(container.getState().getRunning())) {
            throw new ContainerRuntimeException(Reason.CONTAINER_NOT_RUNNING, "cannot run " + command + " in container "
                    + containerId + ": it is " + container.getState().getStatus());
        }
        String execId;
        try {
            execId = clients.quick().execCreateCmd(containerId.id()).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
        } catch (NotFoundException e) {
            throw DockerErrors.notFound(containerId, e);
        } catch (ConflictException e) {
            throw new ContainerRuntimeException(Reason.CONTAINER_NOT_RUNNING, "cannot run " + command + " in container "
                    + containerId + ": " + DockerErrors.message(e), e);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "exec " + command + " in container " + containerId);
        }
        Collector output = new Collector();
        try {
            clients.streaming().execStartCmd(execId).exec(output);
            if (!output.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                output.closeQuietly();
                throw new ContainerRuntimeException(Reason.TIMEOUT, "command " + command + " in container " + containerId
                        + " did not finish within " + timeout);
            }
        } catch (InterruptedException e) {
            output.closeQuietly();
            throw DockerErrors.interrupted("command " + command + " in container " + containerId);
        } catch (ContainerRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DockerErrors.map(e, "exec " + command + " in container " + containerId);
        }
        return new ExecResult(exitCode(execId, command, containerId), output.stdout.toByteArray(), output.stderr.toByteArray());
    }

    private int exitCode(String execId, List<String> command, ContainerId containerId) {
        // The stream may end a moment before the engine records the exit code.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            InspectExecResponse inspect;
            try {
                inspect = clients.quick().inspectExecCmd(execId).exec();
            } catch (RuntimeException e) {
                throw DockerErrors.map(e, "inspect the exec of " + command + " in container " + containerId);
            }
            if (!Boolean.TRUE.equals(inspect.isRunning()) && inspect.getExitCodeLong() != null) {
                return inspect.getExitCodeLong().intValue();
            }
            if (System.nanoTime() > deadline) {
                throw new ContainerRuntimeException(Reason.TIMEOUT, "command " + command + " in container " + containerId
                        + " closed its output but reported no exit code");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw DockerErrors.interrupted("command " + command + " in container " + containerId);
            }
        }
    }

    private static final class Collector extends ResultCallback.Adapter<Frame> {
        private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        @Override
        public synchronized void onNext(Frame frame) {
            (frame.getStreamType() == StreamType.STDERR ? stderr : stdout).writeBytes(frame.getPayload());
        }

        void closeQuietly() {
            try {
                close();
            } catch (IOException e) {
                // Abandoning the stream anyway.
            }
        }
    }
}
