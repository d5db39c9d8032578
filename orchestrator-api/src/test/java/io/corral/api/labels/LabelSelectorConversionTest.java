package io.corral.api.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.status.StatusReason;
import io.corral.api.validation.FieldError;
import io.corral.api.validation.FieldPath;
import io.corral.api.validation.InvalidObjectException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LabelSelectorConversionTest {
    private static final FieldPath SPEC_SELECTOR = FieldPath.root("spec").child("selector");

    @Test
    @DisplayName("matchLabels and matchExpressions become the canonical string form")
    void structuredToString() {
        LabelSelector structured = new LabelSelector(Map.of("app", "web"), List.of(
                new LabelSelectorRequirement("tier", "In", List.of("b", "a", "b")),
                new LabelSelectorRequirement("env", "NotIn", List.of("qa")),
                new LabelSelectorRequirement("canary", "DoesNotExist", List.of()),
                new LabelSelectorRequirement("partition", "Exists", null)));

        Selector selector = Selector.from(structured, SPEC_SELECTOR);

        assertThat(selector.toString()).isEqualTo("app=web,!canary,env notin (qa),partition,tier in (a,b)");
        assertThat(selector.matches(Map.of("app", "web", "tier", "a", "partition", "p1"))).isTrue();
        assertThat(selector.matches(Map.of("app", "web", "tier", "a", "partition", "p1", "canary", "yes"))).isFalse();
    }

    @Test
    @DisplayName("a null structured selector selects nothing, an empty one everything")
    void nullAndEmpty() {
        assertThat(Selector.from(null)).isEqualTo(Selector.nothing());
        assertThat(Selector.from(new LabelSelector(null, null))).isEqualTo(Selector.everything());
        assertThat(Selector.validate(SPEC_SELECTOR, null)).isEmpty();
    }

    @Test
    @DisplayName("an unknown operator is reported at the operator's path")
    void unknownOperator() {
        LabelSelector structured = new LabelSelector(Map.of(),
                List.of(new LabelSelectorRequirement("tier", "Equals", List.of("a"))));

        assertThat(Selector.validate(SPEC_SELECTOR, structured)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(FieldError.Type.NOT_SUPPORTED);
            assertThat(e.field()).hasToString("spec.selector.matchExpressions[0].operator");
            assertThat(e.badValue()).isEqualTo("Equals");
            assertThat(e.detail()).contains("In", "NotIn", "Exists", "DoesNotExist");
        });
        assertThatThrownBy(() -> Selector.from(structured, SPEC_SELECTOR))
                .isInstanceOfSatisfying(InvalidObjectException.class, e -> {
                    assertThat(e.reason()).isEqualTo(StatusReason.INVALID);
                    assertThat(e.getMessage()).contains("spec.selector.matchExpressions[0].operator: Unsupported value: \"Equals\"");
                });
    }

    @Test
    @DisplayName("In and NotIn need values, Exists and DoesNotExist take none")
    void valueCounts() {
        LabelSelector structured = new LabelSelector(Map.of(), List.of(
                new LabelSelectorRequirement("a", "In", List.of()),
                new LabelSelectorRequirement("b", "NotIn", List.of()),
                new LabelSelectorRequirement("c", "Exists", List.of("x")),
                new LabelSelectorRequirement("d", "DoesNotExist", List.of("y"))));

        List<FieldError> errors = Selector.validate(SPEC_SELECTOR, structured);

        assertThat(errors).extracting(FieldError::type).containsExactly(FieldError.Type.REQUIRED,
                FieldError.Type.REQUIRED, FieldError.Type.FORBIDDEN, FieldError.Type.FORBIDDEN);
        assertThat(errors).extracting(e -> e.field().toString()).containsExactly(
                "spec.selector.matchExpressions[0].values", "spec.selector.matchExpressions[1].values",
                "spec.selector.matchExpressions[2].values", "spec.selector.matchExpressions[3].values");
        assertThatThrownBy(() -> Selector.from(structured)).isInstanceOf(InvalidObjectException.class)
                .hasMessageContaining("selector.matchExpressions[0].values: Required value");
    }

    @Test
    @DisplayName("invalid keys and values are reported where they sit")
    void invalidKeysAndValues() {
        LabelSelector structured = new LabelSelector(Map.of("app", "-web"), List.of(
                new LabelSelectorRequirement("bad key", "Exists", List.of()),
                new LabelSelectorRequirement("tier", "In", List.of("ok", "not ok"))));

        assertThat(Selector.validate(SPEC_SELECTOR, structured)).extracting(e -> e.field().toString())
                .containsExactly("spec.selector.matchLabels[\"app\"]", "spec.selector.matchExpressions[0].key",
                        "spec.selector.matchExpressions[1].values[1]");
    }

    @Test
    @DisplayName("a parsed selector goes back to the structured form, != as NotIn")
    void toStructured() {
        LabelSelector structured = Selector.parse("a=b,c!=d,e,!f,g in (1,2),h notin (x)").toLabelSelector().orElseThrow();

        assertThat(structured.matchLabels()).isEqualTo(Map.of("a", "b"));
        assertThat(structured.matchExpressions()).containsExactly(
                new LabelSelectorRequirement("c", "NotIn", List.of("d")),
                new LabelSelectorRequirement("e", "Exists", List.of()),
                new LabelSelectorRequirement("f", "DoesNotExist", List.of()),
                new LabelSelectorRequirement("g", "In", List.of("1", "2")),
                new LabelSelectorRequirement("h", "NotIn", List.of("x")));
    }

    @Test
    @DisplayName("two values required for one key go to matchLabels and In")
    void repeatedEquality() {
        LabelSelector structured = Selector.parse("a=x,a=y").toLabelSelector().orElseThrow();

        assertThat(structured.matchLabels()).isEqualTo(Map.of("a", "x"));
        assertThat(structured.matchExpressions()).containsExactly(new LabelSelectorRequirement("a", "In", List.of("y")));
        assertThat(Selector.from(structured).matches(Map.of("a", "x"))).isFalse();
    }

    @Test
    @DisplayName("nothing() and numeric comparisons have no structured form")
    void notExpressible() {
        assertThat(Selector.nothing().toLabelSelector()).isEmpty();
        assertThat(Selector.parse("a>1").toLabelSelector()).isEmpty();
        assertThat(Selector.everything().toLabelSelector()).contains(new LabelSelector(Map.of(), List.of()));
    }
}
