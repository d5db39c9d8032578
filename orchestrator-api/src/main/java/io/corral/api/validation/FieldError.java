package io.corral.api.validation;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One broken rule: the field at fault, the kind of error, the bad value and the rule.
 *
 * @param type     what kind of error
 * @param field    the field at fault
 * @param badValue the rejected value, may be null (for {@link Type#REQUIRED})
 * @param detail   the rule that was broken, in words
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record FieldError(Type type, FieldPath field, Object badValue, String detail) {

    /** Kinds of field errors, with Kubernetes' cause reasons. */
    public enum Type {
        REQUIRED("FieldValueRequired", "Required value"),
        INVALID("FieldValueInvalid", "Invalid value"),
        NOT_SUPPORTED("FieldValueNotSupported", "Unsupported value"),
        DUPLICATE("FieldValueDuplicate", "Duplicate value"),
        TOO_LONG("FieldValueTooLong", "Too long"),
        TOO_MANY("FieldValueTooMany", "Too many"),
        FORBIDDEN("FieldValueForbidden", "Forbidden"),
        NOT_FOUND("FieldValueNotFound", "Not found");

        private final String causeReason;
        private final String label;

        Type(String causeReason, String label) {
            this.causeReason = causeReason;
            this.label = label;
        }

        /** The {@code reason} of a Kubernetes {@code StatusCause}, e.g. {@code FieldValueInvalid}. */
        public String causeReason() {
            return causeReason;
        }

        /** How the error reads in a message, e.g. {@code Invalid value}. */
        public String label() {
            return label;
        }
    }

    public FieldError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(field, "field");
    }

    public static FieldError required(FieldPath field, String detail) {
        return new FieldError(Type.REQUIRED, field, null, detail);
    }

    public static FieldError invalid(FieldPath field, Object badValue, String detail) {
        return new FieldError(Type.INVALID, field, badValue, detail);
    }

    public static FieldError tooLong(FieldPath field, Object badValue, int max) {
        return new FieldError(Type.TOO_LONG, field, badValue, "must have at most " + max + " bytes");
    }

    public static FieldError notSupported(FieldPath field, Object badValue, java.util.Collection<String> supported) {
        return new FieldError(Type.NOT_SUPPORTED, field, badValue, "supported values: " + String.join(", ", supported));
    }

    public static FieldError duplicate(FieldPath field, Object badValue) {
        return new FieldError(Type.DUPLICATE, field, badValue, null);
    }

    public static FieldError forbidden(FieldPath field, String detail) {
        return new FieldError(Type.FORBIDDEN, field, null, detail);
    }

    /** The error as Kubernetes prints it: {@code spec.containers[0].image: Required value}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(field).append(": ").append(type.label());
        if (badValue != null && type != Type.REQUIRED && type != Type.FORBIDDEN) {
            sb.append(": \"").append(badValue).append('"');
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }
}
