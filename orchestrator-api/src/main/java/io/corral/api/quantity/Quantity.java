package io.corral.api.quantity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * A Kubernetes resource quantity such as {@code 500m} (CPU), {@code 128Mi} or {@code 1G} (memory),
 * {@code 2e3} or {@code 0.1}: an exact decimal value and the format family it was written in.
 * <ul>
 *   <li>{@link Format#BINARY_SI}: {@code Ki Mi Gi Ti Pi Ei} (powers of 1024);</li>
 *   <li>{@link Format#DECIMAL_SI}: {@code n u m "" k M G T P E} (powers of 1000), also plain numbers;</li>
 *   <li>{@link Format#DECIMAL_EXPONENT}: {@code e<n>} or {@code E<n>}.</li>
 * </ul>
 * Values finer than a nano-unit are rounded up, as Kubernetes does. Equality and ordering are by
 * value only ({@code 1000m} equals {@code 1}, {@code 1Ki} equals {@code 1024}); {@link #toString()}
 * prints the canonical form in the quantity's format family, e.g. {@code 1.5} prints {@code 1500m},
 * {@code 1024Mi} prints {@code 1Gi}. Immutable and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Quantity implements Comparable<Quantity> {

    /** The format family a quantity is printed in. */
    public enum Format { BINARY_SI, DECIMAL_SI, DECIMAL_EXPONENT }

    /** Zero, printed {@code 0}. */
    public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI);

    private static final Pattern SYNTAX =
            Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))([eE][+-]?[0-9]+|[KMGTPE]i|[numkMGTPE])?");
    private static final int MAX_EXPONENT = 1000;
    private static final int NANO_SCALE = 9;
    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigInteger K1024 = BigInteger.valueOf(1024);

    private final BigDecimal value;
    private final Format format;

    private Quantity(BigDecimal value, Format format) {
        this.value = value;
        this.format = format;
    }

    /**
     * Parses a quantity.
     *
     * @throws IllegalArgumentException naming {@code text} when it is not a quantity
     */
    public static Quantity parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("quantity must not be null");
        }
        String s = text.strip();
        Matcher m = SYNTAX.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("invalid quantity \"" + text
                    + "\": expected a number with an optional suffix (e.g. 500m, 1.5, 128Mi, 1G, 2e3)");
        }
        BigDecimal number = new BigDecimal(m.group(1).startsWith(".") || m.group(1).startsWith("-.")
                || m.group(1).startsWith("+.") ? m.group(1).replace(".", "0.") : m.group(1));
        String suffix = m.group(2) == null ? "" : m.group(2);
        Format format;
        BigDecimal value;
        if (suffix.length() == 2 && suffix.charAt(1) == 'i') {
            int power = "KMGTPE".indexOf(suffix.charAt(0)) + 1;
            format = Format.BINARY_SI;
            value = number.multiply(new BigDecimal(K1024.pow(power)));
        } else if (suffix.length() > 1 || (suffix.length() == 1 && (suffix.charAt(0) == 'e'))) {
            int exp;
            try {
                exp = Integer.parseInt(suffix.substring(1));
            } catch (NumberFormatException e) {
                exp = Integer.MAX_VALUE;
            }
            if (Math.abs(exp) > MAX_EXPONENT) {
                throw new IllegalArgumentException("invalid quantity \"" + text + "\": exponent out of range");
            }
            format = Format.DECIMAL_EXPONENT;
            value = number.scaleByPowerOfTen(exp);
        } else {
            format = Format.DECIMAL_SI;
            value = number.scaleByPowerOfTen(decimalExponent(suffix));
        }
        return new Quantity(normalise(value), format);
    }

    /** A quantity of {@code value} in the given format family, rounded up to a nano-unit. */
    public static Quantity of(BigDecimal value, Format format) {
        return new Quantity(normalise(Objects.requireNonNull(value, "value")), Objects.requireNonNull(format, "format"));
    }

    /** A decimal quantity of milli-units, e.g. CPU millicores: {@code ofMillis(500)} is {@code 500m}. */
    public static Quantity ofMillis(long millis) {
        return of(BigDecimal.valueOf(millis, 3), Format.DECIMAL_SI);
    }

    /** A binary quantity of bytes: {@code ofBytes(134217728)} is {@code 128Mi}. */
    public static Quantity ofBytes(long bytes) {
        return of(BigDecimal.valueOf(bytes), Format.BINARY_SI);
    }

    private static int decimalExponent(String suffix) {
        return switch (suffix) {
            case "n" -> -9;
            case "u" -> -6;
            case "m" -> -3;
            case "" -> 0;
            case "k" -> 3;
            case "M" -> 6;
            case "G" -> 9;
            case "T" -> 12;
            case "P" -> 15;
            case "E" -> 18;
            default -> throw new IllegalStateException("unreachable suffix " + suffix);
        };
    }

    private static BigDecimal normalise(BigDecimal v) {
        BigDecimal r = v.scale() > NANO_SCALE ? v.setScale(NANO_SCALE, RoundingMode.CEILING) : v;
        return r.signum() == 0 ? BigDecimal.ZERO : r.stripTrailingZeros();
    }

    /** The exact value in base units (cores, bytes), at most nano precision. */
    public BigDecimal value() {
        return value;
    }

    /** The format family this quantity prints in. */
    public Format format() {
        return format;
    }

    /** The value in milli-units, rounded up (Kubernetes' {@code MilliValue}): {@code 0.1} is 100. */
    public long milliValue() {
        return value.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The value in whole base units, rounded up (Kubernetes' {@code Value}): {@code 128Mi} is 134217728 bytes. */
    public long longValue() {
        return value.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The sum, in this quantity's format family. */
    public Quantity add(Quantity other) {
        return new Quantity(normalise(value.add(other.value)), format);
    }

    /** The difference, in this quantity's format family. */
    public Quantity subtract(Quantity other) {
        return new Quantity(normalise(value.subtract(other.value)), format);
    }

    /** -1, 0 or 1 as the value is negative, zero or positive. */
    public int signum() {
        return value.signum();
    }

    @Override
    public int compareTo(Quantity o) {
        return value.compareTo(o.value);
    }

    /** Equal by value, whatever the format. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity other && value.compareTo(other.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** The canonical form, as Kubernetes prints it, e.g. {@code 1500m}, {@code 1Gi}, {@code 2e3}. */
    @Override
    public String toString() {
        if (value.signum() == 0) {
            return "0";
        }
        if (format == Format.BINARY_SI && value.abs().compareTo(BigDecimal.valueOf(1024)) >= 0 && isInteger()) {
            BigInteger n = value.toBigIntegerExact();
            int exp = 0;
            while (exp < BINARY_SUFFIXES.length - 1 && n.mod(K1024).signum() == 0) {
                n = n.divide(K1024);
                exp++;
            }
            return n + BINARY_SUFFIXES[exp];
        }
        BigInteger mantissa = value.unscaledValue();
        int exp = -value.scale();
        while (Math.floorMod(exp, 3) != 0) {
            mantissa = mantissa.multiply(BigInteger.TEN);
            exp--;
        }
        if (format == Format.DECIMAL_EXPONENT) {
            return exp == 0 ? mantissa.toString() : mantissa + "e" + exp;
        }
        if (exp > 18) {
            mantissa = mantissa.multiply(BigInteger.TEN.pow(exp - 18));
            exp = 18;
        }
        String suffix = switch (exp) {
            case -9 -> "n";
            case -6 -> "u";
            case -3 -> "m";
            case 0 -> "";
            case 3 -> "k";
            case 6 -> "M";
            case 9 -> "G";
            case 12 -> "T";
            case 15 -> "P";
            default -> "E";
        };
        return mantissa + suffix;
    }

    private boolean isInteger() {
        return value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0;
    }
}
