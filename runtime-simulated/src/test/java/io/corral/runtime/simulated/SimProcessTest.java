package io.corral.runtime.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimProcessTest {
    private final Map<String, byte[]> files = new HashMap<>();
    private final Map<String, String> env = new HashMap<>(Map.of("NAME", "world"));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final StringBuilder timeline = new StringBuilder();

    private final SimProcess.Machine machine = new SimProcess.Machine() {
        @Override
        public String env(String name) {
            return env.get(name);
        }

        @Override
        public byte[] read(String path) {
            return files.get(path);
        }

        @Override
        public String write(String path, byte[] data, boolean append) {
            if (path.startsWith("/ro/")) {
                return "Read-only file system";
            }
            files.merge(path, data, (a, b) -> append ? (new String(a, StandardCharsets.UTF_8) + new String(b, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8) : b);
            return null;
        }

        @Override
        public void output(long at, boolean stderr, byte[] bytes) {
            (stderr ? err : out).writeBytes(bytes);
            timeline.append(at).append(':').append(new String(bytes, StandardCharsets.UTF_8).strip()).append(' ');
        }
    };

    private SimProcess run(String script, long until) {
        SimProcess p = new SimProcess(Script.parse(script), 0);
        p.runUntil(until, machine);
        return p;
    }

    @Test
    void echoesExpandsVariablesAndHonoursQuotes() {
        SimProcess p = run("echo hello $NAME; echo \"a  b\" '$NAME' ${NAME}!; echo -n x", 0);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello world\na  b $NAME world!\nx");
        assertThat(p.done()).isTrue();
        assertThat(p.exitCode()).isZero();
    }

    @Test
    void sleepsInVirtualTime() {
        SimProcess p = run("echo a; sleep 5; echo b; sleep 0.5; exit 4", 4_999);
        assertThat(timeline.toString()).isEqualTo("0:a ");
        assertThat(p.done()).isFalse();
        assertThat(p.nextEventAt()).isEqualTo(5_000);

        p.runUntil(5_499, machine);
        assertThat(timeline.toString()).isEqualTo("0:a 5000:b ");
        p.runUntil(5_500, machine);
        assertThat(p.done()).isTrue();
        assertThat(p.exitCode()).isEqualTo(4);
        assertThat(p.finishedAt()).isEqualTo(5_500);
    }

    @Test
    void redirectsToFilesAndStandardError() {
        run("echo one > /f; echo two >> /f; cat /f; echo oops >&2; echo no > /ro/x", 0);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\nsh: can't create /ro/x: Read-only file system\n");
    }

    @Test
    void andOrConnectorsFollowTheLastStatus() {
        SimProcess p = run("false && echo skipped; true && echo ran; false || echo rescued; cat /missing || exit 9", 0);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ran\nrescued\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cat: can't open '/missing'");
        assertThat(p.exitCode()).isEqualTo(9);
    }

    @Test
    void unknownCommandsAreNotFoundAndPipelinesAreRefused() {
        SimProcess p = run("nc -l -p 80", 0);
        assertThat(p.exitCode()).isEqualTo(127);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("sh: nc: not found\n");

        SimProcess pipe = run("head -c 1 /dev/zero | tail", 0);
        assertThat(pipe.exitCode()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("pipelines are not simulated");
    }

    @Test
    void aWhileTrueLoopRunsUntilKilledAndATrapSetsTheExitCode() {
        SimProcess p = run("trap 'exit 0' TERM; while true; do sleep 1; done; echo never", 1_000_000);
        assertThat(p.done()).isFalse();
        assertThat(p.trapExitCode()).isZero();
        assertThat(out.size()).isZero();

        p.kill(1_000_000, p.trapExitCode());
        assertThat(p.done()).isTrue();
        assertThat(p.exitCode()).isZero();
    }

    @Test
    void aPlainArgvIsOneCommandAndShDashCIsAScript() {
        assertThat(new SimProcess(Script.of(List.of("sleep", "3600")), 0).commandNames()).containsExactly("sleep");
        assertThat(new SimProcess(Script.of(List.of("/bin/sh", "-c", "echo a; exit 1")), 0).commandNames())
                .containsExactly("echo", "exit");
        assertThat(Script.of(List.of())).isNull();
    }
}
