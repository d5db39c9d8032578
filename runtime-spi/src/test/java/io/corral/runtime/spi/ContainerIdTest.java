package io.corral.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerIdTest {

    @Test
    void printsAsTypeSchemeAndId() {
        assertThat(new ContainerId("docker", "4f0c1d")).hasToString("docker://4f0c1d");
    }

    @Test
    void parsesWhatItPrints() {
        ContainerId id = new ContainerId("rkt", "a1b2:c3/d4");
        assertThat(ContainerId.parse(id.toString())).isEqualTo(id);
        assertThat(ContainerId.parse("docker://abc")).extracting(ContainerId::type, ContainerId::id)
                .containsExactly("docker", "abc");
    }

    @Test
    void splitsAtTheFirstSeparatorSoIdsMayContainIt() {
        assertThat(ContainerId.parse("simulated://x://y").id()).isEqualTo("x://y");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "docker", "docker://", "://abc", "docker:/abc"})
    void rejectsMalformedTextNamingTheField(String text) {
        assertThatThrownBy(() -> ContainerId.parse(text))
                .isInstanceOfSatisfying(ContainerRuntimeException.class,
                        e -> assertThat(e.reason()).isEqualTo(ContainerRuntimeException.Reason.INVALID_ARGUMENT))
                .hasMessageContaining("containerId");
    }

    @Test
    void rejectsATypeContainingTheSeparator() {
        assertThatThrownBy(() -> new ContainerId("a://b", "c")).hasMessageContaining("containerId.type");
    }
}
