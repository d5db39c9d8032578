package io.corral.runtime.docker;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/** Maps docker-java's exceptions to {@link ContainerRuntimeException}s with a reason. */
final class DockerErrors {
    private DockerErrors() {
    }

    /** Maps a failure of an operation ({@code what}, e.g. "inspect container docker://x") to a runtime exception. */
    static ContainerRuntimeException map(RuntimeException e, String what) {
        if (e instanceof ContainerRuntimeException cre) {
            return cre;
        }
        if (isTimeout(e)) {
            return new ContainerRuntimeException(Reason.TIMEOUT, what + " timed out: " + rootMessage(e), e);
        }
        if (isUnreachable(e)) {
            return new ContainerRuntimeException(Reason.RUNTIME_UNAVAILABLE,
                    what + " failed: the Docker engine is unreachable: " + rootMessage(e), e);
        }
        if (e instanceof NotFoundException) {
            return new ContainerRuntimeException(Reason.CONTAINER_NOT_FOUND, what + " failed: " + message(e), e);
        }
        if (e instanceof ConflictException && message(e).contains("is not running")) {
            return new ContainerRuntimeException(Reason.CONTAINER_NOT_RUNNING, what + " failed: " + message(e), e);
        }
        return new ContainerRuntimeException(Reason.INTERNAL, what + " failed: " + message(e), e);
    }

    static ContainerRuntimeException notFound(ContainerId id, RuntimeException cause) {
        return new ContainerRuntimeException(Reason.CONTAINER_NOT_FOUND, "container " + id + " not found", cause);
    }

    static ContainerRuntimeException interrupted(String what) {
        Thread.currentThread().interrupt();
        return new ContainerRuntimeException(Reason.INTERRUPTED, what + " was interrupted");
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException
                    || t.getClass().getName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }

    static boolean isUnreachable(Throwable e) {
        if (e instanceof DockerException) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && !(t instanceof InterruptedIOException)) {
                return true;
            }
        }
        return false;
    }

    /** The engine's message without docker-java's "Status 404: {"message":...}" wrapping. */
    static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int at = m.indexOf("\"message\":\"");
        if (at < 0) {
            return m.trim();
        }
        StringBuilder text = new StringBuilder();
        for (int i = at + 11; i < m.length(); i++) {
            char c = m.charAt(i);
            if (c == '"') {
                return text.toString();
            }
            if (c == '\\' && i + 1 < m.length()) {
                char next = m.charAt(++i);
                text.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> next;
                });
            } else {
                text.append(c);
            }
        }
        return m.trim();
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
