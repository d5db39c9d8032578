package io.corral.samples.plugin;

import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.tck.ContainerRuntimeConformanceKit;
import java.time.Duration;
import java.util.Set;

/** The plugin's whole conformance test: the kit skips what the runtime does not declare (exec, log timestamps, volumes, ...). */
class HostProcessRuntimeConformanceTest extends ContainerRuntimeConformanceKit {
    @Override
    protected ContainerRuntime createRuntime() {
        return new HostProcessRuntime(Set.of(testImage(), removableImage().orElseThrow()));
    }

    @Override
    protected Duration awaitTimeout() {
        return Duration.ofSeconds(20);
    }
}
