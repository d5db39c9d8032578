package io.corral.api.status;

import org.apiguardian.api.API;

/**
 * Why an API operation failed, with the HTTP status code Kubernetes uses for it.
 * The {@link #wireName()} is the {@code reason} field of a {@link Status}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum StatusReason {
    BAD_REQUEST("BadRequest", 400),
    UNAUTHORIZED("Unauthorized", 401),
    FORBIDDEN("Forbidden", 403),
    NOT_FOUND("NotFound", 404),
    METHOD_NOT_ALLOWED("MethodNotAllowed", 405),
    NOT_ACCEPTABLE("NotAcceptable", 406),
    ALREADY_EXISTS("AlreadyExists", 409),
    CONFLICT("Conflict", 409),
    GONE("Gone", 410),
    /** A resourceVersion older than the retained history; Kubernetes sends it with 410. */
    EXPIRED("Expired", 410),
    REQUEST_ENTITY_TOO_LARGE("RequestEntityTooLarge", 413),
    UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType", 415),
    INVALID("Invalid", 422),
    TOO_MANY_REQUESTS("TooManyRequests", 429),
    INTERNAL_ERROR("InternalError", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailable", 503),
    TIMEOUT("Timeout", 504),
    SERVER_TIMEOUT("ServerTimeout", 500);

    private final String wireName;
    private final int code;

    StatusReason(String wireName, int code) {
        this.wireName = wireName;
        this.code = code;
    }

    /** The reason as Kubernetes spells it on the wire, e.g. {@code NotFound}. */
    public String wireName() {
        return wireName;
    }

    /** The HTTP status code for this reason. */
    public int code() {
        return code;
    }

    /** The reason for a wire name, or {@link #INTERNAL_ERROR} when unknown. */
    public static StatusReason fromWireName(String name) {
        for (StatusReason r : values()) {
            if (r.wireName.equals(name)) {
                return r;
            }
        }
        return INTERNAL_ERROR;
    }
}
