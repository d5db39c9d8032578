package io.corral.runtime.simulated;

import io.corral.runtime.spi.ContainerDescription;
import io.corral.runtime.spi.ContainerId;
import io.corral.runtime.spi.ContainerState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One simulated container instance; guarded by its pod's lock. Times are epoch millis. */
final class SimContainer {
    /** A line of output; {@code text} keeps its trailing newline if it had one. */
    record LogLine(long at, boolean stderr, String text) {
    }

    final String podUid;
    final int sequence;
    final ContainerDescription spec;
    final int sandboxGeneration;
    final long createdAt;
    final long startedAt;
    final int restartCount;
    final SimProcess process;
    long finishedAt = -1;
    int exitCode;
    /** Output lines, created on first output. */
    List<LogLine> logs;
    /** Files written outside any volume, created on first write. */
    Map<String, byte[]> files;

    SimContainer(String podUid, int sequence, ContainerDescription spec, int sandboxGeneration, long createdAt, long startedAt,
                 int restartCount, SimProcess process) {
        this.podUid = podUid;
        this.sequence = sequence;
        this.spec = spec;
        this.sandboxGeneration = sandboxGeneration;
        this.createdAt = createdAt;
        this.startedAt = startedAt;
        this.restartCount = restartCount;
        this.process = process;
    }

    /** The id, made on demand to keep no id objects per container. */
    ContainerId id() {
        return new ContainerId(SimulatedRuntime.TYPE, podUid + SimPod.ID_SEPARATOR + sequence);
    }

    String name() {
        return spec.name();
    }

    boolean exited() {
        return finishedAt >= 0;
    }

    ContainerState state(long now) {
        if (finishedAt >= 0) {
            return ContainerState.EXITED;
        }
        return now < startedAt ? ContainerState.CREATED : ContainerState.RUNNING;
    }

    /** Records the exit once the process finished. */
    void noteExit() {
        if (finishedAt < 0 && process.done()) {
            finishedAt = process.finishedAt();
            exitCode = process.exitCode();
        }
    }

    /** Stops the container at {@code at}: with its TERM handler's code if graceful and it has one, else 137. */
    void kill(long at, boolean graceful) {
        if (finishedAt >= 0) {
            return;
        }
        int trap = process.trapExitCode();
        int code = graceful && trap != SimProcess.NO_TRAP && at >= startedAt ? trap : 137;
        process.kill(at, code);
        finishedAt = at;
        exitCode = code;
    }

    void log(long at, boolean stderr, byte[] bytes) {
        if (logs == null) {
            logs = new ArrayList<>(4);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline + 1;
            logs.add(new LogLine(at, stderr, text.substring(start, end)));
            start = end;
        }
    }

    Map<String, byte[]> files() {
        if (files == null) {
            files = new HashMap<>(4);
        }
        return files;
    }
}
