package io.corral.runtime.rkt;

import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.tck.ContainerRuntimeConformanceKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The conformance kit against a real rkt: runs when the environment variable {@code RKT_BINARY}
 * names the rkt executable (v1.30; typically as root), and skips with that message otherwise.
 * Optional: {@code RKT_DIR} (rkt's {@code --dir}), {@code RKT_STAGE1_NAME}, {@code RKT_STATE_DIR}.
 * Docker Hub images are fetched with {@code --insecure-options=image}.
 */
@EnabledIfEnvironmentVariable(named = "RKT_BINARY", matches = ".*\\S.*",
        disabledReason = "RKT_BINARY is not set: no real rkt to run the conformance kit against (see the rkt section of the README)")
@ExtendWith(RktKnownDifferences.class)
class RktConformanceIT extends ContainerRuntimeConformanceKit {

    @Override
    protected ContainerRuntime createRuntime() {
        // Skipped as a whole (the class condition) rather than per test: the kit's clean-up needs a runtime.
        String binary = System.getenv("RKT_BINARY");
        RktConfig.Builder config = RktConfig.builder().rktBinary(Path.of(binary)).insecureOptions(List.of("image"))
                .commandTimeout(Duration.ofSeconds(30)).gcInterval(Duration.ZERO);
        env("RKT_DIR").ifPresent(d -> config.dataDir(Path.of(d)));
        env("RKT_STAGE1_NAME").ifPresent(config::stage1Name);
        env("RKT_STATE_DIR").ifPresent(d -> config.stateDir(Path.of(d)));
        return new RktContainerRuntime(config.build());
    }

    private static java.util.Optional<String> env(String name) {
        return java.util.Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    @Override
    protected Duration awaitTimeout() {
        return Duration.ofSeconds(120);
    }
}
