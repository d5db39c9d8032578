package io.corral.samples.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The main sample")
class RunPodsIT {

    @Test
    @DisplayName("runs its pod on simulated nodes, shows status, logs and exec, and cleans up")
    void runsOnSimulatedNodes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String exec;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exec = new RunPods(out).run(RunPods.Mode.SIMULATED);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exec).contains("\"exitCode\":0", "hello from the writer");
        assertThat(printed)
                .contains("a simulated node sim-")
                .contains("Pod hello: phase Running")
                .contains("container writer: running since", "container reader: running since")
                .contains("  | hello from the writer")
                .contains("Pod gone.", "Members stopped.");
    }
}
