package io.corral.runtime.docker;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.Pod;
import io.corral.runtime.spi.RuntimeStatus;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the Docker tests need from the machine: a reachable engine (else the test is skipped, or
 * fails when the environment variable {@code CI} is {@code true}), and the test image
 * {@link #TEST_IMAGE}, built here from the host's static busybox and loaded without any registry.
 */
final class DockerTestSupport {
    /** A busybox image with sh, sleep, cat, echo, httpd, nc, wget, head, tail, ... */
    static final String TEST_IMAGE = "corral-test/busybox:1";
    static final Path BUSYBOX = DockerRuntimeConfig.DEFAULT_BUSYBOX;
    private static final Object LOCK = new Object();

    private DockerTestSupport() {
    }

    /** Skips the calling test (or fails it on CI) unless a Docker engine answers. */
    static void assumeEngine() {
        RuntimeStatus status;
        try (DockerContainerRuntime probe = new DockerContainerRuntime(DockerRuntimeConfig.builder()
                .requestTimeout(Duration.ofSeconds(5)).build())) {
            status = probe.status();
        }
        if (!status.ready()) {
            String message = "No Docker engine: " + status.message();
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (CI=true: a Docker engine is required)");
            }
            assumeTrue(false, message + "; skipping the Docker tests");
        }
        assumeTrue(Files.isReadable(BUSYBOX) || "true".equals(System.getenv("CI")),
                "No static busybox at " + BUSYBOX + " to build the test image; install busybox-static");
    }

    /** A configuration of the local engine with volumes under {@code root}. */
    static DockerRuntimeConfig config(Path root) {
        return DockerRuntimeConfig.builder().volumesRoot(root).pullTimeout(Duration.ofMinutes(1)).build();
    }

    /** A fresh directory for pod volumes. */
    static Path newVolumesRoot() {
        try {
            return Files.createTempDirectory("corral-docker-test-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds and loads {@link #TEST_IMAGE} if the engine does not have it. */
    static void ensureTestImage(DockerContainerRuntime runtime) {
        synchronized (LOCK) {
            if (runtime.imageService().isPresent(TEST_IMAGE)) {
                return;
            }
            byte[] archive = BusyboxImage.saveArchive(TEST_IMAGE, BUSYBOX, List.of("sh"), Map.of("io.corral.test", "true"));
            runtime.clients().quick().loadImageCmd(new ByteArrayInputStream(archive)).exec();
        }
    }

    /** Kills and deletes everything of the given pod uids (through the runtime: only our containers). */
    static void removePods(DockerContainerRuntime runtime, List<String> uids) {
        for (Pod pod : runtime.getPods(true)) {
            if (!uids.contains(pod.uid())) {
                continue;
            }
            runtime.killPod(null, pod, Duration.ZERO);
            for (var c : pod.containers()) {
                runtime.deleteContainer(c.id());
            }
            for (var s : pod.sandboxes()) {
                runtime.deleteContainer(s.id());
            }
        }
    }

    static ContainerId idOf(String dockerId) {
        return new ContainerId(DockerContainerRuntime.TYPE, dockerId);
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort in tests.
        }
    }
}
