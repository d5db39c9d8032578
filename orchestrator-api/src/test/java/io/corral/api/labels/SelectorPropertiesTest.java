package io.corral.api.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.labels.Requirement.Operator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SelectorPropertiesTest {

    @Provide
    Arbitrary<Selector> selectors() {
        return SelectorArbitraries.selector();
    }

    @Provide
    Arbitrary<LabelSelector> structured() {
        return SelectorArbitraries.structuredSelector();
    }

    @Provide
    Arbitrary<Map<String, String>> labelSets() {
        return SelectorArbitraries.labelSet();
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab=!(),<> \t-_./\\09inotIN").ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(30),
                SelectorArbitraries.selector().map(Selector::toString).flatMap(s ->
                        Arbitraries.integers().between(0, s.length()).map(cut -> s.substring(0, cut))));
    }

    @Property
    @Label("parse(print(s)) equals s, and printing again is stable")
    void printParseRoundTrip(@ForAll("selectors") Selector s) {
        String printed = s.toString();
        Selector parsed = Selector.parse(printed);

        assertThat(parsed).isEqualTo(s);
        assertThat(parsed.toString()).isEqualTo(printed);
    }

    @Property
    @Label("whitespace between tokens and == for = do not change the parsed selector")
    void spacedOutFormParsesTheSame(@ForAll("selectors") Selector s) {
        StringBuilder sb = new StringBuilder("  ");
        for (Requirement r : s.requirements()) {
            String values = String.join(" ,  ", r.values());
            sb.append(switch (r.operator()) {
                case EXISTS -> r.key();
                case DOES_NOT_EXIST -> "! " + r.key();
                case EQUALS -> r.key() + " == " + values;
                case NOT_EQUALS -> r.key() + "\t!=\t" + values;
                case IN -> r.key() + " in(" + values + " )";
                case NOT_IN -> r.key() + "\nnotin ( " + values + ")";
                case GREATER_THAN -> r.key() + " > " + values;
                case LESS_THAN -> r.key() + " <" + values;
            }).append(" , ");
        }
        String spaced = s.isEmpty() ? sb.toString() : sb.substring(0, sb.length() - 3) + "\r\n";

        assertThat(Selector.parse(spaced)).isEqualTo(s);
    }

    @Property
    @Label("a structured selector selects the same label sets as its string form")
    void structuredAndStringFormsAgree(@ForAll("structured") LabelSelector structured,
                                       @ForAll("labelSets") Map<String, String> labels) {
        boolean expected = oracle(structured, labels);
        Selector converted = Selector.from(structured);

        assertThat(converted.matches(labels)).isEqualTo(expected);
        assertThat(Selector.parse(converted.toString()).matches(labels)).isEqualTo(expected);
    }

    @Property
    @Label("converting to the structured form and back keeps what is selected")
    void structuredRoundTrip(@ForAll("selectors") Selector s, @ForAll("labelSets") Map<String, String> labels) {
        Optional<LabelSelector> structured = s.toLabelSelector();
        boolean comparisons = s.requirements().stream()
                .anyMatch(r -> r.operator() == Operator.GREATER_THAN || r.operator() == Operator.LESS_THAN);

        assertThat(structured.isPresent()).isEqualTo(!comparisons);
        structured.ifPresent(ls -> {
            assertThat(Selector.validate(io.corral.api.validation.FieldPath.root("selector"), ls)).isEmpty();
            assertThat(Selector.from(ls).matches(labels)).isEqualTo(s.matches(labels));
        });
    }

    @Property
    @Label("parsing arbitrary text either succeeds with a printable selector or throws SelectorParseException")
    void parseFailsOnlyWithSelectorParseException(@ForAll("noise") String text) {
        Selector parsed;
        try {
            parsed = Selector.parse(text);
        } catch (SelectorParseException e) {
            assertThat(e.position()).isBetween(0, text.length());
            assertThat(e.getMessage()).contains("at position " + e.position());
            return;
        }
        assertThat(Selector.parse(parsed.toString())).isEqualTo(parsed);
    }

    /** Kubernetes' semantics of a structured selector, written directly on the structured form. */
    private static boolean oracle(LabelSelector selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement r : selector.matchExpressions()) {
            boolean has = labels.containsKey(r.key());
            List<String> values = r.values();
            boolean holds = switch (r.operator()) {
                case LabelSelectorRequirement.IN -> has && values.contains(labels.get(r.key()));
                case LabelSelectorRequirement.NOT_IN -> !has || !values.contains(labels.get(r.key()));
                case LabelSelectorRequirement.EXISTS -> has;
                case LabelSelectorRequirement.DOES_NOT_EXIST -> !has;
                default -> throw new AssertionError(r.operator());
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }
}
