package io.corral.api.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.corral.api.labels.FieldSelector.Term;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class FieldSelectorPropertiesTest {

    @Provide
    Arbitrary<FieldSelector> selectors() {
        Arbitrary<String> fields = Arbitraries.of("metadata.name", "spec.nodeName", "status.phase", "x y");
        Arbitrary<String> values = Arbitraries.strings().withChars("ab=,\\! \t.").ofMaxLength(8);
        Arbitrary<Term> terms = Combinators.combine(fields, Arbitraries.of(FieldSelector.Operator.class), values)
                .as(Term::new);
        return terms.list().ofMaxSize(5).map(FieldSelector::of);
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab=!,\\ .").ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(30));
    }

    @Property
    @Label("parse(print(s)) equals s, and printing again is stable")
    void roundTrip(@ForAll("selectors") FieldSelector s) {
        FieldSelector parsed = FieldSelector.parse(s.toString());

        assertThat(parsed).isEqualTo(s);
        assertThat(parsed.toString()).isEqualTo(s.toString());
    }

    @Property
    @Label("a selector matches the fields its equality terms pin, unless a != term forbids them")
    void matchesItsOwnFields(@ForAll("selectors") FieldSelector s) {
        Map<String, String> fields = new java.util.HashMap<>();
        s.terms().stream().filter(t -> t.operator() == FieldSelector.Operator.EQUALS)
                .forEach(t -> fields.putIfAbsent(t.field(), t.value()));
        boolean consistent = s.terms().stream().allMatch(t -> t.matches(fields.get(t.field())));

        assertThat(s.matches(fields)).isEqualTo(consistent);
        assertThat(FieldSelector.parse(s.toString()).matches(fields::get)).isEqualTo(consistent);
    }

    @Property
    @Label("parsing arbitrary text either succeeds with a printable selector or throws SelectorParseException")
    void parseFailsOnlyWithSelectorParseException(@ForAll("noise") String text) {
        FieldSelector parsed;
        try {
            parsed = FieldSelector.parse(text);
        } catch (SelectorParseException e) {
            assertThat(e.position()).isBetween(0, text.length());
            return;
        }
        assertThat(FieldSelector.parse(parsed.toString())).isEqualTo(parsed);
    }
}
