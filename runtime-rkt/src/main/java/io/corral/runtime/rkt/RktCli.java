package io.corral.runtime.rkt;

import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rkt commands: adds the global flags, enforces a timeout, and turns rkt's own failures (exit
 * status 254 or any other non-zero status, a missing binary, a hang) into
 * {@link ContainerRuntimeException}s that name the command and carry its standard error.
 * Output goes through scratch files, so no thread is needed to drain pipes. Thread-safe.
 */
final class RktCli {
    private static final Logger LOG = LoggerFactory.getLogger(RktCli.class);
    /** rkt's exit status for its own errors. */
    static final int RKT_ERROR = 254;
    private static final int MAX_MESSAGE_OUTPUT = 2000;

    /** What a finished command printed. */
    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        String describe() {
            return "`" + String.join(" ", command) + "` exited with status " + exitCode
                    + (stderr.isBlank() ? "" : ": " + abbreviate(stderr.strip()));
        }
    }

    private final RktConfig config;
    private final Path scratch;

    RktCli(RktConfig config, Path scratch) {
        this.config = config;
        this.scratch = scratch;
    }

    /** The global flags every command gets. */
    List<String> globalFlags() {
        List<String> flags = new ArrayList<>();
        if (config.dataDir() != null) {
            flags.add("--dir=" + config.dataDir());
        }
        if (!config.insecureOptions().isEmpty()) {
            flags.add("--insecure-options=" + String.join(",", config.insecureOptions()));
        }
        return flags;
    }

    /** The full command line of a subcommand. */
    List<String> commandLine(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        command.addAll(globalFlags());
        command.addAll(args);
        return command;
    }

    Path binary() {
        Path resolved = config.resolveBinary();
        if (resolved == null || !Files.isExecutable(resolved)) {
            throw new ContainerRuntimeException(Reason.RUNTIME_UNAVAILABLE, "rkt binary " + config.rktBinary()
                    + (resolved == null ? " not found on PATH" : " is missing or not executable"));
        }
        return resolved;
    }

    /** Runs a command that must succeed (exit status 0). */
    Result check(List<String> args, Duration timeout) {
        Result result = run(args, timeout);
        if (result.exitCode() != 0) {
            throw failure(result);
        }
        return result;
    }

    /** An exception for a failed command; the reason is INTERNAL unless the caller maps it. */
    static ContainerRuntimeException failure(Result result) {
        return failure(Reason.INTERNAL, result);
    }

    static ContainerRuntimeException failure(Reason reason, Result result) {
        String what = result.exitCode() == RKT_ERROR ? "rkt failed: " : "rkt command failed: ";
        return new ContainerRuntimeException(reason, what + result.describe());
    }

    /** Runs a command and returns whatever status it exited with; throws only when it could not run or hung. */
    Result run(List<String> args, Duration timeout) {
        List<String> command = commandLine(args);
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            Files.createDirectories(scratch);
            out = Files.createTempFile(scratch, "rkt-", ".out");
            err = Files.createTempFile(scratch, "rkt-", ".err");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            LOG.debug("Running {}", command);
            process = pb.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree(process);
                throw new ContainerRuntimeException(Reason.TIMEOUT, "`" + String.join(" ", command)
                        + "` did not finish within " + timeout + stderrSoFar(err));
            }
            return new Result(command, process.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new ContainerRuntimeException(Reason.RUNTIME_UNAVAILABLE,
                    "cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                destroyTree(process);
            }
            throw new ContainerRuntimeException(Reason.INTERRUPTED, "interrupted while running `" + String.join(" ", command) + "`", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String stderrSoFar(Path err) {
        try {
            String text = read(err);
            return text.isBlank() ? "" : "; stderr: " + abbreviate(text.strip());
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // scratch file; the directory is cleaned with the runtime's state
            }
        }
    }

    static String abbreviate(String text) {
        return text.length() <= MAX_MESSAGE_OUTPUT ? text : text.substring(0, MAX_MESSAGE_OUTPUT) + "...";
    }
}
