package io.corral.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.corral.runtime.spi.Backoff;
import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import io.corral.runtime.spi.ImagePullPolicy;
import io.corral.runtime.spi.PodDescription;
import io.corral.runtime.spi.PodStatus;
import io.corral.runtime.spi.PodSyncResult;
import io.corral.runtime.spi.PullProgressListener;
import io.corral.runtime.spi.RegistryCredentials;
import io.corral.runtime.spi.SyncAction;
import io.corral.runtime.spi.SyncErrorReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Pulls through the runtime from a local registry, with and without credentials. */
class DockerRegistryIT {
    private static Path root;
    private static DockerContainerRuntime runtime;

    @BeforeAll
    static void engine() {
        DockerTestSupport.assumeEngine();
        LocalRegistry.assumeAvailable();
        root = DockerTestSupport.newVolumesRoot();
        runtime = new DockerContainerRuntime(DockerTestSupport.config(root));
        DockerTestSupport.ensureTestImage(runtime);
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
        DockerTestSupport.deleteRecursively(root);
    }

    @Test
    void pullsFromAnOpenRegistryReportingProgress() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(null, null)) {
            String image = registry.push(runtime.clients().quick(), DockerTestSupport.TEST_IMAGE, "corral-test/open", "1");
            assertThat(runtime.imageService().isPresent(image)).isFalse();
            assertThatThrownBy(() -> runtime.imageService().pull(image, null, Duration.ofMillis(1), PullProgressListener.NONE))
                    .isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(((ContainerRuntimeException) e).reason()).isEqualTo(Reason.TIMEOUT))
                    .hasMessageContaining(image);
            List<String> progress = new CopyOnWriteArrayList<>();

            String id = runtime.imageService().pull(image, null, Duration.ofSeconds(60),
                    (img, status, current, total) -> progress.add(img + " " + status));

            assertThat(id).startsWith("sha256:");
            assertThat(runtime.imageService().isPresent(image)).isTrue();
            assertThat(progress).isNotEmpty().allMatch(p -> p.startsWith(image + " "));
            assertThat(progress).anyMatch(p -> p.contains("Pull complete") || p.contains("Downloaded newer image")
                    || p.contains("Status:"));
            runtime.imageService().remove(image);
            runtime.imageService().remove(image);
            assertThat(runtime.imageService().isPresent(image)).isFalse();
        }
    }

    @Test
    void pullsWithCredentialsAndFailsWithoutThemNamingImageAndCause() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start("corral", "s3cret-pw")) {
            String image = registry.push(runtime.clients().quick(), DockerTestSupport.TEST_IMAGE, "corral-test/private", "1");

            assertThatThrownBy(() -> runtime.imageService().pull(image, null, Duration.ofSeconds(30), PullProgressListener.NONE))
                    .isInstanceOf(ContainerRuntimeException.class)
                    .satisfies(e -> assertThat(((ContainerRuntimeException) e).reason())
                            .isIn(Reason.IMAGE_PULL_FAILED, Reason.IMAGE_NOT_FOUND))
                    .hasMessageContaining(image)
                    .hasMessageContaining("auth");
            RegistryCredentials wrong = new RegistryCredentials(registry.host(), "corral", "wrong", null);
            assertThatThrownBy(() -> runtime.imageService().pull(image, wrong, Duration.ofSeconds(30), PullProgressListener.NONE))
                    .isInstanceOf(ContainerRuntimeException.class).hasMessageContaining(image);
            assertThat(runtime.imageService().isPresent(image)).isFalse();

            RegistryCredentials right = new RegistryCredentials(registry.host(), "corral", "s3cret-pw", null);
            String id = runtime.imageService().pull(image, right, Duration.ofSeconds(60), PullProgressListener.NONE);
            assertThat(runtime.imageService().inspect(image).orElseThrow().id()).isEqualTo(id);
            runtime.imageService().remove(image);

            // Through syncPod: the pull secret is picked by the image's registry host.
            String uid = UUID.randomUUID().toString();
            PodDescription pod = PodDescription.builder(uid, "private-" + uid.substring(0, 6), "docker-it")
                    .terminationGrace(Duration.ZERO)
                    .container(ContainerDescription.builder("app", image).imagePullPolicy(ImagePullPolicy.ALWAYS)
                            .command("sleep", "3600").build()).build();
            Backoff backoff = Backoff.withDefaults(Clock.systemUTC());
            try {
                PodSyncResult without = runtime.syncPod(pod, runtime.getPodStatus(uid, pod.name(), pod.namespace()), List.of(), backoff);
                assertThat(without.find(SyncAction.START_CONTAINER, "app")).get()
                        .satisfies(step -> assertThat(step.error()).isEqualTo(SyncErrorReason.ERR_IMAGE_PULL))
                        .satisfies(step -> assertThat(step.message()).contains(image));

                List<RegistryCredentials> secrets = List.of(new RegistryCredentials("other.example:5000", "x", "y", null), right);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    PodStatus status = runtime.getPodStatus(uid, pod.name(), pod.namespace());
                    runtime.syncPod(pod, status, secrets, backoff);
                    return runtime.getPodStatus(uid, pod.name(), pod.namespace()).isRunning("app");
                });
            } finally {
                DockerTestSupport.removePods(runtime, List.of(uid));
                runtime.imageService().remove(image);
            }
        }
    }
}
