package io.corral.api.model.meta;

import org.apiguardian.api.API;

/**
 * A value that is either an integer or a string on the wire, such as a port
 * ({@code 8080} or {@code http}) or a rolling-update bound ({@code 1} or {@code 25%}).
 * Exactly one of {@link #intValue()} and {@link #strValue()} is non-null.
 *
 * @param intValue the integer, or null
 * @param strValue the string, or null
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record IntOrString(Integer intValue, String strValue) {
    public IntOrString {
        if ((intValue == null) == (strValue == null)) {
            throw new IllegalArgumentException("IntOrString needs exactly one of an int and a string");
        }
    }

    public static IntOrString of(int value) {
        return new IntOrString(value, null);
    }

    public static IntOrString of(String value) {
        return new IntOrString(null, value);
    }

    public boolean isInt() {
        return intValue != null;
    }

    /**
     * Resolves the value against {@code total}: an int as is, {@code "25%"} as a share of
     * {@code total} rounded up ({@code roundUp}) or down, a numeric string as its number.
     *
     * @throws IllegalArgumentException when the string is neither a percentage nor a number
     */
    public int resolve(int total, boolean roundUp) {
        if (intValue != null) {
            return intValue;
        }
        String s = strValue.trim();
        try {
            if (s.endsWith("%")) {
                long pct = Long.parseLong(s.substring(0, s.length() - 1));
                long scaled = pct * total;
                return (int) (roundUp ? -Math.floorDiv(-scaled, 100L) : Math.floorDiv(scaled, 100L));
            }
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid int or percentage: \"" + strValue + "\"", e);
        }
    }

    @Override
    public String toString() {
        return intValue != null ? intValue.toString() : strValue;
    }
}
