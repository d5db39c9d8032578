package io.corral.api.labels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * A parsed field selector, as in Kubernetes' {@code fields.Selector}: terms on an object's
 * selectable fields that must all hold, e.g. {@code metadata.name=foo,status.phase!=Running}.
 *
 * <h2>Grammar</h2>
 * Terms are separated by unescaped commas; empty terms are skipped. A term is
 * {@code field op value} where {@code op} is {@code =}, {@code ==} (a synonym, normalized to
 * {@code =}) or {@code !=}, split at the first operator. In a value, {@code \,}, {@code \=} and
 * {@code \\} stand for {@code ,}, {@code =} and {@code \}; any other backslash, and an
 * unescaped {@code =}, are errors. The value may be empty ({@code spec.nodeName=}). As in
 * Kubernetes, whitespace is not trimmed: it is part of the field name or value.
 *
 * <h2>Semantics</h2>
 * A field that is absent reads as {@code ""}. {@code f=v} holds when the field's value is
 * {@code v}, {@code f!=v} when it is not. An empty selector matches everything.
 *
 * <p>{@link #toString()} gives the canonical string (terms sorted, values escaped), and
 * {@code parse(s.toString()).equals(s)}. Instances are immutable and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class FieldSelector {
    static final String PARAMETER = "fieldSelector";

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
    private static final Comparator<Term> ORDER = Comparator.comparing(Term::field)
            .thenComparing(Term::operator).thenComparing(Term::value);

    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = terms;
    }

    /** The two operators of a field selector term. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public enum Operator {
        /** {@code field=value} (also {@code ==}): the field has that value. */
        EQUALS("="),
        /** {@code field!=value}: the field has another value. */
        NOT_EQUALS("!=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }
    }

    /**
     * One term: {@code field operator value}.
     *
     * @param field    the selectable field, e.g. {@code metadata.name}; not null nor empty, without
     *                 {@code , = ! \}
     * @param operator the operator, not null
     * @param value    the unescaped value, not null, may be empty
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public record Term(String field, Operator operator, String value) {
        /**
         * Checks the term.
         *
         * @throws NullPointerException     if an argument is null
         * @throws IllegalArgumentException if the field is empty or holds {@code , = ! \}
         */
        public Term {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
            if (field.isEmpty()) {
                throw new IllegalArgumentException("field name must not be empty");
            }
            int bad = badFieldCharacter(field);
            if (bad >= 0) {
                throw new IllegalArgumentException("field name \"" + field + "\" must not contain '" + field.charAt(bad) + "'");
            }
        }

        /** {@code field=value}. */
        public static Term equal(String field, String value) {
            return new Term(field, Operator.EQUALS, value);
        }

        /** {@code field!=value}. */
        public static Term notEqual(String field, String value) {
            return new Term(field, Operator.NOT_EQUALS, value);
        }

        /** Whether the field value (null meaning absent, read as {@code ""}) satisfies this term. */
        public boolean matches(String fieldValue) {
            boolean equal = value.equals(fieldValue == null ? "" : fieldValue);
            return operator == Operator.EQUALS ? equal : !equal;
        }

        /** The term as written, value escaped: {@code status.phase!=Running}. */
        @Override
        public String toString() {
            return field + operator.symbol + escape(value);
        }
    }

    /** The selector without terms, matching every object; its string form is {@code ""}. */
    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /** A selector of the given terms, in any order. */
    public static FieldSelector of(Term... terms) {
        return of(Arrays.asList(terms));
    }

    /** A selector of the given terms, in any order; duplicates are kept. */
    public static FieldSelector of(Collection<Term> terms) {
        if (terms.isEmpty()) {
            return EVERYTHING;
        }
        List<Term> sorted = new ArrayList<>(terms);
        sorted.sort(ORDER);
        return new FieldSelector(List.copyOf(sorted));
    }

    /**
     * Parses a field selector on any field names (client side, where the kind's fields are not known).
     *
     * @param text the selector, not null; empty means {@link #everything()}
     * @throws SelectorParseException naming the position, for a term without an operator, an empty
     *                                field name, a bad escape or an unescaped {@code =} in a value
     */
    public static FieldSelector parse(String text) {
        return parse(text, null);
    }

    /**
     * Parses a field selector and checks its fields against those the kind supports (server side).
     *
     * @param text            the selector, not null; empty means {@link #everything()}
     * @param supportedFields the field names allowed for the kind (e.g. {@code metadata.name},
     *                        {@code status.phase}); null allows any
     * @throws SelectorParseException as {@link #parse(String)}, and for a field not in
     *                                {@code supportedFields}: {@code field label not supported: spec.foo}
     */
    public static FieldSelector parse(String text, Set<String> supportedFields) {
        Objects.requireNonNull(text, "text");
        List<Term> terms = new ArrayList<>();
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || (!escaped && text.charAt(i) == ',')) {
                if (i > start) {
                    terms.add(term(text, start, i, supportedFields));
                }
                start = i + 1;
                escaped = false;
            } else {
                escaped = !escaped && text.charAt(i) == '\\';
            }
        }
        return of(terms);
    }

    private static Term term(String text, int start, int end, Set<String> supportedFields) {
        int opAt = -1;
        Operator op = null;
        int opLength = 0;
        for (int i = start; i < end && op == null; i++) {
            char c = text.charAt(i);
            char n = i + 1 < end ? text.charAt(i + 1) : 0;
            if (c == '!' && n == '=') {
                op = Operator.NOT_EQUALS;
                opLength = 2;
            } else if (c == '=') {
                op = Operator.EQUALS;
                opLength = n == '=' ? 2 : 1;
            }
            opAt = i;
        }
        if (op == null) {
            throw new SelectorParseException(PARAMETER, text, end,
                    "found " + describe(text, end) + ", expected '=', '==' or '!=' in term '" + text.substring(start, end) + "'");
        }
        String field = text.substring(start, opAt);
        if (field.isEmpty()) {
            throw new SelectorParseException(PARAMETER, text, start, "expected a field name before '" + op.symbol + "'");
        }
        int bad = badFieldCharacter(field);
        if (bad >= 0) {
            throw new SelectorParseException(PARAMETER, text, start + bad,
                    "found '" + field.charAt(bad) + "' in field name \"" + field + "\", expected '=', '==' or '!='");
        }
        if (supportedFields != null && !supportedFields.contains(field)) {
            throw new SelectorParseException(PARAMETER, text, start, "field label not supported: " + field
                    + " (supported: " + String.join(", ", new TreeSet<>(supportedFields)) + ")");
        }
        return new Term(field, op, unescape(text, opAt + opLength, end));
    }

    private static String unescape(String text, int start, int end) {
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                char n = i + 1 < end ? text.charAt(i + 1) : 0;
                if (n != '\\' && n != ',' && n != '=') {
                    throw new SelectorParseException(PARAMETER, text, i,
                            "invalid escape sequence, expected '\\\\', '\\,' or '\\=' after '\\'");
                }
                sb.append(n);
                i++;
            } else if (c == '=') {
                throw new SelectorParseException(PARAMETER, text, i, "found unescaped '=' in a value, expected '\\='");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Index of a character that would not survive printing and parsing, or -1. */
    private static int badFieldCharacter(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == ',' || c == '=' || c == '!' || c == '\\') {
                return i;
            }
        }
        return -1;
    }

    private static String describe(String text, int at) {
        return at >= text.length() ? "end of string" : "','";
    }

    /**
     * Escapes a value for a field selector: {@code \} to {@code \\}, {@code ,} to {@code \,} and
     * {@code =} to {@code \=}, as Kubernetes' {@code fields.EscapeValue}.
     */
    public static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == ',' || c == '=') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** The terms in canonical order (field, operator, value); unmodifiable. */
    public List<Term> terms() {
        return terms;
    }

    /** True for a selector without terms, which matches everything. */
    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /**
     * Whether an object is selected: every term holds.
     *
     * @param fields reads a selectable field of the object by name; returns null (or {@code ""}) when
     *               the field is absent. Called once per term, from the calling thread.
     */
    public boolean matches(Function<String, String> fields) {
        for (Term t : terms) {
            if (!t.matches(fields.apply(t.field()))) {
                return false;
            }
        }
        return true;
    }

    /** {@link #matches(Function)} over a map of the object's selectable fields; absent keys read as {@code ""}. */
    public boolean matches(Map<String, String> fields) {
        return matches(fields::get);
    }

    /**
     * The value a field must have, when this selector pins it with {@code field=value}: lets a caller
     * serve {@code metadata.name=foo} or {@code spec.nodeName=n1} from an index, then apply
     * {@link #matches} for the other terms. Empty when no {@code =} term names the field.
     */
    public Optional<String> requiresExactMatch(String field) {
        return terms.stream().filter(t -> t.operator == Operator.EQUALS && t.field.equals(field))
                .map(Term::value).findFirst();
    }

    /** The canonical string, e.g. {@code metadata.name=foo,status.phase!=Running}; {@code ""} when empty. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Term t : terms) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(t);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSelector other && terms.equals(other.terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }
}
