package io.corral.api.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.labels.FieldSelector.Term;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldSelectorTest {
    private static final Set<String> POD_FIELDS = Set.of("metadata.name", "metadata.namespace", "spec.nodeName",
            "status.phase");

    private static Map<String, String> pod(String name, String node, String phase) {
        Map<String, String> fields = new HashMap<>();
        fields.put("metadata.name", name);
        fields.put("metadata.namespace", "default");
        if (node != null) {
            fields.put("spec.nodeName", node);
        }
        fields.put("status.phase", phase);
        return fields;
    }

    @Test
    @DisplayName("selects by =, == and !=, with an empty value matching an absent field")
    void matching() {
        FieldSelector s = FieldSelector.parse("metadata.name=foo,status.phase!=Running,spec.nodeName==", POD_FIELDS);

        assertThat(s.matches(pod("foo", null, "Pending"))).isTrue();
        assertThat(s.matches(pod("foo", "", "Pending"))).isTrue();
        assertThat(s.matches(pod("foo", "node-1", "Pending"))).isFalse();
        assertThat(s.matches(pod("foo", null, "Running"))).isFalse();
        assertThat(s.matches(pod("bar", null, "Pending"))).isFalse();
        assertThat(s.toString()).isEqualTo("metadata.name=foo,spec.nodeName=,status.phase!=Running");
    }

    @Test
    @DisplayName("reads fields through an accessor, once per term")
    void accessor() {
        FieldSelector s = FieldSelector.parse("spec.nodeName=n1,status.phase!=Failed");
        Map<String, Integer> calls = new HashMap<>();

        boolean matched = s.matches(field -> {
            calls.merge(field, 1, Integer::sum);
            return field.equals("spec.nodeName") ? "n1" : null;
        });

        assertThat(matched).isTrue();
        assertThat(calls).isEqualTo(Map.of("spec.nodeName", 1, "status.phase", 1));
    }

    @Test
    @DisplayName("unescapes \\, \\= and \\\\ in values and escapes them when printing")
    void escaping() {
        FieldSelector s = FieldSelector.parse("metadata.name=a\\,b\\=c\\\\d,status.phase=x");

        assertThat(s.terms()).containsExactly(Term.equal("metadata.name", "a,b=c\\d"), Term.equal("status.phase", "x"));
        assertThat(s.toString()).isEqualTo("metadata.name=a\\,b\\=c\\\\d,status.phase=x");
        assertThat(FieldSelector.escape("x=y,z\\")).isEqualTo("x\\=y\\,z\\\\");
        assertThat(FieldSelector.parse(s.toString())).isEqualTo(s);
    }

    @Test
    @DisplayName("skips empty terms and reads empty text as everything")
    void emptyTerms() {
        assertThat(FieldSelector.parse("")).isEqualTo(FieldSelector.everything());
        assertThat(FieldSelector.parse(",,")).isEqualTo(FieldSelector.everything());
        assertThat(FieldSelector.parse(",a=b,,c!=d,")).isEqualTo(
                FieldSelector.of(Term.notEqual("c", "d"), Term.equal("a", "b")));
        assertThat(FieldSelector.everything().matches(Map.of())).isTrue();
    }

    @Test
    @DisplayName("names the value a field must have, for index lookups")
    void exactMatch() {
        FieldSelector s = FieldSelector.parse("metadata.name=foo,spec.nodeName!=n1");

        assertThat(s.requiresExactMatch("metadata.name")).contains("foo");
        assertThat(s.requiresExactMatch("spec.nodeName")).isEmpty();
        assertThat(s.requiresExactMatch("status.phase")).isEmpty();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("metadata.name", 13, "found end of string, expected '=', '==' or '!=' in term 'metadata.name'"),
                Arguments.of("a=b,c,d=e", 5, "found ',', expected '=', '==' or '!=' in term 'c'"),
                Arguments.of("=foo", 0, "expected a field name before '='"),
                Arguments.of("a=b=c", 3, "found unescaped '=' in a value"),
                Arguments.of("a==b=c", 4, "found unescaped '=' in a value"),
                Arguments.of("a=b\\x", 3, "invalid escape sequence"),
                Arguments.of("a=b\\", 3, "invalid escape sequence"),
                Arguments.of("a!b=c", 1, "found '!' in field name \"a!b\""),
                Arguments.of("a\\,b=c", 1, "found '\\' in field name"));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("malformed")
    @DisplayName("a malformed field selector fails with the position and the problem")
    void malformedSelector(String text, int position, String problem) {
        assertThatThrownBy(() -> FieldSelector.parse(text))
                .isInstanceOfSatisfying(SelectorParseException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.getMessage()).startsWith("unable to parse field selector \"" + text + "\": at position "
                            + position);
                    assertThat(e.details().causes()).singleElement()
                            .satisfies(c -> assertThat(c.field()).isEqualTo("fieldSelector"));
                });
    }

    @Test
    @DisplayName("an unsupported field is named in the error, with the supported ones")
    void unsupportedField() {
        assertThatThrownBy(() -> FieldSelector.parse("metadata.name=a,spec.foo=b", POD_FIELDS))
                .isInstanceOfSatisfying(SelectorParseException.class, e -> {
                    assertThat(e.position()).isEqualTo(16);
                    assertThat(e.problem()).startsWith("field label not supported: spec.foo (supported: "
                            + "metadata.name, metadata.namespace, spec.nodeName, status.phase)");
                    assertThat(e.code()).isEqualTo(400);
                });
        assertThat(FieldSelector.parse("spec.foo=b").terms()).containsExactly(Term.equal("spec.foo", "b"));
    }

    @Test
    @DisplayName("keeps whitespace, as Kubernetes does")
    void whitespaceIsSignificant() {
        assertThat(FieldSelector.parse("a= b").terms()).containsExactly(Term.equal("a", " b"));
        assertThatThrownBy(() -> FieldSelector.parse(" metadata.name=foo", POD_FIELDS))
                .hasMessageContaining("field label not supported:  metadata.name");
    }

    @Test
    @DisplayName("a term whose field would not survive printing is rejected")
    void invalidTermField() {
        assertThatThrownBy(() -> Term.equal("a!", "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Term.equal("", "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Term.equal("a,b", "c")).isInstanceOf(IllegalArgumentException.class);
    }
}
