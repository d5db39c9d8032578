package io.corral.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CapabilitiesTest {
    private final ContainerDescription app = ContainerDescription.builder("app", "busybox")
            .port(new PortMapping(80, 8080, PortMapping.Protocol.TCP)).mount("cache", "/cache", false).build();
    private final PodDescription pod = PodDescription.builder("uid", "web", "default").hostNetwork(true)
            .volume(new Volume.EmptyDir("cache", Volume.Medium.MEMORY, 0))
            .volume(new Volume.HostPath("logs", "/var/log"))
            .container(app).build();

    @Test
    void namesEveryFeatureARuntimeLacks() {
        Capabilities none = Capabilities.builder().volumeKinds(VolumeKind.EMPTY_DIR).build();

        assertThat(none.unsupportedFeatures(pod)).containsExactly(
                "pod.volumes[cache].medium: MEMORY is not supported",
                "pod.volumes[logs]: HOST_PATH volumes are not supported",
                "pod.hostNetwork: not supported",
                "pod.containers[app].ports: host ports are not supported");
    }

    @Test
    void aCapableRuntimeLacksNothing() {
        Capabilities all = Capabilities.builder().volumeKinds(VolumeKind.values()).memoryEmptyDir(true)
                .hostNetwork(true).hostPorts(true).build();

        assertThat(all.unsupportedFeatures(pod)).isEmpty();
        assertThat(all.supports(VolumeKind.PREPARED_FILES)).isTrue();
        assertThat(all).isEqualTo(Capabilities.builder().volumeKinds(VolumeKind.values()).memoryEmptyDir(true)
                .hostNetwork(true).hostPorts(true).build());
    }

    @Test
    void theFirstVersionsConstructorLeavesSingleContainerKillOff() {
        Capabilities old = new Capabilities(true, false, true, false, false, true, false, false,
                java.util.Set.of(VolumeKind.EMPTY_DIR), false, false, true);

        assertThat(old.killContainer()).isFalse();
        assertThat(old).isEqualTo(Capabilities.builder().exec(true).logs(true).sharedNetwork(true)
                .volumeKinds(VolumeKind.EMPTY_DIR).survivesHostRestart(true).build());
        assertThat(Capabilities.builder().killContainer(true).build().killContainer()).isTrue();
    }
}
