package io.corral.runtime.spi;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The one unchecked root of every error a {@link ContainerRuntime} reports: what happened,
 * with a {@link Reason} a caller can act on without parsing the message.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ContainerRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a runtime operation failed. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public enum Reason {
        /** An image could not be pulled (registry unreachable, denied, bad credentials). */
        IMAGE_PULL_FAILED,
        /** An image is not present and may not or could not be pulled. */
        IMAGE_NOT_FOUND,
        /** No container with the given id exists. */
        CONTAINER_NOT_FOUND,
        /** No pod with the given uid exists. */
        POD_NOT_FOUND,
        /** The container is not in a state that allows the operation (e.g. exec in an exited container). */
        CONTAINER_NOT_RUNNING,
        /** The runtime (daemon, socket, binary) cannot be reached or is not ready. */
        RUNTIME_UNAVAILABLE,
        /** An operation did not finish within its time limit. */
        TIMEOUT,
        /** The caller passed something invalid; the message names the field at fault. */
        INVALID_ARGUMENT,
        /** The runtime does not support the operation or option (see {@link Capabilities}). */
        UNSUPPORTED,
        /** The calling thread was interrupted while waiting. */
        INTERRUPTED,
        /** Anything else: a bug or an unexpected runtime answer. */
        INTERNAL
    }

    private final Reason reason;

    public ContainerRuntimeException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ContainerRuntimeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The reason; never null. */
    public Reason reason() {
        return reason;
    }

    public static ContainerRuntimeException invalidArgument(String field, String problem) {
        return new ContainerRuntimeException(Reason.INVALID_ARGUMENT, field + ": " + problem);
    }

    public static ContainerRuntimeException containerNotFound(ContainerId id) {
        return new ContainerRuntimeException(Reason.CONTAINER_NOT_FOUND, "container " + id + " not found");
    }

    public static ContainerRuntimeException unsupported(String what) {
        return new ContainerRuntimeException(Reason.UNSUPPORTED, what + " is not supported by this runtime");
    }

    @Override
    public String toString() {
        return getClass().getName() + " [" + reason + "]: " + getMessage();
    }
}
