package io.corral.runtime.docker;

import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.tck.ContainerRuntimeConformanceKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.nio.file.Path;
import java.util.Optional;

/** The conformance kit against the real Docker engine. */
class DockerConformanceIT extends ContainerRuntimeConformanceKit {
    private static Path volumesRoot;

    @BeforeAll
    static void engine() {
        DockerTestSupport.assumeEngine();
        volumesRoot = DockerTestSupport.newVolumesRoot();
        try (DockerContainerRuntime runtime = new DockerContainerRuntime(DockerTestSupport.config(volumesRoot))) {
            DockerTestSupport.ensureTestImage(runtime);
        }
    }

    @AfterAll
    static void removeVolumesRoot() {
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
        return Optional.empty();
    }
}
