package io.corral.runtime.rkt;

import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code rkt run-prepared <uuid>} for a prepared pod and captures what it prints to a per-pod
 * log file, each line stamped with the time it was read ({@link PodLogs} reads it). The capture is
 * done by a small bash script, not by JVM threads, so a pod keeps running and logging when the JVM
 * goes: as a child process in its own session ({@code setsid}), or as a transient systemd unit
 * ({@code systemd-run}). Thread-safe.
 */
final class PodSupervisor {
    private static final String SCRIPT_RESOURCE = "rkt-supervise.sh";

    private final RktConfig config;
    private final RktCli cli;
    private final Path logDir;
    private final Path script;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();

    PodSupervisor(RktConfig config, RktCli cli, Path logDir, Path binDir) {
        this.config = config;
        this.cli = cli;
        this.logDir = logDir;
        try {
            Files.createDirectories(logDir);
            Files.createDirectories(binDir);
            this.script = binDir.resolve(SCRIPT_RESOURCE);
            try (InputStream in = PodSupervisor.class.getResourceAsStream(SCRIPT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + SCRIPT_RESOURCE);
                }
                Path tmp = Files.createTempFile(binDir, "supervise-", ".sh");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new ContainerRuntimeException(Reason.INTERNAL, "cannot set up the rkt state directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    Path logFile(String uuid) {
        return logDir.resolve(uuid + ".log");
    }

    Path exitFile(String uuid) {
        return logDir.resolve(uuid + ".exit");
    }

    /** Starts the prepared pod; returns once its process is launched. */
    void start(String uuid) {
        List<String> rkt = cli.commandLine(List.of("run-prepared", uuid));
        List<String> command = new ArrayList<>();
        if (config.supervisor() == RktConfig.Supervisor.SYSTEMD_RUN) {
            command.add(config.systemdRunBinary().toString());
            command.add("--unit=" + unitName(uuid));
            command.add("--collect");
            command.add("--quiet");
            command.add("--property=KillMode=mixed");
        } else if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add("bash");
        command.add(script.toString());
        command.add(logFile(uuid).toString());
        command.add(exitFile(uuid).toString());
        command.addAll(rkt);
        try {
            Files.deleteIfExists(exitFile(uuid));
            Path err = logDir.resolve(uuid + ".supervisor.err");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(err.toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
            Process process = pb.start();
            if (config.supervisor() == RktConfig.Supervisor.SYSTEMD_RUN) {
                // systemd-run returns once the unit is started.
                if (!process.waitFor(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new ContainerRuntimeException(Reason.TIMEOUT, "`" + String.join(" ", command)
                            + "` did not finish within " + config.commandTimeout());
                }
                if (process.exitValue() != 0) {
                    throw new ContainerRuntimeException(Reason.INTERNAL, "`" + String.join(" ", command) + "` exited with status "
                            + process.exitValue() + ": " + RktCli.abbreviate(Files.readString(err, StandardCharsets.UTF_8).strip()));
                }
            } else {
                processes.put(uuid, process);
                process.onExit().thenRun(() -> processes.remove(uuid, process));
            }
        } catch (IOException e) {
            throw new ContainerRuntimeException(Reason.RUNTIME_UNAVAILABLE,
                    "cannot start `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException(Reason.INTERRUPTED, "interrupted while starting pod " + uuid, e);
        }
    }

    static String unitName(String uuid) {
        return "corral-rkt-" + uuid + ".service";
    }

    /** The exit status of the pod's {@code rkt run-prepared}, once it ended. */
    Optional<Integer> exitStatus(String uuid) {
        try {
            Path file = exitFile(uuid);
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Forgets the pod's files. */
    void forget(String uuid) {
        processes.remove(uuid);
        for (Path p : List.of(logFile(uuid), exitFile(uuid), logDir.resolve(uuid + ".supervisor.err"))) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /** The uuids that have a log file. */
    List<String> loggedPods() {
        try (var files = Files.list(logDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log"))
                    .map(n -> n.substring(0, n.length() - 4)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Leaves the pods running; only forgets the process handles. */
    void close() {
        processes.clear();
    }
}
