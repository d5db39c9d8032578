package io.corral.runtime.rkt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * The stand-in rkt of the tests (a bash script, {@code src/test/resources/fake-rkt/rkt}): copied
 * executable into a temporary directory, with its own data directory and its test controls.
 */
final class FakeRkt {
    final Path binary;
    final Path systemdRun;
    final Path dataDir;
    final Path stateDir;

    FakeRkt(Path tmp) {
        try {
            Path bin = Files.createDirectories(tmp.resolve("bin"));
            binary = bin.resolve("rkt");
            try (InputStream in = FakeRkt.class.getResourceAsStream("/fake-rkt/rkt")) {
                Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
            systemdRun = bin.resolve("systemd-run");
            try (InputStream in = FakeRkt.class.getResourceAsStream("/fake-rkt/systemd-run")) {
                Files.copy(in, systemdRun, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(systemdRun, PosixFilePermissions.fromString("rwxr-xr-x"));
            dataDir = Files.createDirectories(tmp.resolve("rkt-data"));
            stateDir = Files.createDirectories(tmp.resolve("corral-state"));
            Files.createDirectories(dataDir.resolve(".fake"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RktConfig.Builder config() {
        return RktConfig.builder().rktBinary(binary).dataDir(dataDir).stateDir(stateDir)
                .insecureOptions(List.of("image")).gcInterval(Duration.ZERO)
                .commandTimeout(Duration.ofSeconds(10)).initContainerWait(Duration.ofSeconds(10))
                .stopTimeout(Duration.ofSeconds(5));
    }

    RktContainerRuntime runtime() {
        return new RktContainerRuntime(config().build());
    }

    /** The command prints the message to stderr and exits 254. */
    void fail(String command, String message) {
        write(".fake/fail-" + command, message + "\n");
    }

    void garbage(String command) {
        write(".fake/garbage-" + command, "");
    }

    void hang(String command) {
        write(".fake/hang-" + command, "");
    }

    void heal(String command) {
        for (String kind : List.of("fail-", "garbage-", "hang-")) {
            try {
                Files.deleteIfExists(dataDir.resolve(".fake/" + kind + command));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void version(String output) {
        write(".fake/version", output);
    }

    /** Every command line the fake received, without the global flags. */
    List<String> commands() {
        try {
            Path log = dataDir.resolve(".fake/commands");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pod manifest rkt was given for a pod. */
    String manifestOf(String uuid) {
        try {
            return Files.readString(dataDir.resolve("pods/run").resolve(uuid).resolve("pod"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String prepareArgsOf(String uuid) {
        try {
            return Files.readString(dataDir.resolve("pods/run").resolve(uuid).resolve("prepare-args"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String relative, String content) {
        try {
            Files.writeString(dataDir.resolve(relative), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
