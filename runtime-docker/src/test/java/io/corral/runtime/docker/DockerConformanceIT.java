package io.corral.runtime.docker;

import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.tck.ContainerRuntimeConformanceKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The conformance kit against the real Docker engine. */
class DockerConformanceIT extends ContainerRuntimeConformanceKit {
    private static Path volumesRoot;
    private static LocalRegistry registry;
    private static String removable;

    @BeforeAll
    static void engine() throws Exception {
        DockerTestSupport.assumeEngine();
        volumesRoot = DockerTestSupport.newVolumesRoot();
        try (DockerContainerRuntime runtime = new DockerContainerRuntime(DockerTestSupport.config(volumesRoot))) {
            DockerTestSupport.ensureTestImage(runtime);
            if (Files.isExecutable(LocalRegistry.BINARY)) {
                // The kit's pull-and-remove test pulls this image from a registry on loopback.
                registry = LocalRegistry.start(null, null);
                removable = registry.push(runtime.clients().quick(), DockerTestSupport.TEST_IMAGE, "corral-tck/removable", "1");
            }
        }
    }

    @AfterAll
    static void removeVolumesRoot() {
        if (registry != null) {
            registry.close();
        }
        DockerTestSupport.deleteRecursively(volumesRoot);
    }

    @Override
    protected ContainerRuntime createRuntime() {
        return new DockerContainerRuntime(DockerTestSupport.config(volumesRoot));
    }

    @Override
    protected String testImage() {
        return DockerTestSupport.TEST_IMAGE;
    }

    @Override
    protected Optional<String> removableImage() {
        return Optional.ofNullable(removable);
    }
}
