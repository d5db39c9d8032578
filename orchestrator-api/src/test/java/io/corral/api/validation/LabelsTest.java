package io.corral.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelsTest {
    private static final FieldPath LABELS = FieldPath.root("metadata").child("labels");
    private static final FieldPath ANNOTATIONS = FieldPath.root("metadata").child("annotations");

    /** A DNS-1123 subdomain of exactly {@code length} characters (labels of at most 63, joined by dots). */
    static String subdomainOfLength(int length) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            int room = length - sb.length();
            if (!sb.isEmpty()) {
                sb.append('.');
                room--;
            }
            int label = Math.min(63, room);
            if (room - label == 1) {
                label--; // never leave room for only a dot
            }
            sb.append("a".repeat(label));
        }
        return sb.toString();
    }

    @Nested
    @DisplayName("label keys")
    class Keys {
        @ParameterizedTest
        @ValueSource(strings = {"app", "App_1", "a", "1", "my.name", "123-abc", "example.com/app", "k8s.io/My_Name"})
        @DisplayName("accepts valid keys")
        void valid(String key) {
            assertThat(Labels.keyErrors(key)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "-app", "app-", "_a", "a b", "a/b/c", "/app", "example.com/", "Example.com/app",
                "exa_mple.com/app", "ключ", "a\u0000"})
        @DisplayName("rejects invalid keys")
        void invalid(String key) {
            assertThat(Labels.keyErrors(key)).isNotEmpty();
        }

        @Test
        @DisplayName("accepts a 63-character name part and rejects 64")
        void nameLength() {
            assertThat(Labels.keyErrors("a".repeat(63))).isEmpty();
            assertThat(Labels.keyErrors("example.com/" + "a".repeat(63))).isEmpty();
            assertThat(Labels.keyErrors("a".repeat(64))).containsExactly("name part must be no more than 63 characters");
            assertThat(Labels.keyErrors("example.com/" + "a".repeat(64)))
                    .containsExactly("name part must be no more than 63 characters");
        }

        @Test
        @DisplayName("accepts a 253-character prefix and rejects 254")
        void prefixLength() {
            String prefix253 = subdomainOfLength(253);
            String prefix254 = subdomainOfLength(254);
            assertThat(prefix253).hasSize(253);
            assertThat(prefix254).hasSize(254);

            assertThat(Labels.keyErrors(prefix253 + "/app")).isEmpty();
            assertThat(Labels.keyErrors(prefix254 + "/app")).containsExactly("prefix part must be no more than 253 characters");
        }

        @Test
        @DisplayName("explains each broken rule")
        void messages() {
            assertThat(Labels.keyErrors("/app")).containsExactly("prefix part must be non-empty");
            assertThat(Labels.keyErrors("example.com/")).containsExactly("name part must be non-empty");
            assertThat(Labels.keyErrors("a/b/c")).singleElement().asString()
                    .contains("with an optional DNS subdomain prefix and '/'");
            assertThat(Labels.keyErrors("-app")).singleElement().asString()
                    .startsWith("name part must consist of alphanumeric characters");
        }
    }

    @Nested
    @DisplayName("label values")
    class Values {
        @ParameterizedTest
        @ValueSource(strings = {"", "a", "web", "My_Value", "1.2.3", "a-b_c.d"})
        @DisplayName("accepts valid values, and the empty value")
        void valid(String value) {
            assertThat(Labels.valueErrors(value)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"-a", "a-", ".a", "a b", "a/b", "a=b", "é"})
        @DisplayName("rejects invalid values")
        void invalid(String value) {
            assertThat(Labels.valueErrors(value)).singleElement().asString().startsWith("a valid label must be");
        }

        @Test
        @DisplayName("accepts a 63-character value and rejects 64")
        void length() {
            assertThat(Labels.valueErrors("v".repeat(63))).isEmpty();
            assertThat(Labels.valueErrors("v".repeat(64))).containsExactly("must be no more than 63 characters");
        }
    }

    @Nested
    @DisplayName("label maps")
    class LabelMaps {
        @Test
        @DisplayName("reports a bad value at the entry's path, and a bad key at the map's path")
        void paths() {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("app", "web server");
            labels.put("bad key", "ok");
            labels.put("tier", "v".repeat(64));

            List<FieldError> errors = Labels.validateLabels(LABELS, labels);

            assertThat(errors).hasSize(3);
            assertThat(errors.get(0).field()).hasToString("metadata.labels[\"app\"]");
            assertThat(errors.get(0).badValue()).isEqualTo("web server");
            assertThat(errors.get(0).type()).isEqualTo(FieldError.Type.INVALID);
            assertThat(errors.get(1).field()).hasToString("metadata.labels");
            assertThat(errors.get(1).badValue()).isEqualTo("bad key");
            assertThat(errors.get(2).field()).hasToString("metadata.labels[\"tier\"]");
            assertThat(errors.get(2).toString()).startsWith("metadata.labels[\"tier\"]: Invalid value: \"vvv")
                    .endsWith("must be no more than 63 characters");
        }

        @Test
        @DisplayName("accepts valid labels, and boundary lengths")
        void valid() {
            assertThat(Labels.validateLabels(LABELS, Map.of(
                    "app", "web",
                    "empty", "",
                    subdomainOfLength(253) + "/" + "n".repeat(63), "v".repeat(63)))).isEmpty();
        }
    }

    @Nested
    @DisplayName("annotations")
    class Annotations {
        @Test
        @DisplayName("accept exactly 256 KiB of keys and values, and reject one byte more")
        void totalSize() {
            String key = "example.com/config";
            String value = "x".repeat(Labels.ANNOTATIONS_MAX_BYTES - key.length());

            assertThat(Labels.validateAnnotations(ANNOTATIONS, Map.of(key, value))).isEmpty();

            List<FieldError> errors = Labels.validateAnnotations(ANNOTATIONS, Map.of(key, value + "x"));
            assertThat(errors).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(FieldError.Type.TOO_LONG);
                assertThat(e.field()).hasToString("metadata.annotations");
                assertThat(e.detail()).isEqualTo("must have at most 262144 bytes");
            });
        }

        @Test
        @DisplayName("count bytes, not characters, summed over all entries")
        void sizeInBytes() {
            String twoByteChar = "é";
            int half = Labels.ANNOTATIONS_MAX_BYTES / 2;
            Map<String, String> annotations = Map.of(
                    "a", twoByteChar.repeat(half / 2 - 1) + "x",   // 1 + (half - 2) + 1 = half bytes
                    "b", "y".repeat(half - 1));                      // half bytes
            assertThat(Labels.validateAnnotations(ANNOTATIONS, annotations)).isEmpty();

            Map<String, String> oneMore = Map.of(
                    "a", twoByteChar.repeat(half / 2 - 1) + "é",
                    "b", "y".repeat(half - 1));
            assertThat(Labels.validateAnnotations(ANNOTATIONS, oneMore)).singleElement()
                    .satisfies(e -> assertThat(e.type()).isEqualTo(FieldError.Type.TOO_LONG));
        }

        @Test
        @DisplayName("take label-style keys, compared in lower case, and reject a bad key at the map's path")
        void keys() {
            assertThat(Labels.validateAnnotations(ANNOTATIONS, Map.of("Example.COM/Some-Key", "any value, really!")))
                    .isEmpty();
            assertThat(Labels.validateAnnotations(ANNOTATIONS, Map.of("bad key", "v"))).singleElement()
                    .satisfies(e -> {
                        assertThat(e.field()).hasToString("metadata.annotations");
                        assertThat(e.badValue()).isEqualTo("bad key");
                    });
        }
    }
}
