package io.corral.runtime.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeProvider;
import io.corral.runtime.spi.ContainerRuntimes;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SimulatedRuntimeDiscoveryTest {

    @Test
    void serviceLoaderFindsTheSimulatedProvider() {
        assertThat(ServiceLoader.load(ContainerRuntimeProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(SimulatedRuntimeProvider.class);
        assertThat(ContainerRuntimes.load().select("simulated")).isInstanceOf(SimulatedRuntimeProvider.class);
    }

    @Test
    void theSimulatedRuntimeIsCreatedFromSettings() {
        try (ContainerRuntime runtime = ContainerRuntimes.load().create("simulated",
                Map.of("nodeName", "hollow-7", "cpuMillis", "2000", "memoryBytes", "1073741824", "pods", "30",
                        "labels", "zone=a, tier=hollow"))) {
            assertThat(runtime).isInstanceOf(SimulatedRuntime.class);
            var fingerprint = runtime.fingerprint();
            assertThat(fingerprint.hostname()).isEqualTo("hollow-7");
            assertThat(fingerprint.cpuMillis()).isEqualTo(2000);
            assertThat(fingerprint.memoryBytes()).isEqualTo(1L << 30);
            assertThat(fingerprint.podsCapacity()).isEqualTo(30);
            assertThat(fingerprint.labels()).containsEntry("zone", "a").containsEntry("tier", "hollow");
        }
    }

    @Test
    void aBadSettingIsNamed() {
        assertThatThrownBy(() -> ContainerRuntimes.load().create("simulated", Map.of("cpuMillis", "lots")))
                .isInstanceOfSatisfying(ContainerRuntimeException.class,
                        e -> assertThat(e.reason()).isEqualTo(ContainerRuntimeException.Reason.INVALID_ARGUMENT))
                .hasMessageContaining("cpuMillis");
        assertThatThrownBy(() -> ContainerRuntimes.load().create("simulated", Map.of("cpu", "1")))
                .hasMessageContaining("cpu: unknown setting");
    }

    @Test
    void aRuntimeNotOnTheClassPathNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> ContainerRuntimes.load().select("docker"))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("No container runtime provider with id 'docker'")
                .hasMessageContaining("found: simulated")
                .hasMessageContaining("add the dependency io.corral:runtime-docker");
    }

    @Test
    void theSimulatedProviderNeverOutranksARealRuntime() {
        assertThat(new SimulatedRuntimeProvider().priority()).isNegative();
        assertThat(ContainerRuntimes.load().selectBest().id()).isEqualTo("simulated");
    }
}
