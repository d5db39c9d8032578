package io.corral.api.labels;

import io.corral.api.labels.Requirement.Operator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid label keys, values, requirements and selectors, for the property tests. */
final class SelectorArbitraries {
    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

    private SelectorArbitraries() {
    }

    /** A qualified name of 1 to {@code max} characters: alphanumeric at both ends, {@code -_.} inside. */
    static Arbitrary<String> qualifiedName(int max) {
        Arbitrary<Character> end = Arbitraries.of(chars(ALNUM));
        Arbitrary<String> middle = Arbitraries.strings().withChars(ALNUM + "-_.").ofMaxLength(max - 2);
        return Arbitraries.oneOf(
                end.map(String::valueOf),
                Combinators.combine(end, middle, end).as((a, m, b) -> a + m + b));
    }

    /** A DNS-1123 subdomain of a few labels. */
    static Arbitrary<String> subdomain() {
        Arbitrary<Character> end = Arbitraries.of(chars(LOWER_ALNUM));
        Arbitrary<String> label = Arbitraries.oneOf(end.map(String::valueOf),
                Combinators.combine(end, Arbitraries.strings().withChars(LOWER_ALNUM + "-").ofMaxLength(10), end)
                        .as((a, m, b) -> a + m + b));
        return label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    }

    static Arbitrary<String> key() {
        return Arbitraries.oneOf(qualifiedName(63),
                Combinators.combine(subdomain(), qualifiedName(20)).as((p, n) -> p + "/" + n));
    }

    static Arbitrary<String> value() {
        return Arbitraries.oneOf(Arbitraries.just(""), qualifiedName(63));
    }

    static Arbitrary<Requirement> requirement(Arbitrary<String> keys, Arbitrary<String> values) {
        Arbitrary<Operator> ops = Arbitraries.of(Operator.class);
        Arbitrary<List<String>> valueLists = values.list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<String> numbers = Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf);
        return Combinators.combine(keys, ops, valueLists, numbers).as((k, op, vs, n) -> switch (op) {
            case EQUALS, NOT_EQUALS -> Requirement.of(k, op, vs.subList(0, 1));
            case IN, NOT_IN -> Requirement.of(k, op, vs);
            case EXISTS, DOES_NOT_EXIST -> Requirement.of(k, op, List.of());
            case GREATER_THAN, LESS_THAN -> Requirement.of(k, op, List.of(n));
        });
    }

    static Arbitrary<Selector> selector() {
        return requirement(key(), value()).list().ofMaxSize(6).map(Selector::of);
    }

    /** Keys and values from small pools, so that selectors and label sets meet often. */
    static final List<String> KEY_POOL = List.of("app", "tier", "example.com/env", "x");
    static final List<String> VALUE_POOL = List.of("", "web", "db", "a.b", "7");

    static Arbitrary<LabelSelector> structuredSelector() {
        Arbitrary<String> keys = Arbitraries.of(KEY_POOL);
        Arbitrary<String> values = Arbitraries.of(VALUE_POOL);
        Arbitrary<Map<String, String>> matchLabels = Arbitraries.maps(keys, values).ofMaxSize(3);
        Arbitrary<LabelSelectorRequirement> expression = Combinators.combine(
                keys,
                Arbitraries.of(LabelSelectorRequirement.IN, LabelSelectorRequirement.NOT_IN,
                        LabelSelectorRequirement.EXISTS, LabelSelectorRequirement.DOES_NOT_EXIST),
                values.list().ofMinSize(1).ofMaxSize(3))
                .as((k, op, vs) -> new LabelSelectorRequirement(k, op,
                        op.equals(LabelSelectorRequirement.IN) || op.equals(LabelSelectorRequirement.NOT_IN) ? vs : List.of()));
        return Combinators.combine(matchLabels, expression.list().ofMaxSize(4)).as(LabelSelector::new);
    }

    static Arbitrary<Map<String, String>> labelSet() {
        return Arbitraries.maps(Arbitraries.of(KEY_POOL), Arbitraries.of(VALUE_POOL)).ofMaxSize(KEY_POOL.size());
    }

    private static Character[] chars(String s) {
        return s.chars().mapToObj(c -> (char) c).toArray(Character[]::new);
    }
}
