package io.corral.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectNamesTest {
    private static final FieldPath NAME = FieldPath.root("metadata").child("name");

    @Nested
    @DisplayName("DNS-1123 labels")
    class DnsLabels {
        @ParameterizedTest
        @ValueSource(strings = {"a", "0", "my-name", "123-abc", "a--b"})
        @DisplayName("accepts valid labels")
        void valid(String value) {
            assertThat(ObjectNames.dns1123LabelErrors(value)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "-a", "a-", "My-Name", "a.b", "a_b", "a b", "ä"})
        @DisplayName("rejects invalid labels")
        void invalid(String value) {
            assertThat(ObjectNames.dns1123LabelErrors(value)).singleElement().asString()
                    .startsWith("a lowercase RFC 1123 label must consist of");
        }

        @Test
        @DisplayName("accepts 63 characters and rejects 64")
        void length() {
            assertThat(ObjectNames.dns1123LabelErrors("a".repeat(63))).isEmpty();
            assertThat(ObjectNames.dns1123LabelErrors("a".repeat(64))).containsExactly("must be no more than 63 characters");
        }

        @Test
        @DisplayName("reports the bad value at the given path")
        void fieldErrors() {
            FieldPath ns = FieldPath.root("metadata").child("namespace");
            assertThat(ObjectNames.validateLabel(ns, "Kube-System")).singleElement().satisfies(e -> {
                assertThat(e.field()).hasToString("metadata.namespace");
                assertThat(e.badValue()).isEqualTo("Kube-System");
                assertThat(e.type()).isEqualTo(FieldError.Type.INVALID);
            });
            assertThat(ObjectNames.validateLabel(ns, "kube-system")).isEmpty();
        }
    }

    @Nested
    @DisplayName("DNS-1123 subdomains")
    class Subdomains {
        @ParameterizedTest
        @ValueSource(strings = {"a", "example.com", "my-app.v1", "0.0.0", "a-b.c-d"})
        @DisplayName("accepts valid subdomains")
        void valid(String value) {
            assertThat(ObjectNames.dns1123SubdomainErrors(value)).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ".a", "a.", "a..b", "-a.b", "a-.b", "a.-b", "Example.com", "a_b.c", "a b"})
        @DisplayName("rejects invalid subdomains")
        void invalid(String value) {
            assertThat(ObjectNames.dns1123SubdomainErrors(value)).singleElement().asString()
                    .startsWith("a lowercase RFC 1123 subdomain must consist of");
        }

        @Test
        @DisplayName("accepts 253 characters and rejects 254")
        void length() {
            String max = LabelsTest.subdomainOfLength(253);
            String tooLong = LabelsTest.subdomainOfLength(254);

            assertThat(ObjectNames.dns1123SubdomainErrors(max)).isEmpty();
            assertThat(ObjectNames.dns1123SubdomainErrors(tooLong)).containsExactly("must be no more than 253 characters");
        }

        @Test
        @DisplayName("reports the bad value at the given path")
        void fieldErrors() {
            assertThat(ObjectNames.validateSubdomain(NAME, "web_1")).singleElement().satisfies(e -> {
                assertThat(e.field()).hasToString("metadata.name");
                assertThat(e.badValue()).isEqualTo("web_1");
                assertThat(e.toString()).startsWith("metadata.name: Invalid value: \"web_1\": a lowercase RFC 1123 subdomain");
            });
            assertThat(ObjectNames.validateSubdomain(NAME, "x".repeat(254))).singleElement()
                    .satisfies(e -> assertThat(e.detail()).isEqualTo("must be no more than 253 characters"));
            assertThat(ObjectNames.validateSubdomain(NAME, "web-1")).isEmpty();
        }
    }
}
