package io.corral.api.labels;

import io.corral.api.validation.Labels;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * One requirement of a parsed label {@link Selector}: {@code key operator values}, for
 * example {@code tier in (backend,cache)}.
 *
 * <p>The constructor checks the whole requirement: the key must be a valid label key and
 * every value a valid label value ({@link Labels}), and the number of values must suit the
 * operator (see {@link Operator}). A broken requirement is rejected with an
 * {@link IllegalArgumentException} naming the rule; text from users should go through
 * {@link Selector#parse(String)} instead, which reports the position of the mistake.
 *
 * <p>Instances are immutable and thread-safe. {@code values} is an unmodifiable set sorted
 * in natural ({@link String#compareTo}) order, so two requirements that select the same
 * objects through the same operator are equal.
 *
 * @param key      the label key, e.g. {@code app} or {@code example.com/tier}
 * @param operator the operator
 * @param values   the values, sorted and without duplicates; empty for {@link Operator#EXISTS}
 *                 and {@link Operator#DOES_NOT_EXIST}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Requirement(String key, Operator operator, SortedSet<String> values)
        implements Comparable<Requirement> {

    /**
     * The operators of Kubernetes' label selector grammar, with how each matches a label set.
     * "Has the key" means the label set contains the requirement's key.
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public enum Operator {
        /** {@code key=value} (also written {@code key==value}): has the key, with that value. One value. */
        EQUALS("="),
        /** {@code key!=value}: lacks the key, or has it with another value. One value. */
        NOT_EQUALS("!="),
        /** {@code key in (a,b)}: has the key, with one of the values. One or more values. */
        IN(" in "),
        /** {@code key notin (a,b)}: lacks the key, or has it with none of the values. One or more values. */
        NOT_IN(" notin "),
        /** {@code key}: has the key, any value. No values. */
        EXISTS(""),
        /** {@code !key}: lacks the key. No values. */
        DOES_NOT_EXIST("!"),
        /**
         * {@code key>5}: has the key, its value is a decimal integer greater than the one value
         * (Kubernetes' {@code Gt}, used by node affinity; not expressible in a {@link LabelSelector}).
         */
        GREATER_THAN(">"),
        /** {@code key<5}: as {@link #GREATER_THAN}, but less than. */
        LESS_THAN("<");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /** How the operator is written between key and value(s), e.g. {@code !=} or {@code " in "}. */
        String symbol() {
            return symbol;
        }
    }

    /**
     * Checks and copies.
     *
     * @throws NullPointerException     if an argument or a value is null
     * @throws IllegalArgumentException if the key or a value is not valid, or the number of
     *                                  values does not suit the operator
     */
    public Requirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(values, "values");
        String problem = problem(key, operator, values);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        // a plain TreeSet: copying the given SortedSet directly would keep its comparator, and with it
        // a foreign order or notion of duplicates
        TreeSet<String> copy = new TreeSet<>();
        copy.addAll(values);
        values = Collections.unmodifiableSortedSet(copy);
    }

    /** {@code key=value}. */
    public static Requirement equal(String key, String value) {
        return of(key, Operator.EQUALS, List.of(value));
    }

    /** {@code key!=value}. */
    public static Requirement notEqual(String key, String value) {
        return of(key, Operator.NOT_EQUALS, List.of(value));
    }

    /** {@code key in (values)}. */
    public static Requirement in(String key, String... values) {
        return of(key, Operator.IN, Arrays.asList(values));
    }

    /** {@code key notin (values)}. */
    public static Requirement notIn(String key, String... values) {
        return of(key, Operator.NOT_IN, Arrays.asList(values));
    }

    /** {@code key}: the key is present. */
    public static Requirement exists(String key) {
        return of(key, Operator.EXISTS, List.of());
    }

    /** {@code !key}: the key is absent. */
    public static Requirement doesNotExist(String key) {
        return of(key, Operator.DOES_NOT_EXIST, List.of());
    }

    /** A requirement from any collection of values; duplicates collapse. */
    public static Requirement of(String key, Operator operator, Collection<String> values) {
        for (String v : values) {
            Objects.requireNonNull(v, "value");
        }
        return new Requirement(key, operator, new TreeSet<>(values));
    }

    /**
     * Whether {@code labels} satisfy this requirement, with Kubernetes' semantics: the negative
     * operators ({@code !=}, {@code notin}, {@code !}) hold for a label set without the key.
     *
     * @param labels the object's labels, not null; a key mapped to null counts as absent
     */
    public boolean matches(Map<String, String> labels) {
        String actual = labels.get(key);
        boolean has = actual != null;
        return switch (operator) {
            case EQUALS, IN -> has && values.contains(actual);
            case NOT_EQUALS, NOT_IN -> !has || !values.contains(actual);
            case EXISTS -> has;
            case DOES_NOT_EXIST -> !has;
            case GREATER_THAN, LESS_THAN -> has && compareNumbers(actual);
        };
    }

    private boolean compareNumbers(String actual) {
        Long have = parseDecimal(actual);
        Long want = parseDecimal(values.first());
        if (have == null || want == null) {
            return false;
        }
        return operator == Operator.GREATER_THAN ? have > want : have < want;
    }

    /** Kubernetes' printed form: {@code key=value}, {@code key in (a,b)}, {@code !key}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        switch (operator) {
            case EXISTS -> sb.append(key);
            case DOES_NOT_EXIST -> sb.append('!').append(key);
            case IN, NOT_IN -> sb.append(key).append(operator.symbol())
                    .append('(').append(String.join(",", values)).append(')');
            default -> sb.append(key).append(operator.symbol()).append(values.first());
        }
        return sb.toString();
    }

    /** Orders by key, then operator, then values: the order of a canonical selector. */
    @Override
    public int compareTo(Requirement o) {
        int c = key.compareTo(o.key);
        if (c == 0) {
            c = operator.compareTo(o.operator);
        }
        if (c == 0) {
            java.util.Iterator<String> a = values.iterator();
            java.util.Iterator<String> b = o.values.iterator();
            while (c == 0 && a.hasNext() && b.hasNext()) {
                c = a.next().compareTo(b.next());
            }
            if (c == 0) {
                c = Boolean.compare(a.hasNext(), b.hasNext());
            }
        }
        return c;
    }

    /** The rule {@code key operator values} breaks, or null. Shared with the parser. */
    static String problem(String key, Operator operator, Collection<String> values) {
        List<String> keyErrors = Labels.keyErrors(key);
        if (!keyErrors.isEmpty()) {
            return "invalid label key \"" + key + "\": " + String.join("; ", keyErrors);
        }
        switch (operator) {
            case EQUALS, NOT_EQUALS -> {
                if (values.size() != 1) {
                    return "exactly one value is required for '" + operator.symbol().strip() + "'";
                }
            }
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    return "values can't be empty for '" + operator.symbol().strip() + "'";
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    return "values must be empty for " + (operator == Operator.EXISTS ? "exists" : "does not exist");
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (values.size() != 1) {
                    return "exactly one value is required for '" + operator.symbol() + "'";
                }
                String v = values.iterator().next();
                if (parseDecimal(v) == null) {
                    return "the value of '" + operator.symbol() + "' must be an integer: \"" + v + "\"";
                }
            }
        }
        for (String v : values) {
            List<String> valueErrors = Labels.valueErrors(v);
            if (!valueErrors.isEmpty()) {
                return "invalid label value \"" + v + "\" for key \"" + key + "\": " + String.join("; ", valueErrors);
            }
        }
        return null;
    }

    /** A 64-bit decimal integer as Go's strconv.ParseInt reads it (ASCII digits, optional sign), or null. */
    static Long parseDecimal(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        if (s.length() == start) {
            return null;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }
}
