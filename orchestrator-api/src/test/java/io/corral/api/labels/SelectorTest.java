package io.corral.api.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.labels.Requirement.Operator;
import io.corral.api.status.StatusReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SelectorTest {

    private static final Map<String, String> PROD_FRONTEND = Map.of("environment", "production", "tier", "frontend");
    private static final Map<String, String> PROD_BACKEND = Map.of("environment", "production", "tier", "backend");
    private static final Map<String, String> QA_CACHE = Map.of("environment", "qa", "tier", "cache");
    private static final Map<String, String> DEV_PARTITIONED = Map.of("environment", "dev", "partition", "customerA");
    private static final Map<String, String> NO_LABELS = Map.of();

    /** The examples of the Kubernetes documentation on labels, each with objects it must and must not select. */
    static Stream<Arguments> documentationExamples() {
        return Stream.of(
                Arguments.of("environment = production", "environment=production",
                        List.of(PROD_FRONTEND, PROD_BACKEND), List.of(QA_CACHE, DEV_PARTITIONED, NO_LABELS)),
                Arguments.of("environment==production", "environment=production",
                        List.of(PROD_FRONTEND, PROD_BACKEND), List.of(QA_CACHE, NO_LABELS)),
                Arguments.of("tier != frontend", "tier!=frontend",
                        List.of(PROD_BACKEND, QA_CACHE, DEV_PARTITIONED, NO_LABELS), List.of(PROD_FRONTEND)),
                Arguments.of("environment=production,tier!=frontend", "environment=production,tier!=frontend",
                        List.of(PROD_BACKEND), List.of(PROD_FRONTEND, QA_CACHE, NO_LABELS)),
                Arguments.of("environment in (production, qa)", "environment in (production,qa)",
                        List.of(PROD_FRONTEND, PROD_BACKEND, QA_CACHE), List.of(DEV_PARTITIONED, NO_LABELS)),
                Arguments.of("tier notin (frontend, backend)", "tier notin (backend,frontend)",
                        List.of(QA_CACHE, DEV_PARTITIONED, NO_LABELS), List.of(PROD_FRONTEND, PROD_BACKEND)),
                Arguments.of("partition", "partition",
                        List.of(DEV_PARTITIONED), List.of(PROD_FRONTEND, QA_CACHE, NO_LABELS)),
                Arguments.of("!partition", "!partition",
                        List.of(PROD_FRONTEND, QA_CACHE, NO_LABELS), List.of(DEV_PARTITIONED)),
                Arguments.of("partition,environment notin (qa)", "environment notin (qa),partition",
                        List.of(DEV_PARTITIONED), List.of(QA_CACHE, PROD_FRONTEND, NO_LABELS)),
                Arguments.of("environment in (production),tier in (frontend)",
                        "environment in (production),tier in (frontend)",
                        List.of(PROD_FRONTEND), List.of(PROD_BACKEND, QA_CACHE, NO_LABELS)),
                Arguments.of("  tier  in(cache,frontend) ,\t!partition\n", "!partition,tier in (cache,frontend)",
                        List.of(PROD_FRONTEND, QA_CACHE), List.of(PROD_BACKEND, DEV_PARTITIONED, NO_LABELS)),
                Arguments.of("", "", List.of(PROD_FRONTEND, NO_LABELS), List.of()));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("documentationExamples")
    @DisplayName("a documentation example selects what it should, and prints canonically")
    void documentationExample(String text, String canonical, List<Map<String, String>> selected,
                              List<Map<String, String>> notSelected) {
        Selector selector = Selector.parse(text);

        assertThat(selector.toString()).isEqualTo(canonical);
        assertThat(selected).allSatisfy(labels -> assertThat(selector.matches(labels)).as("%s", labels).isTrue());
        assertThat(notSelected).allSatisfy(labels -> assertThat(selector.matches(labels)).as("%s", labels).isFalse());
    }

    @Nested
    @DisplayName("parsing")
    class Parsing {
        @Test
        @DisplayName("keeps each requirement's key, operator and sorted values")
        void structure() {
            Selector s = Selector.parse("z in (c,a,b),example.com/app=web,!gone,x>10");

            assertThat(s.requirements()).containsExactly(
                    new Requirement("example.com/app", Operator.EQUALS, new java.util.TreeSet<>(List.of("web"))),
                    Requirement.doesNotExist("gone"),
                    Requirement.of("x", Operator.GREATER_THAN, List.of("10")),
                    Requirement.in("z", "a", "b", "c"));
            assertThat(s.requirements().get(3).values()).containsExactly("a", "b", "c");
        }

        @Test
        @DisplayName("reads a missing value after an equality operator as the empty value")
        void emptyValues() {
            assertThat(Selector.parse("a=,b!=,c==").requirements())
                    .extracting(r -> r.values().first()).containsExactly("", "", "");
            assertThat(Selector.parse("a=").matches(Map.of("a", ""))).isTrue();
            assertThat(Selector.parse("a=").matches(Map.of())).isFalse();
        }

        @Test
        @DisplayName("reads empty slots of a value list as empty values, and () as the one empty value")
        void emptyListSlots() {
            assertThat(Selector.parse("a in ()").requirements().get(0).values()).containsExactly("");
            assertThat(Selector.parse("a in (,x)").requirements().get(0).values()).containsExactly("", "x");
            assertThat(Selector.parse("a in (x,)").requirements().get(0).values()).containsExactly("", "x");
            assertThat(Selector.parse("a in (x,,y)").requirements().get(0).values()).containsExactly("", "x", "y");
            assertThat(Selector.parse("a in ()").toString()).isEqualTo("a in ()");
            assertThat(Selector.parse("a notin (,x)").toString()).isEqualTo("a notin (,x)");
        }

        @Test
        @DisplayName("takes 'in' and 'notin' as plain words where a key or value is expected")
        void keywordsAsWords() {
            Selector s = Selector.parse("in in (notin),notin=in");

            assertThat(s.matches(Map.of("in", "notin", "notin", "in"))).isTrue();
            assertThat(s.toString()).isEqualTo("in in (notin),notin=in");
        }

        @Test
        @DisplayName("treats blank text as the selector that matches everything")
        void blank() {
            assertThat(Selector.parse(" \t\n")).isEqualTo(Selector.everything());
            assertThat(Selector.parse("").isEmpty()).isTrue();
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("x in b", 5, "found 'b', expected '('"),
                Arguments.of("x notin", 7, "found end of string, expected '('"),
                Arguments.of("=a", 0, "found '=', expected '!', a label key or end of string"),
                Arguments.of(",a", 0, "found ','"),
                Arguments.of("a,", 2, "found end of string, expected '!' or a label key after ','"),
                Arguments.of("a,,b", 2, "found ','"),
                Arguments.of("a b", 2, "found 'b', expected one of 'in', 'notin'"),
                Arguments.of("a=b c", 4, "found 'c', expected ',' or end of string"),
                Arguments.of("a==b==c", 4, "found '==', expected ',' or end of string"),
                Arguments.of("!a=b", 2, "found '=', expected ',' or end of string"),
                Arguments.of("!", 1, "found end of string, expected a label key"),
                Arguments.of("!!a", 1, "found '!', expected a label key"),
                Arguments.of("a=(b)", 2, "found '(', expected a label value"),
                Arguments.of("a in (b c)", 8, "found 'c', expected ',' or ')'"),
                Arguments.of("a in (b", 7, "found end of string, expected ',' or ')'"),
                Arguments.of("a in (b,=)", 8, "found '=', expected a label value, ',' or ')'"),
                Arguments.of("-a=b", 0, "invalid label key \"-a\""),
                Arguments.of("example.com/=b", 0, "invalid label key \"example.com/\": name part must be non-empty"),
                Arguments.of("Example.com/a", 0, "invalid label key \"Example.com/a\": prefix part"),
                Arguments.of("a=-b", 2, "invalid label value \"-b\" for key \"a\""),
                Arguments.of("a in (x, y.)", 9, "invalid label value \"y.\""),
                Arguments.of("a>b", 2, "the value of '>' must be an integer"),
                Arguments.of("a<", 2, "the value of '<' must be an integer"),
                Arguments.of("<nothing>", 0, "found '<'"));
    }

    @ParameterizedTest(name = "\"{0}\" fails at {1}")
    @MethodSource("malformed")
    @DisplayName("a malformed selector fails with the position and what was expected")
    void malformedSelector(String text, int position, String problem) {
        assertThatThrownBy(() -> Selector.parse(text))
                .isInstanceOfSatisfying(SelectorParseException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.selector()).isEqualTo(text);
                    assertThat(e.reason()).isEqualTo(StatusReason.BAD_REQUEST);
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("unable to parse label selector \"" + text
                            + "\": at position " + position + ": " + e.problem());
                    assertThat(e.details().causes()).singleElement()
                            .satisfies(c -> assertThat(c.field()).isEqualTo("labelSelector"));
                });
    }

    @Test
    @DisplayName("rejects a key whose name part is 64 characters, and accepts 63")
    void keyLengthInSelector() {
        String ok = "a".repeat(63);
        assertThat(Selector.parse(ok + "=v").requirements()).hasSize(1);
        assertThatThrownBy(() -> Selector.parse(ok + "b=v"))
                .isInstanceOf(SelectorParseException.class)
                .hasMessageContaining("name part must be no more than 63 characters");
    }

    @Nested
    @DisplayName("matching")
    class Matching {
        @Test
        @DisplayName("lets != and notin select objects without the key, but not = and in")
        void negativeOperatorsOnMissingKey() {
            assertThat(Selector.parse("a!=x").matches(NO_LABELS)).isTrue();
            assertThat(Selector.parse("a notin (x)").matches(NO_LABELS)).isTrue();
            assertThat(Selector.parse("a=x").matches(NO_LABELS)).isFalse();
            assertThat(Selector.parse("a in (x)").matches(NO_LABELS)).isFalse();
        }

        @Test
        @DisplayName("compares > and < as integers, and never selects a non-numeric value")
        void numericComparisons() {
            Selector gt = Selector.parse("cpus>8");
            assertThat(gt.matches(Map.of("cpus", "16"))).isTrue();
            assertThat(gt.matches(Map.of("cpus", "8"))).isFalse();
            assertThat(gt.matches(Map.of("cpus", "0009"))).isTrue();
            assertThat(gt.matches(Map.of("cpus", "many"))).isFalse();
            assertThat(gt.matches(NO_LABELS)).isFalse();
            assertThat(Selector.parse("cpus<8").matches(Map.of("cpus", "-3"))).isTrue();
            assertThat(Selector.parse("cpus<8").matches(Map.of("cpus", "99999999999999999999"))).isFalse();
        }

        @Test
        @DisplayName("treats a key mapped to null as absent")
        void nullValue() {
            Map<String, String> labels = new HashMap<>();
            labels.put("a", null);
            assertThat(Selector.parse("!a").matches(labels)).isTrue();
            assertThat(Selector.parse("a").matches(labels)).isFalse();
        }

        @Test
        @DisplayName("everything() selects all, nothing() selects none and cannot be parsed back")
        void everythingAndNothing() {
            assertThat(Selector.everything().matches(NO_LABELS)).isTrue();
            assertThat(Selector.everything().matches(PROD_FRONTEND)).isTrue();
            assertThat(Selector.nothing().matches(NO_LABELS)).isFalse();
            assertThat(Selector.nothing().matches(PROD_FRONTEND)).isFalse();
            assertThat(Selector.nothing().isEmpty()).isFalse();
            assertThat(Selector.nothing()).isNotEqualTo(Selector.everything());
            assertThat(Selector.everything().toString()).isEmpty();
            assertThatThrownBy(() -> Selector.parse(Selector.nothing().toString()))
                    .isInstanceOf(SelectorParseException.class);
        }
    }

    @Nested
    @DisplayName("building in Java")
    class Building {
        @Test
        @DisplayName("sorts requirements, so the order of construction does not matter")
        void canonicalOrder() {
            Selector a = Selector.of(Requirement.in("tier", "b", "a"), Requirement.equal("app", "web"));
            Selector b = Selector.of(Requirement.equal("app", "web"), Requirement.in("tier", "a", "b"));

            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(a.toString()).isEqualTo("app=web,tier in (a,b)");
            assertThat(Selector.parse(a.toString())).isEqualTo(a);
        }

        @Test
        @DisplayName("rejects a requirement with an invalid key, value or number of values")
        void invalidRequirements() {
            assertThatThrownBy(() -> Requirement.equal("bad key", "v"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid label key \"bad key\"");
            assertThatThrownBy(() -> Requirement.equal("k", "bad value"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid label value \"bad value\"");
            assertThatThrownBy(() -> Requirement.in("k"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("can't be empty");
            assertThatThrownBy(() -> Requirement.of("k", Operator.EXISTS, List.of("v")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be empty");
            assertThatThrownBy(() -> Requirement.of("k", Operator.EQUALS, List.of("a", "b")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly one value");
        }

        @Test
        @DisplayName("sorts values naturally, whatever the order of the set it was given")
        void naturalOrder() {
            java.util.TreeSet<String> reversed = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
            reversed.addAll(List.of("a", "b", "B"));

            Requirement r = new Requirement("k", Operator.IN, reversed);

            assertThat(r.values()).containsExactly("B", "a", "b");
            assertThat(r).isEqualTo(Requirement.in("k", "b", "a", "B"));
            assertThat(r.toString()).isEqualTo("k in (B,a,b)");
        }

        @Test
        @DisplayName("gives values that cannot be modified")
        void immutableValues() {
            Requirement r = Requirement.in("k", "a");
            assertThatThrownBy(() -> r.values().add("b")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> Selector.parse("a,b").requirements().clear())
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
