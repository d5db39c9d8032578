package io.corral.runtime.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimulatedRuntimeMemoryBenchmarkTest {

    @Test
    void aHollowNodeCostsLittleHeap() {
        SimulatedRuntimeMemoryBenchmark.Result result = SimulatedRuntimeMemoryBenchmark.run(200, 10);
        System.out.println(result);

        assertThat(result.runningPods()).isEqualTo(2000);
        assertThat(result.simulatedPerNode()).isPositive().isLessThan(64 * 1024);
        assertThat(result.baselinePerNode()).isPositive();
    }
}
