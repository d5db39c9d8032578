package io.corral.runtime.rkt;

import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.tck.ContainerRuntimeConformanceKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conformance kit against the rkt runtime driving the stand-in rkt, for the capability groups
 * the stand-in can honour ({@link StandInCapabilities}); the others are skipped by the kit, and the
 * tests of behaviour rkt itself does not have are skipped with their reason ({@link RktKnownDifferences}).
 */
@ExtendWith(RktKnownDifferences.class)
class RktStandInConformanceTest extends ContainerRuntimeConformanceKit {
    private static Path tmp;
    private static FakeRkt fake;

    @BeforeAll
    static void installStandIn() throws Exception {
        tmp = Files.createTempDirectory("rkt-stand-in-tck");
        fake = new FakeRkt(tmp);
    }

    @AfterAll
    static void removeStandIn() {
        RktImageService.deleteTree(tmp);
    }

    @Override
    protected ContainerRuntime createRuntime() {
        return new StandInCapabilities(new RktContainerRuntime(fake.config().initContainerWait(Duration.ofSeconds(20)).build()));
    }

    @Override
    protected Duration awaitTimeout() {
        return Duration.ofSeconds(20);
    }
}
