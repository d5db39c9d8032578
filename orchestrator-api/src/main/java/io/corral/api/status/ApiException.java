package io.corral.api.status;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The one unchecked root of every API error: what happened, with a {@link StatusReason}
 * that maps to the HTTP status in one place, and optional {@link StatusDetails}
 * (the object concerned and a cause per invalid field).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final StatusReason reason;
    private final transient StatusDetails details;

    public ApiException(StatusReason reason, String message) {
        this(reason, message, null, null);
    }

    public ApiException(StatusReason reason, String message, StatusDetails details) {
        this(reason, message, details, null);
    }

    public ApiException(StatusReason reason, String message, StatusDetails details, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.details = details;
    }

    /** An exception carrying the reason, message and details of a {@link Status}. */
    public static ApiException of(Status status) {
        return new ApiException(StatusReason.fromWireName(status.reason()), status.message(), status.details());
    }

    public static ApiException notFound(String kind, String name) {
        return new ApiException(StatusReason.NOT_FOUND, kind + " \"" + name + "\" not found",
                new StatusDetails(name, null, kind, null, List.of(), 0));
    }

    public static ApiException alreadyExists(String kind, String name) {
        return new ApiException(StatusReason.ALREADY_EXISTS, kind + " \"" + name + "\" already exists",
                new StatusDetails(name, null, kind, null, List.of(), 0));
    }

    public static ApiException conflict(String kind, String name, String why) {
        return new ApiException(StatusReason.CONFLICT,
                "Operation cannot be fulfilled on " + kind + " \"" + name + "\": " + why,
                new StatusDetails(name, null, kind, null, List.of(), 0));
    }

    public static ApiException badRequest(String message) {
        return new ApiException(StatusReason.BAD_REQUEST, message);
    }

    public StatusReason reason() {
        return reason;
    }

    /** The details, or null. */
    public StatusDetails details() {
        return details;
    }

    /** The HTTP status code of {@link #reason()}. */
    public int code() {
        return reason.code();
    }
}
