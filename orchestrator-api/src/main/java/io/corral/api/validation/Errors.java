package io.corral.api.validation;

import io.corral.api.model.meta.IntOrString;
import io.corral.api.quantity.Quantity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Collects field errors while a validator walks an object, with the checks validators share. */
final class Errors {
    private static final Pattern IANA_SVC_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private final List<FieldError> errors = new ArrayList<>();

    List<FieldError> list() {
        return errors;
    }

    void add(FieldError e) {
        errors.add(e);
    }

    void addAll(Collection<FieldError> es) {
        errors.addAll(es);
    }

    static boolean isBlank(String s) {
        return s == null || s.isEmpty();
    }

    /** False (and a Required error) when {@code value} is absent or empty. */
    boolean required(FieldPath path, Object value) {
        if (value == null || (value instanceof String s && s.isEmpty())
                || (value instanceof Collection<?> c && c.isEmpty()) || (value instanceof Map<?, ?> m && m.isEmpty())) {
            errors.add(FieldError.required(path, ""));
            return false;
        }
        return true;
    }

    void nonNegative(FieldPath path, Number value) {
        if (value != null && value.longValue() < 0) {
            errors.add(FieldError.invalid(path, value, "must be greater than or equal to 0"));
        }
    }

    void positive(FieldPath path, Number value) {
        if (value != null && value.longValue() <= 0) {
            errors.add(FieldError.invalid(path, value, "must be greater than 0"));
        }
    }

    void inRange(FieldPath path, Number value, long min, long max) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            errors.add(FieldError.invalid(path, value, "must be between " + min + " and " + max + ", inclusive"));
        }
    }

    /** A port number 1-65535. */
    void port(FieldPath path, Integer value) {
        inRange(path, value, 1, 65535);
    }

    /** One of {@code supported} when set. */
    void oneOf(FieldPath path, String value, List<String> supported) {
        if (value != null && !supported.contains(value)) {
            errors.add(FieldError.notSupported(path, value, supported));
        }
    }

    void label(FieldPath path, String value) {
        if (value != null) {
            errors.addAll(ObjectNames.validateLabel(path, value));
        }
    }

    void subdomain(FieldPath path, String value) {
        if (value != null) {
            errors.addAll(ObjectNames.validateSubdomain(path, value));
        }
    }

    /** An IANA service name (a named port): at most 15 characters, lowercase alphanumerics and '-', a letter. */
    void portName(FieldPath path, String name) {
        if (name == null) {
            return;
        }
        if (name.length() > 15) {
            errors.add(FieldError.invalid(path, name, "must be no more than 15 characters"));
        }
        if (!IANA_SVC_NAME.matcher(name).matches() || name.contains("--")) {
            errors.add(FieldError.invalid(path, name, "must contain only lowercase alphanumeric characters or '-', "
                    + "start and end with an alphanumeric character, and not contain '--'"));
        }
        if (!HAS_LETTER.matcher(name).matches()) {
            errors.add(FieldError.invalid(path, name, "must contain at least one letter (a-z)"));
        }
    }

    /** A port given as a number (1-65535) or a port name. */
    void portOrName(FieldPath path, IntOrString port) {
        if (!required(path, port)) {
            return;
        }
        if (port.isInt()) {
            port(path, port.intValue());
        } else {
            portName(path, port.strValue());
        }
    }

    /** Non-negative quantities, with their keys qualified names. */
    void quantities(FieldPath path, Map<String, Quantity> map) {
        map.forEach((k, q) -> {
            Labels.keyErrors(k).forEach(m -> errors.add(FieldError.invalid(path, k, m)));
            if (q == null) {
                errors.add(FieldError.required(path.key(k), ""));
            } else if (q.signum() < 0) {
                errors.add(FieldError.invalid(path.key(k), q.toString(), "must be greater than or equal to 0"));
            }
        });
    }

    /** A ConfigMap or Secret key: {@code [-._a-zA-Z0-9]+}, at most 253 characters, not {@code .} or {@code ..}. */
    void configKey(FieldPath path, String key) {
        if (key.length() > ObjectNames.DNS1123_SUBDOMAIN_MAX) {
            errors.add(FieldError.tooLong(path, key, ObjectNames.DNS1123_SUBDOMAIN_MAX));
        }
        if (!CONFIG_KEY.matcher(key).matches() || key.equals(".") || key.equals("..")) {
            errors.add(FieldError.invalid(path, key, "a valid config key must consist of alphanumeric characters, "
                    + "'-', '_' or '.', and must not be '.' or '..'"));
        }
    }

    /** A qualified name (a label key) when set. */
    void qualifiedName(FieldPath path, String value) {
        if (value != null) {
            Labels.keyErrors(value).forEach(m -> errors.add(FieldError.invalid(path, value, m)));
        }
    }
}
