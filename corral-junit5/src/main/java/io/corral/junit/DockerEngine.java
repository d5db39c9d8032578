package io.corral.junit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.corral.runtime.spi.ContainerRuntimeProvider;
import io.corral.runtime.spi.ContainerRuntimes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apiguardian.api.API;

/**
 * The real Docker engine for tests that run pods on it: a test calls {@link #require()} first;
 * without an engine it is skipped, unless {@code CI=true}, where a missing engine is a failure. The
 * engine is found through the {@code docker} runtime on the class path ({@code runtime-docker});
 * the test image is built with the {@code docker} command and the host's static busybox
 * ({@code /bin/busybox}, Debian's {@code busybox-static}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DockerEngine {
    /**
     * A busybox image with sh, httpd, nc, wget, nslookup, sleep, ... built here by {@code docker
     * import} of a root file system holding the host's static busybox; no registry involved.
     */
    public static final String BUSYBOX = "corral-test/busybox:1";

    private static final Path STATIC_BUSYBOX = Path.of("/bin/busybox");
    private static final Object LOCK = new Object();

    private DockerEngine() {
    }

    /** Skips the calling test without an engine (fails it when {@code CI=true}); builds {@link #BUSYBOX}. */
    public static void require() {
        Optional<ContainerRuntimeProvider> docker = ContainerRuntimes.load().find("docker");
        String why = docker.isEmpty() ? "the docker runtime is not on the class path"
                : docker.get().availability().available() ? null : docker.get().availability().reason();
        if (why != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("No Docker engine (CI=true: one is required): " + why);
            }
            assumeTrue(false, "No Docker engine: " + why);
        }
        ensureBusybox();
    }

    /** Whether the Docker runtime is on the class path and an engine answers. */
    public static boolean available() {
        Optional<ContainerRuntimeProvider> docker = ContainerRuntimes.load().find("docker");
        return docker.isPresent() && docker.get().availability().available();
    }

    private static void ensureBusybox() {
        synchronized (LOCK) {
            if (run(List.of("docker", "image", "inspect", BUSYBOX)) == 0) {
                return;
            }
            if (!Files.isExecutable(STATIC_BUSYBOX)) {
                fail("No static busybox at " + STATIC_BUSYBOX + " to build " + BUSYBOX + ": install busybox-static");
            }
            try {
                Path root = Files.createTempDirectory("corral-test-rootfs-");
                Files.createDirectories(root.resolve("bin"));
                Files.createDirectories(root.resolve("tmp"));
                Files.createDirectories(root.resolve("etc"));
                Files.copy(STATIC_BUSYBOX, root.resolve("bin/busybox"));
                Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n",
                        StandardCharsets.UTF_8);
                Files.writeString(root.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n", StandardCharsets.UTF_8);
                // one link per applet, as busybox --install would make
                int links = run(List.of("/bin/busybox", "--install", "-s", root.resolve("bin").toString()));
                if (links != 0) {
                    fail("busybox --install failed in " + root);
                }
                String script = "tar -C '" + root + "' -c . | docker import -c 'CMD [\"sh\"]' -c 'ENV PATH=/bin' - " + BUSYBOX;
                if (run(List.of("sh", "-c", script)) != 0) {
                    fail("docker import of " + BUSYBOX + " failed");
                }
            } catch (IOException e) {
                throw new IllegalStateException("could not build " + BUSYBOX, e);
            }
        }
    }

    private static int run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
