package io.corral.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("$(VAR) expansion as Kubernetes does it")
class VariableExpansionTest {
    private static final Map<String, String> VARS = Map.of("A", "1", "LONG_NAME", "x y", "EMPTY", "");

    @ParameterizedTest(name = "\"{0}\" → \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "plain|plain",
            "$(A)|1",
            "pre-$(A)-post|pre-1-post",
            "$(A)$(LONG_NAME)|1x y",
            "$(EMPTY)x|x",
            "$(UNDEFINED)|$(UNDEFINED)",
            "$$(A)|$(A)",
            "$$$(A)|$1",
            "$$|$",
            "$A|$A",
            "cost: 5$|cost: 5$",
            "$(A|$(A",
            "$()|$()",
            "$(A)$(|1$("})
    void expands(String input, String expected) {
        assertThat(VariableExpansion.expand(input, VARS::get)).isEqualTo(expected);
    }
}
