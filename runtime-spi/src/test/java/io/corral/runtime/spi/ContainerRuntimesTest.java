package io.corral.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerRuntimesTest {

    @Test
    void findsProvidersThroughServiceLoaderHighestPriorityFirst() {
        ContainerRuntimes runtimes = ContainerRuntimes.load();

        assertThat(runtimes.providers()).extracting(ContainerRuntimeProvider::id)
                .containsExactly(TestProviders.Unavailable.ID, TestProviders.Preferred.ID);
        assertThat(runtimes.select(TestProviders.Preferred.ID)).isInstanceOf(TestProviders.Preferred.class);
    }

    @Test
    void aMissingKnownRuntimeNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> ContainerRuntimes.load().select("docker"))
                .isInstanceOfSatisfying(ContainerRuntimeException.class,
                        e -> assertThat(e.reason()).isEqualTo(ContainerRuntimeException.Reason.RUNTIME_UNAVAILABLE))
                .hasMessageContaining("'docker'")
                .hasMessageContaining("io.corral:runtime-docker")
                .hasMessageContaining(TestProviders.Preferred.ID);
        assertThatThrownBy(() -> ContainerRuntimes.load().select("rkt")).hasMessageContaining("io.corral:runtime-rkt");
        assertThatThrownBy(() -> ContainerRuntimes.load().select("simulated")).hasMessageContaining("io.corral:runtime-simulated");
    }

    @Test
    void aMissingUnknownRuntimeExplainsHowToRegisterOne() {
        assertThatThrownBy(() -> ContainerRuntimes.load().select("podman"))
                .hasMessageContaining("META-INF/services/io.corral.runtime.spi.ContainerRuntimeProvider");
    }

    @Test
    void creatingAnUnavailableRuntimeGivesItsReason() {
        assertThatThrownBy(() -> ContainerRuntimes.load().create(TestProviders.Unavailable.ID, Map.of()))
                .hasMessageContaining("socket missing");
    }

    @Test
    void selectBestSkipsUnavailableProviders() {
        ContainerRuntimes runtimes = ContainerRuntimes.of(List.of(new TestProviders.Unavailable(), new TestProviders.Preferred()));
        assertThat(runtimes.selectBest().id()).isEqualTo(TestProviders.Preferred.ID);

        assertThatThrownBy(() -> ContainerRuntimes.of(List.of(new TestProviders.Unavailable())).selectBest())
                .hasMessageContaining("unavailable-test: socket missing");
        assertThatThrownBy(() -> ContainerRuntimes.of(List.of()).selectBest())
                .hasMessageContaining("io.corral:runtime-docker");
    }
}
