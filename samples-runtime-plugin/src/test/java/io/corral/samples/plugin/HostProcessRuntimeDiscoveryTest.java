package io.corral.samples.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeProvider;
import io.corral.runtime.spi.ContainerRuntimes;
import io.corral.runtime.spi.PullProgressListener;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HostProcessRuntimeDiscoveryTest {

    @Test
    void serviceLoaderFindsTheProviderById() {
        assertThat(ServiceLoader.load(ContainerRuntimeProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(HostProcessRuntimeProvider.class);
        assertThat(ContainerRuntimes.load().select("host-process")).isInstanceOf(HostProcessRuntimeProvider.class);
    }

    @Test
    void theImageCatalogueComesFromTheSettings() {
        try (ContainerRuntime runtime = ContainerRuntimes.load().create("host-process", Map.of("images", "alpine:3, busybox:1"))) {
            assertThat(runtime.type()).isEqualTo("host-process");
            runtime.imageService().pull("alpine:3", null, Duration.ofSeconds(1), PullProgressListener.NONE);
            assertThat(runtime.imageService().isPresent("alpine:3")).isTrue();
            assertThatThrownBy(() -> runtime.imageService().pull("busybox:1.36", null, Duration.ofSeconds(1), PullProgressListener.NONE))
                    .isInstanceOfSatisfying(ContainerRuntimeException.class,
                            e -> assertThat(e.reason()).isEqualTo(ContainerRuntimeException.Reason.IMAGE_NOT_FOUND));
        }
    }

    @Test
    void anUnknownSettingIsNamed() {
        assertThatThrownBy(() -> new HostProcessRuntimeProvider().create(Map.of("cpu", "2")))
                .isInstanceOf(ContainerRuntimeException.class).hasMessageContaining("cpu");
    }
}
