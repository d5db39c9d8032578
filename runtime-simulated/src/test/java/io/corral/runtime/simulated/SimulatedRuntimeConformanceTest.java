package io.corral.runtime.simulated;

import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.tck.ContainerRuntimeConformanceKit;

/** The simulated runtime passes the conformance kit for every capability it declares. */
class SimulatedRuntimeConformanceTest extends ContainerRuntimeConformanceKit {

    @Override
    protected ContainerRuntime createRuntime() {
        return SimulatedRuntime.builder().nodeName("tck-node").build();
    }
}
