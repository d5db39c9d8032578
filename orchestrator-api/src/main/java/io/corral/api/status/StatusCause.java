package io.corral.api.status;

import org.apiguardian.api.API;

/**
 * One cause of a failure, usually one invalid field.
 *
 * @param reason  machine-readable cause, e.g. {@code FieldValueInvalid}
 * @param message human-readable description
 * @param field   the field path at fault, e.g. {@code spec.containers[1].image}; may be null
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record StatusCause(String reason, String message, String field) {
}
