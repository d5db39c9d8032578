package io.corral.api.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Kubernetes' rules for label keys and values, and annotation keys and total size.
 * <ul>
 *   <li>A key is an optional prefix (a DNS-1123 subdomain of at most 253 characters) and
 *       {@code /}, then a name of at most 63 characters: alphanumeric at both ends,
 *       {@code -}, {@code _}, {@code .} inside.</li>
 *   <li>A value is empty, or at most 63 characters of the same alphabet as a name.</li>
 *   <li>Annotations take the same keys; their keys and values total at most 256 KiB.</li>
 * </ul>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Labels {
    /** Longest label value, and longest name part of a key. */
    public static final int NAME_MAX = 63;
    /** Largest total size of an object's annotations, keys and values, in bytes. */
    public static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

    private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private Labels() {
    }

    /** The rules a label or annotation key breaks, if any. */
    public static List<String> keyErrors(String key) {
        List<String> errors = new ArrayList<>(2);
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0 && key.indexOf('/', slash + 1) >= 0) {
            // Kubernetes reports a key with several slashes as one error, not as a bad name part
            errors.add("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start "
                    + "and end with an alphanumeric character, with an optional DNS subdomain prefix and '/' "
                    + "(e.g. 'MyName', or 'my.name', or 'example.com/MyName')");
            return errors;
        }
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()) {
                errors.add("prefix part must be non-empty");
            } else {
                ObjectNames.dns1123SubdomainErrors(prefix).forEach(m -> errors.add("prefix part " + m));
            }
        }
        if (name.isEmpty()) {
            errors.add("name part must be non-empty");
        } else {
            if (name.length() > NAME_MAX) {
                errors.add("name part must be no more than " + NAME_MAX + " characters");
            }
            if (!QUALIFIED_NAME.matcher(name).matches()) {
                errors.add("name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
                        + "and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc')");
            }
        }
        return errors;
    }

    /** The rules a label value breaks, if any. An empty value is valid. */
    public static List<String> valueErrors(String value) {
        List<String> errors = new ArrayList<>(2);
        if (value.length() > NAME_MAX) {
            errors.add("must be no more than " + NAME_MAX + " characters");
        }
        if (!value.isEmpty() && !QUALIFIED_NAME.matcher(value).matches()) {
            errors.add("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345')");
        }
        return errors;
    }

    /** Field errors for a label map at {@code path} (e.g. {@code metadata.labels}). */
    public static List<FieldError> validateLabels(FieldPath path, Map<String, String> labels) {
        List<FieldError> errors = new ArrayList<>();
        labels.forEach((k, v) -> {
            keyErrors(k).forEach(m -> errors.add(FieldError.invalid(path, k, m)));
            String value = v == null ? "" : v;
            valueErrors(value).forEach(m -> errors.add(FieldError.invalid(path.key(k), value, m)));
        });
        return errors;
    }

    /** Field errors for an annotation map at {@code path}: keys, and the total size. */
    public static List<FieldError> validateAnnotations(FieldPath path, Map<String, String> annotations) {
        List<FieldError> errors = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            String k = e.getKey();
            keyErrors(k.toLowerCase(java.util.Locale.ROOT)).forEach(m -> errors.add(FieldError.invalid(path, k, m)));
            total += k.getBytes(StandardCharsets.UTF_8).length;
            if (e.getValue() != null) {
                total += e.getValue().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (total > ANNOTATIONS_MAX_BYTES) {
            errors.add(FieldError.tooLong(path, "", ANNOTATIONS_MAX_BYTES));
        }
        return errors;
    }
}
