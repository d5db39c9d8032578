package io.corral.api.validation;

import io.corral.api.status.ApiException;
import io.corral.api.status.StatusCause;
import io.corral.api.status.StatusDetails;
import io.corral.api.status.StatusReason;
import java.util.List;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * An object broke one or more validation rules. Carries every {@link FieldError} at once,
 * and maps to a 422 {@code Invalid} status with one cause per field.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class InvalidObjectException extends ApiException {
    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    public InvalidObjectException(String kind, String name, List<FieldError> errors) {
        super(StatusReason.INVALID, message(kind, name, errors), details(kind, name, errors));
        this.errors = List.copyOf(errors);
    }

    /** Throws when {@code errors} is not empty. */
    public static void throwIfAny(String kind, String name, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidObjectException(kind, name, errors);
        }
    }

    public List<FieldError> errors() {
        return errors;
    }

    private static String message(String kind, String name, List<FieldError> errors) {
        return kind + " \"" + (name == null ? "" : name) + "\" is invalid: "
                + errors.stream().map(FieldError::toString).collect(Collectors.joining(", "));
    }

    private static StatusDetails details(String kind, String name, List<FieldError> errors) {
        List<StatusCause> causes = errors.stream()
                .map(e -> new StatusCause(e.type().causeReason(), e.toString(), e.field().toString()))
                .toList();
        return new StatusDetails(name, null, kind, null, causes, 0);
    }
}
