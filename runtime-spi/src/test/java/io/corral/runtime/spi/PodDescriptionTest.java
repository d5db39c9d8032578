package io.corral.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PodDescriptionTest {
    private final ContainerDescription app = ContainerDescription.builder("app", "busybox:1.36")
            .command("sh", "-c", "sleep 3600").mount("data", "/data", false).build();

    @Test
    void buildsAPodWithDefaults() {
        PodDescription pod = PodDescription.builder("uid", "web", "default")
                .container(app).volume(Volume.EmptyDir.of("data")).build();

        assertThat(pod.restartPolicy()).isEqualTo(RestartPolicy.ALWAYS);
        assertThat(pod.terminationGrace()).isEqualTo(PodDescription.DEFAULT_TERMINATION_GRACE);
        assertThat(pod.effectiveHostname()).isEqualTo("web");
        assertThat(pod.findContainer("app")).contains(app);
        assertThat(pod.toBuilder().build()).isEqualTo(pod);
    }

    @Test
    void aMountMustReferToAVolumeOfThePod() {
        assertThatThrownBy(() -> PodDescription.builder("uid", "web", "default").container(app).build())
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("pod.containers[app].mounts[data]");
    }

    @Test
    void containerNamesAreUniqueAcrossInitAndAppContainers() {
        ContainerDescription init = ContainerDescription.builder("app", "busybox").build();
        assertThatThrownBy(() -> PodDescription.builder("uid", "web", "default").initContainer(init)
                .container(app).volume(Volume.EmptyDir.of("data")).build())
                .hasMessageContaining("pod.containers[app].name");
    }

    @Test
    void aPodNeedsAContainer() {
        assertThatThrownBy(() -> PodDescription.builder("uid", "web", "default").build())
                .hasMessageContaining("pod.containers");
    }

    @Test
    void theContainerHashIsStableAndChangesWithTheSpec() {
        ContainerDescription same = ContainerDescription.builder("app", "busybox:1.36")
                .command(List.of("sh", "-c", "sleep 3600")).mount("data", "/data", false).build();
        assertThat(same.hash()).isEqualTo(app.hash());
        assertThat(app.toBuilder().env("A", "1").build().hash()).isNotEqualTo(app.hash());
        assertThat(app.toBuilder().args("x").build().hash()).isNotEqualTo(app.hash());
        // ["a b"] and ["a", "b"] are different commands.
        assertThat(ContainerDescription.builder("c", "i").command("a b").build().hash())
                .isNotEqualTo(ContainerDescription.builder("c", "i").command("a", "b").build().hash());
    }

    @Test
    void preparedFilesDoNotShowTheirContent() {
        PreparedFile secret = new PreparedFile("password", "hunter2".getBytes(), 0400);
        assertThat(secret.toString()).doesNotContain("hunter2").contains("size=7");
        assertThat(secret).isEqualTo(new PreparedFile("password", "hunter2".getBytes(), 0400));
        assertThatThrownBy(() -> new PreparedFile("../etc/passwd", new byte[0], 0644)).hasMessageContaining("preparedFile.path");
        assertThat(new RegistryCredentials("r.io", "me", "pw", null).toString()).doesNotContain("pw");
    }
}
