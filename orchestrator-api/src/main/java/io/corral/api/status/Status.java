package io.corral.api.status;

import org.apiguardian.api.API;

/**
 * The meta/v1 {@code Status} kind: the body of every error response, as Kubernetes sends it.
 *
 * @param status  {@code "Success"} or {@code "Failure"}
 * @param message human-readable description
 * @param reason  machine-readable reason, a {@link StatusReason#wireName()}; may be null on success
 * @param details details, may be null
 * @param code    the HTTP status code
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Status(String status, String message, String reason, StatusDetails details, int code) {
    public static final String API_VERSION = "v1";
    public static final String KIND = "Status";

    /** A failure status for an exception. */
    public static Status of(ApiException e) {
        return new Status("Failure", e.getMessage(), e.reason().wireName(), e.details(), e.reason().code());
    }

    /** A success status, as returned by some deletes. */
    public static Status success(StatusDetails details) {
        return new Status("Success", null, null, details, 200);
    }
}
