package io.corral.api.quantity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "500m, 500m", "1.5, 1500m", "0.1, 100m", "1000m, 1", "128Mi, 128Mi", "1024Mi, 1Gi", "1G, 1G",
            "1000M, 1G", "2e3, 2e3", "2000e0, 2e3", "1Ki, 1Ki", "1536, 1536", "1500000, 1500k", "0, 0",
            "0Mi, 0", "0.5Ki, 512", "1.5Ki, 1536", "-1.5, -1500m", "1E, 1E", "12E3, 12e3", "+3k, 3k",
            ".5, 500m", "1n, 1n", "1u, 1u", "0.0000000001, 1n", "1.5e-3, 1500e-6", "1000E, 1000E"})
    void printsCanonically(String in, String out) {
        assertThat(Quantity.parse(in)).hasToString(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "1.2.3", "1Xi", "1 Mi", "Mi", "1e", "--1", "1ki", "1e99999", "0x10"})
    void rejectsJunkNamingTheString(String bad) {
        assertThatThrownBy(() -> Quantity.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + bad + "\"");
    }

    @Test
    void comparesByValue() {
        assertThat(Quantity.parse("1000m")).isEqualTo(Quantity.parse("1")).hasSameHashCodeAs(Quantity.parse("1"));
        assertThat(Quantity.parse("1Ki")).isEqualTo(Quantity.parse("1024"));
        assertThat(Quantity.parse("1G")).isLessThan(Quantity.parse("1Gi"));
        assertThat(Quantity.parse("100m")).isGreaterThan(Quantity.parse("99m"));
        assertThat(Quantity.parse("2e3")).isEqualByComparingTo(Quantity.parse("2k"));
    }

    @Test
    void exposesMilliAndByteValues() {
        assertThat(Quantity.parse("0.1").milliValue()).isEqualTo(100);
        assertThat(Quantity.parse("2").milliValue()).isEqualTo(2000);
        assertThat(Quantity.parse("128Mi").longValue()).isEqualTo(134_217_728L);
        assertThat(Quantity.parse("1G").longValue()).isEqualTo(1_000_000_000L);
        assertThat(Quantity.parse("100m").longValue()).as("rounds up").isEqualTo(1);
        assertThat(Quantity.ofMillis(250)).hasToString("250m");
        assertThat(Quantity.ofBytes(134_217_728L)).hasToString("128Mi");
        assertThat(Quantity.parse("1.5").value()).isEqualByComparingTo(new BigDecimal("1.5"));
    }

    @Test
    void addsAndSubtractsKeepingTheReceiversFormat() {
        assertThat(Quantity.parse("500m").add(Quantity.parse("1.5"))).hasToString("2");
        assertThat(Quantity.parse("1Gi").subtract(Quantity.parse("512Mi"))).hasToString("512Mi");
        assertThat(Quantity.parse("1Gi").add(Quantity.parse("1G")).format()).isEqualTo(Quantity.Format.BINARY_SI);
        assertThat(Quantity.parse("100m").subtract(Quantity.parse("200m"))).hasToString("-100m");
        assertThat(Quantity.parse("1").subtract(Quantity.parse("1000m"))).isEqualTo(Quantity.ZERO);
    }

    @Test
    void keepsTheFormatFamily() {
        assertThat(Quantity.parse("1Mi").format()).isEqualTo(Quantity.Format.BINARY_SI);
        assertThat(Quantity.parse("1M").format()).isEqualTo(Quantity.Format.DECIMAL_SI);
        assertThat(Quantity.parse("1e6").format()).isEqualTo(Quantity.Format.DECIMAL_EXPONENT);
    }
}
