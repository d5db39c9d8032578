package io.corral.api.labels;

import io.corral.api.labels.Requirement.Operator;
import io.corral.api.validation.FieldError;
import io.corral.api.validation.FieldPath;
import io.corral.api.validation.InvalidObjectException;
import io.corral.api.validation.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apiguardian.api.API;

/**
 * A parsed label selector: requirements that must all hold (logical AND), as in Kubernetes'
 * {@code labels.Selector}.
 *
 * <h2>Grammar</h2>
 * Requirements are separated by commas; whitespace around tokens is ignored:
 * <pre>
 *   selector    = [ requirement { "," requirement } ]
 *   requirement = key                                  exists
 *               | "!" key                              does not exist
 *               | key ( "=" | "==" | "!=" ) [ value ]  equality (a missing value is "")
 *               | key ( "in" | "notin" ) "(" values ")"
 *               | key ( "&gt;" | "&lt;" ) integer          node-affinity style comparison
 *   values      = [ value ] { "," [ value ] }           "()" is the one empty value
 * </pre>
 * Keys and values must satisfy {@link Labels}. {@code ==} is a synonym of {@code =} and is
 * normalized to it. The empty string parses to {@link #everything()}.
 *
 * <h2>Semantics</h2>
 * {@link #matches(Map)} holds when every requirement holds (see {@link Requirement#matches(Map)}):
 * {@code !=} and {@code notin} match objects without the key. An empty selector matches
 * everything; {@link #nothing()} matches nothing and has no string form.
 *
 * <h2>Canonical form</h2>
 * Requirements are kept sorted (by key, then operator, then values) and values sorted, so
 * {@link #toString()} gives Kubernetes' canonical string, e.g. {@code app=web,tier in (a,b)},
 * and {@code parse(s.toString()).equals(s)} for every selector but {@code nothing()}.
 *
 * <p>Instances are immutable and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Selector {
    static final String PARAMETER = "labelSelector";

    private static final Selector EVERYTHING = new Selector(List.of(), false);
    private static final Selector NOTHING = new Selector(List.of(), true);

    private final List<Requirement> requirements;
    private final boolean nothing;

    private Selector(List<Requirement> requirements, boolean nothing) {
        this.requirements = requirements;
        this.nothing = nothing;
    }

    /** The selector without requirements: it matches every label set. Its string form is {@code ""}. */
    public static Selector everything() {
        return EVERYTHING;
    }

    /**
     * The selector that matches no label set: Kubernetes' selector for an absent (null) structured
     * selector. It cannot be written as a string; its {@link #toString()} is {@code "<nothing>"},
     * which {@link #parse(String)} rejects, so it is never mistaken for {@link #everything()}.
     */
    public static Selector nothing() {
        return NOTHING;
    }

    /** A selector of the given requirements, in any order. */
    public static Selector of(Requirement... requirements) {
        return of(Arrays.asList(requirements));
    }

    /** A selector of the given requirements, in any order; duplicates are kept. */
    public static Selector of(Collection<Requirement> requirements) {
        if (requirements.isEmpty()) {
            return EVERYTHING;
        }
        List<Requirement> sorted = new ArrayList<>(requirements);
        sorted.sort(null);
        return new Selector(List.copyOf(sorted), false);
    }

    /**
     * Parses a label selector string (see the grammar above).
     *
     * @param text the selector, not null; empty or blank means {@link #everything()}
     * @return the selector, in canonical order
     * @throws SelectorParseException naming the position and what was expected, when the text is not
     *                                a selector or a key or value is invalid
     */
    public static Selector parse(String text) {
        return new Parser(text).parse();
    }

    /**
     * Converts a structured selector (as in specs) to a parsed one, as Kubernetes'
     * {@code LabelSelectorAsSelector} does: {@code matchLabels} become {@code key=value}
     * requirements, {@code matchExpressions} become {@code in}, {@code notin}, {@code key} and
     * {@code !key}. A null selector gives {@link #nothing()}; an empty one {@link #everything()}.
     *
     * @param selector the structured selector, may be null
     * @param path     where the selector sits in its object, for error messages (e.g. {@code spec.selector})
     * @throws InvalidObjectException with every {@link #validate(FieldPath, LabelSelector)} error,
     *                                when the selector is invalid
     */
    public static Selector from(LabelSelector selector, FieldPath path) {
        if (selector == null) {
            return NOTHING;
        }
        List<FieldError> errors = validate(path, selector);
        InvalidObjectException.throwIfAny("LabelSelector", null, errors);
        List<Requirement> requirements = new ArrayList<>();
        selector.matchLabels().forEach((k, v) -> requirements.add(Requirement.equal(k, v)));
        for (LabelSelectorRequirement e : selector.matchExpressions()) {
            requirements.add(Requirement.of(e.key(), operatorOf(e.operator()), e.values()));
        }
        return of(requirements);
    }

    /** {@link #from(LabelSelector, FieldPath)} with errors reported under the path {@code selector}. */
    public static Selector from(LabelSelector selector) {
        return from(selector, FieldPath.root("selector"));
    }

    /**
     * The rules a structured selector breaks, as Kubernetes' {@code ValidateLabelSelector}:
     * valid label keys and values in {@code matchLabels}; in each expression a valid key, a known
     * operator ({@code In}, {@code NotIn}, {@code Exists}, {@code DoesNotExist}), at least one
     * value for {@code In}/{@code NotIn}, none for {@code Exists}/{@code DoesNotExist}, and valid values.
     *
     * @param path     the selector's path, e.g. {@code spec.selector}; errors name fields below it,
     *                 e.g. {@code spec.selector.matchExpressions[0].operator}
     * @param selector the selector; null is valid (it selects nothing)
     * @return the errors, empty when valid; never null
     */
    public static List<FieldError> validate(FieldPath path, LabelSelector selector) {
        if (selector == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>(Labels.validateLabels(path.child("matchLabels"), selector.matchLabels()));
        FieldPath expressions = path.child("matchExpressions");
        for (int i = 0; i < selector.matchExpressions().size(); i++) {
            LabelSelectorRequirement e = selector.matchExpressions().get(i);
            FieldPath at = expressions.index(i);
            switch (e.operator()) {
                case LabelSelectorRequirement.IN, LabelSelectorRequirement.NOT_IN -> {
                    if (e.values().isEmpty()) {
                        errors.add(FieldError.required(at.child("values"),
                                "must be specified when `operator` is 'In' or 'NotIn'"));
                    }
                }
                case LabelSelectorRequirement.EXISTS, LabelSelectorRequirement.DOES_NOT_EXIST -> {
                    if (!e.values().isEmpty()) {
                        errors.add(FieldError.forbidden(at.child("values"),
                                "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }
                }
                default -> errors.add(FieldError.notSupported(at.child("operator"), e.operator(),
                        List.of(LabelSelectorRequirement.IN, LabelSelectorRequirement.NOT_IN,
                                LabelSelectorRequirement.EXISTS, LabelSelectorRequirement.DOES_NOT_EXIST)));
            }
            Labels.keyErrors(e.key()).forEach(m -> errors.add(FieldError.invalid(at.child("key"), e.key(), m)));
            for (int j = 0; j < e.values().size(); j++) {
                String v = e.values().get(j);
                FieldPath vp = at.child("values").index(j);
                Labels.valueErrors(v).forEach(m -> errors.add(FieldError.invalid(vp, v, m)));
            }
        }
        return errors;
    }

    /**
     * This selector in structured form, where one exists: {@code key=value} goes to
     * {@code matchLabels} (the first value per key; further ones become {@code In}),
     * {@code !=} becomes {@code NotIn} with one value (the same semantics). Empty for
     * {@link #nothing()} (whose structured form is a null selector) and for selectors using
     * {@code >} or {@code <}.
     */
    public Optional<LabelSelector> toLabelSelector() {
        if (nothing) {
            return Optional.empty();
        }
        Map<String, String> matchLabels = new LinkedHashMap<>();
        List<LabelSelectorRequirement> expressions = new ArrayList<>();
        for (Requirement r : requirements) {
            List<String> values = List.copyOf(r.values());
            switch (r.operator()) {
                case EQUALS -> {
                    if (matchLabels.putIfAbsent(r.key(), values.get(0)) != null) {
                        expressions.add(new LabelSelectorRequirement(r.key(), LabelSelectorRequirement.IN, values));
                    }
                }
                case IN -> expressions.add(new LabelSelectorRequirement(r.key(), LabelSelectorRequirement.IN, values));
                case NOT_EQUALS, NOT_IN ->
                        expressions.add(new LabelSelectorRequirement(r.key(), LabelSelectorRequirement.NOT_IN, values));
                case EXISTS ->
                        expressions.add(new LabelSelectorRequirement(r.key(), LabelSelectorRequirement.EXISTS, List.of()));
                case DOES_NOT_EXIST -> expressions.add(
                        new LabelSelectorRequirement(r.key(), LabelSelectorRequirement.DOES_NOT_EXIST, List.of()));
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new LabelSelector(matchLabels, expressions));
    }

    /** The requirements in canonical order; unmodifiable, empty for {@link #everything()} and {@link #nothing()}. */
    public List<Requirement> requirements() {
        return requirements;
    }

    /** True for a selector without requirements, which matches everything; false for {@link #nothing()}. */
    public boolean isEmpty() {
        return !nothing && requirements.isEmpty();
    }

    /**
     * Whether an object with these labels is selected: every requirement holds.
     *
     * @param labels the object's labels, not null; a key mapped to null counts as absent
     */
    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The canonical string, e.g. {@code app=web,tier in (a,b)}; {@code ""} for {@link #everything()}
     * and the unparseable {@code "<nothing>"} for {@link #nothing()}.
     */
    @Override
    public String toString() {
        if (nothing) {
            return "<nothing>";
        }
        StringBuilder sb = new StringBuilder();
        for (Requirement r : requirements) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(r);
        }
        return sb.toString();
    }

    /** Equal when both have the same requirements (in canonical order), or both are {@link #nothing()}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Selector other && nothing == other.nothing && requirements.equals(other.requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode() * 31 + Boolean.hashCode(nothing);
    }

    private static Operator operatorOf(String wire) {
        return switch (wire) {
            case LabelSelectorRequirement.IN -> Operator.IN;
            case LabelSelectorRequirement.NOT_IN -> Operator.NOT_IN;
            case LabelSelectorRequirement.EXISTS -> Operator.EXISTS;
            case LabelSelectorRequirement.DOES_NOT_EXIST -> Operator.DOES_NOT_EXIST;
            default -> throw new IllegalStateException("validated operator " + wire);
        };
    }

    /** A recursive-descent parser over a small lexer, following Kubernetes' labels grammar. */
    private static final class Parser {
        private enum Kind { IDENTIFIER, BANG, EQUALS, DOUBLE_EQUALS, NOT_EQUALS, GREATER, LESS, OPEN, CLOSE, COMMA, END }

        private record Token(Kind kind, String text, int start) {
            String describe() {
                return kind == Kind.END ? "end of string" : "'" + text + "'";
            }
        }

        private final String text;
        private int pos;
        private Token peeked;

        Parser(String text) {
            this.text = java.util.Objects.requireNonNull(text, "text");
        }

        Selector parse() {
            List<Requirement> requirements = new ArrayList<>();
            Token first = peek();
            if (first.kind == Kind.END) {
                return EVERYTHING;
            }
            while (true) {
                Token t = peek();
                if (t.kind != Kind.IDENTIFIER && t.kind != Kind.BANG) {
                    throw error(t, requirements.isEmpty()
                            ? "expected '!', a label key or end of string"
                            : "expected '!' or a label key after ','");
                }
                requirements.add(requirement());
                Token after = next();
                if (after.kind == Kind.END) {
                    return of(requirements);
                }
                if (after.kind != Kind.COMMA) {
                    throw error(after, "expected ',' or end of string");
                }
            }
        }

        private Requirement requirement() {
            Token t = next();
            boolean negated = t.kind == Kind.BANG;
            Token keyToken = negated ? next() : t;
            if (keyToken.kind != Kind.IDENTIFIER) {
                throw error(keyToken, "expected a label key");
            }
            String key = keyToken.text;
            List<String> keyErrors = Labels.keyErrors(key);
            if (!keyErrors.isEmpty()) {
                throw new SelectorParseException(PARAMETER, text, keyToken.start,
                        "invalid label key \"" + key + "\": " + String.join("; ", keyErrors));
            }
            if (negated) {
                return new Requirement(key, Operator.DOES_NOT_EXIST, new TreeSet<>());
            }
            Token opToken = peek();
            if (opToken.kind == Kind.END || opToken.kind == Kind.COMMA) {
                return new Requirement(key, Operator.EXISTS, new TreeSet<>());
            }
            next();
            Operator op = switch (opToken.kind) {
                case EQUALS, DOUBLE_EQUALS -> Operator.EQUALS;
                case NOT_EQUALS -> Operator.NOT_EQUALS;
                case GREATER -> Operator.GREATER_THAN;
                case LESS -> Operator.LESS_THAN;
                case IDENTIFIER -> switch (opToken.text) {
                    case "in" -> Operator.IN;
                    case "notin" -> Operator.NOT_IN;
                    default -> null;
                };
                default -> null;
            };
            if (op == null) {
                throw error(opToken, "expected one of 'in', 'notin', '=', '==', '!=', '>', '<', ',' or end of string");
            }
            List<Token> values = op == Operator.IN || op == Operator.NOT_IN ? valueList() : List.of(singleValue());
            TreeSet<String> set = new TreeSet<>();
            for (Token v : values) {
                set.add(v.text);
            }
            String problem = Requirement.problem(key, op, set);
            if (problem != null) {
                throw new SelectorParseException(PARAMETER, text, firstInvalidValue(key, op, values, opToken), problem);
            }
            return new Requirement(key, op, set);
        }

        /** The position to blame: the first invalid value, else the operator. */
        private static int firstInvalidValue(String key, Operator op, List<Token> values, Token opToken) {
            for (Token v : values) {
                if (!Labels.valueErrors(v.text).isEmpty()
                        || (op == Operator.GREATER_THAN || op == Operator.LESS_THAN)
                        && Requirement.parseDecimal(v.text) == null) {
                    return v.start;
                }
            }
            return opToken.start;
        }

        /** After {@code = == != > <}: an identifier, or nothing (the empty value) before ',' or the end. */
        private Token singleValue() {
            Token t = peek();
            if (t.kind == Kind.END || t.kind == Kind.COMMA) {
                return new Token(Kind.IDENTIFIER, "", t.start);
            }
            next();
            if (t.kind != Kind.IDENTIFIER) {
                throw error(t, "expected a label value, ',' or end of string");
            }
            return t;
        }

        /** {@code ( [v] {, [v]} )}: empty slots are empty values, so {@code ()} is the one empty value. */
        private List<Token> valueList() {
            Token open = next();
            if (open.kind != Kind.OPEN) {
                throw error(open, "expected '('");
            }
            List<Token> values = new ArrayList<>();
            boolean slotFilled = false;
            while (true) {
                Token t = next();
                switch (t.kind) {
                    case IDENTIFIER -> {
                        if (slotFilled) {
                            throw error(t, "expected ',' or ')'");
                        }
                        values.add(t);
                        slotFilled = true;
                    }
                    case COMMA -> {
                        if (!slotFilled) {
                            values.add(new Token(Kind.IDENTIFIER, "", t.start));
                        }
                        slotFilled = false;
                    }
                    case CLOSE -> {
                        if (!slotFilled) {
                            values.add(new Token(Kind.IDENTIFIER, "", t.start));
                        }
                        return values;
                    }
                    default -> throw error(t, slotFilled ? "expected ',' or ')'" : "expected a label value, ',' or ')'");
                }
            }
        }

        private SelectorParseException error(Token found, String expected) {
            return new SelectorParseException(PARAMETER, text, found.start, "found " + found.describe() + ", " + expected);
        }

        private Token peek() {
            if (peeked == null) {
                peeked = scan();
            }
            return peeked;
        }

        private Token next() {
            Token t = peek();
            peeked = null;
            return t;
        }

        private Token scan() {
            while (pos < text.length() && isWhitespace(text.charAt(pos))) {
                pos++;
            }
            int start = pos;
            if (pos == text.length()) {
                return new Token(Kind.END, "", start);
            }
            char c = text.charAt(pos);
            char n = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
            Kind kind;
            int length = 1;
            switch (c) {
                case '!' -> {
                    kind = n == '=' ? Kind.NOT_EQUALS : Kind.BANG;
                    length = n == '=' ? 2 : 1;
                }
                case '=' -> {
                    kind = n == '=' ? Kind.DOUBLE_EQUALS : Kind.EQUALS;
                    length = n == '=' ? 2 : 1;
                }
                case '>' -> kind = Kind.GREATER;
                case '<' -> kind = Kind.LESS;
                case '(' -> kind = Kind.OPEN;
                case ')' -> kind = Kind.CLOSE;
                case ',' -> kind = Kind.COMMA;
                default -> {
                    int end = pos;
                    while (end < text.length() && !isWhitespace(text.charAt(end)) && !isSpecial(text.charAt(end))) {
                        end++;
                    }
                    kind = Kind.IDENTIFIER;
                    length = end - pos;
                }
            }
            pos += length;
            return new Token(kind, text.substring(start, pos), start);
        }

        private static boolean isWhitespace(char c) {
            return c == ' ' || c == '\t' || c == '\r' || c == '\n';
        }

        private static boolean isSpecial(char c) {
            return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
        }
    }
}
