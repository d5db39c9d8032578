package io.corral.api.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Kubernetes' rules for names: DNS-1123 subdomains (object names, at most 253 characters)
 * and DNS-1123 labels (namespace and service names, at most 63 characters).
 * Each check returns the broken rules as messages; an empty list means valid.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ObjectNames {
    /** Longest DNS-1123 label. */
    public static final int DNS1123_LABEL_MAX = 63;
    /** Longest DNS-1123 subdomain. */
    public static final int DNS1123_SUBDOMAIN_MAX = 253;

    private static final String LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final Pattern DNS1123_LABEL = Pattern.compile(LABEL_FMT);
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(LABEL_FMT + "(\\." + LABEL_FMT + ")*");

    private ObjectNames() {
    }

    /** The rules a DNS-1123 label ({@code my-name}, {@code 123-abc}) breaks, if any. */
    public static List<String> dns1123LabelErrors(String value) {
        List<String> errors = new ArrayList<>(2);
        if (value.length() > DNS1123_LABEL_MAX) {
            errors.add("must be no more than " + DNS1123_LABEL_MAX + " characters");
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            errors.add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                    + "and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')");
        }
        return errors;
    }

    /** The rules a DNS-1123 subdomain ({@code example.com}) breaks, if any. */
    public static List<String> dns1123SubdomainErrors(String value) {
        List<String> errors = new ArrayList<>(2);
        if (value.length() > DNS1123_SUBDOMAIN_MAX) {
            errors.add("must be no more than " + DNS1123_SUBDOMAIN_MAX + " characters");
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errors.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'example.com')");
        }
        return errors;
    }

    /** Field errors for {@code value} at {@code path} under the DNS-1123 subdomain rule. */
    public static List<FieldError> validateSubdomain(FieldPath path, String value) {
        return dns1123SubdomainErrors(value).stream().map(m -> FieldError.invalid(path, value, m)).toList();
    }

    /** Field errors for {@code value} at {@code path} under the DNS-1123 label rule. */
    public static List<FieldError> validateLabel(FieldPath path, String value) {
        return dns1123LabelErrors(value).stream().map(m -> FieldError.invalid(path, value, m)).toList();
    }
}
