package io.corral.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.model.HostConfig;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.ContainerRuntimeProvider;
import io.corral.runtime.spi.ContainerRuntimes;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.Resources;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The parts of the Docker runtime that need no engine. */
class DockerUnitsTest {

    @Nested
    class ImageReferences {
        @Test
        void defaultsToDockerHubAndLatest() {
            ImageReference ref = ImageReference.parse("busybox");
            assertThat(ref.registry()).isEqualTo("docker.io");
            assertThat(ref.canonical()).isEqualTo("busybox:latest");
        }

        @Test
        void keepsRegistryPortTagAndDigest() {
            String digest = "sha256:" + "a".repeat(64);
            ImageReference ref = ImageReference.parse("127.0.0.1:5000/team/app:1.2@" + digest);
            assertThat(ref.registry()).isEqualTo("127.0.0.1:5000");
            assertThat(ref.repository()).isEqualTo("team/app");
            assertThat(ref.tag()).isEqualTo("1.2");
            assertThat(ref.digest()).isEqualTo(digest);
            assertThat(ImageReference.parse("localhost/app").registry()).isEqualTo("localhost");
            assertThat(ImageReference.parse("team/app").registry()).isEqualTo("docker.io");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "UPPER/case", "app:bad tag", "app@sha256:xyz", "a//b", "-app"})
        void rejectsBadReferencesNamingTheField(String reference) {
            assertThatThrownBy(() -> ImageReference.parse(reference)).isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(((ContainerRuntimeException) e).reason()).isEqualTo(Reason.INVALID_ARGUMENT))
                    .hasMessageStartingWith("image: ");
        }

        @Test
        void picksCredentialsOfTheImageRegistry() {
            var hub = new RegistryCredentials("https://index.docker.io/v1/", "u", "p", null);
            var local = new RegistryCredentials("127.0.0.1:5000", "l", "p", null);
            assertThat(ImageReference.parse("busybox").credentialsFrom(List.of(local, hub))).contains(hub);
            assertThat(ImageReference.parse("127.0.0.1:5000/x").credentialsFrom(List.of(hub, local))).contains(local);
            assertThat(ImageReference.parse("quay.io/x").credentialsFrom(List.of(hub, local))).isEmpty();
        }
    }

    @Nested
    class Tar {
        @Test
        void writesUstarHeadersWithValidChecksumsAndPadding() {
            byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
            byte[] tar = new TarWriter(1234).directory("dir", 0755).file("dir/f.txt", content, 0640).symlink("link", "dir/f.txt").finish();

            assertThat(tar.length % 512).isZero();
            assertThat(tar.length).isEqualTo(512 + 512 + 512 + 512 + 1024);
            assertHeader(tar, 0, "dir/", '5', 0755, 0);
            assertHeader(tar, 512, "dir/f.txt", '0', 0640, 5);
            assertThat(new String(tar, 1024, 5, StandardCharsets.UTF_8)).isEqualTo("hello");
            assertHeader(tar, 1536, "link", '2', 0777, 0);
            assertThat(field(tar, 1536 + 157, 100)).isEqualTo("dir/f.txt");
        }

        @Test
        void splitsLongNamesIntoPrefixAndName() {
            String path = "a".repeat(90) + "/" + "b".repeat(90);
            byte[] tar = new TarWriter(0).file(path, new byte[0], 0644).finish();
            assertThat(field(tar, 0, 100)).isEqualTo("b".repeat(90));
            assertThat(field(tar, 345, 155)).isEqualTo("a".repeat(90));
        }

        private void assertHeader(byte[] tar, int at, String name, char type, int mode, long size) {
            assertThat(field(tar, at, 100)).isEqualTo(name);
            assertThat((char) tar[at + 156]).isEqualTo(type);
            assertThat(Integer.parseInt(field(tar, at + 100, 8), 8)).isEqualTo(mode);
            assertThat(Long.parseLong(field(tar, at + 124, 12), 8)).isEqualTo(size);
            long sum = 0;
            for (int i = 0; i < 512; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : (tar[at + i] & 0xff);
            }
            assertThat(Long.parseLong(field(tar, at + 148, 8).trim(), 8)).isEqualTo(sum);
        }

        private String field(byte[] tar, int at, int length) {
            int end = at;
            while (end < at + length && tar[end] != 0) {
                end++;
            }
            return new String(tar, at, end - at, StandardCharsets.US_ASCII);
        }
    }

    @Nested
    class Images {
        @Test
        void busyboxImageIsDeterministicAndNamesItsLayer() throws IOException {
            Path fake = Files.createTempFile("busybox", "");
            try {
                Files.writeString(fake, "not really busybox");
                byte[] first = BusyboxImage.saveArchive("corral/x:1", fake, List.of("sh"), Map.of());
                byte[] second = BusyboxImage.saveArchive("corral/x:1", fake, List.of("sh"), Map.of());
                assertThat(first).isEqualTo(second);
                String text = new String(first, StandardCharsets.ISO_8859_1);
                assertThat(text).contains("manifest.json").contains("\"RepoTags\":[\"corral/x:1\"]").contains("/layer.tar")
                        .contains("\"Cmd\":[\"sh\"]");
            } finally {
                Files.delete(fake);
            }
        }

        @Test
        void missingBusyboxIsAClearError() {
            assertThatThrownBy(() -> BusyboxImage.saveArchive("corral/x:1", Path.of("/no/such/busybox"), List.of("sh"), Map.of()))
                    .isInstanceOf(ContainerRuntimeException.class).hasMessageContaining("/no/such/busybox")
                    .hasMessageContaining("busybox-static");
        }
    }

    @Nested
    class Config {
        @Test
        void readsTheProviderSettings() {
            DockerRuntimeConfig config = DockerRuntimeConfig.fromMap(Map.of("dockerHost", "tcp://127.0.0.1:2375",
                    "volumesRoot", "/srv/pods", "pullTimeout", "PT30S", "pauseImage", "registry.local/pause:3.9"));
            assertThat(config.effectiveDockerHost()).isEqualTo("tcp://127.0.0.1:2375");
            assertThat(config.volumesRoot()).isEqualTo(Path.of("/srv/pods"));
            assertThat(config.pullTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.pauseImage()).isEqualTo("registry.local/pause:3.9");
        }

        @Test
        void namesTheBadSetting() {
            assertThatThrownBy(() -> DockerRuntimeConfig.fromMap(Map.of("pullTimeout", "soon")))
                    .hasMessageStartingWith("pullTimeout: ");
            assertThatThrownBy(() -> DockerRuntimeConfig.fromMap(Map.of("volumesRoot", "relative")))
                    .hasMessageStartingWith("volumesRoot: ");
            assertThatThrownBy(() -> DockerRuntimeConfig.fromMap(Map.of("dockerHost", "http://x")))
                    .hasMessageStartingWith("dockerHost: ");
            assertThatThrownBy(() -> DockerRuntimeConfig.fromMap(Map.of("colour", "blue")))
                    .hasMessageStartingWith("colour: ");
        }
    }

    @Nested
    class Mapping {
        @Test
        void resourcesFollowKubeletsFormulas() {
            HostConfig host = HostConfig.newHostConfig();
            PodSync.applyResources(host, new Resources(100, 1500, 0, 128L << 20));
            assertThat(host.getCpuShares()).isEqualTo(102);
            assertThat(host.getCpuQuota()).isEqualTo(150_000L);
            assertThat(host.getCpuPeriod()).isEqualTo(100_000L);
            assertThat(host.getMemory()).isEqualTo(128L << 20);
            assertThat(host.getMemorySwap()).isEqualTo(128L << 20);

            HostConfig bestEffort = HostConfig.newHostConfig();
            PodSync.applyResources(bestEffort, Resources.NONE);
            assertThat(bestEffort.getCpuShares()).isEqualTo(2);
            assertThat(bestEffort.getCpuQuota()).isNull();
            assertThat(bestEffort.getMemory()).isNull();
        }

        @Test
        void engineErrorsBecomeReasonsWithTheEngineMessage() {
            var engine = new InternalServerErrorException("Status 500: {\"message\":\"Head \\\"http://x/v2/\\\": no basic auth credentials\"}");
            assertThat(DockerErrors.message(engine)).isEqualTo("Head \"http://x/v2/\": no basic auth credentials");
            assertThat(DockerErrors.map(new RuntimeException(new IOException("No such file")), "list").reason())
                    .isEqualTo(Reason.RUNTIME_UNAVAILABLE);
            assertThat(DockerErrors.map(new RuntimeException(new SocketTimeoutException("slow")), "list").reason())
                    .isEqualTo(Reason.TIMEOUT);
            assertThat(DockerContainerRuntime.instant("0001-01-01T00:00:00Z")).isNull();
            assertThat(DockerContainerRuntime.instant("2026-11-26T21:50:00.123456789Z")).isNotNull();
        }

        @Test
        void theProviderIsListedUnderItsId() {
            assertThat(ContainerRuntimes.load().find("docker")).get().extracting(ContainerRuntimeProvider::priority).isEqualTo(100);
            try (var runtime = new DockerRuntimeProvider().create(Map.of())) {
                assertThat(Arrays.asList(runtime.capabilities().volumeKinds().toArray())).hasSize(4);
            }
        }
    }
}
