package io.corral.runtime.rkt;

import io.corral.runtime.spi.ContainerRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Settings of the rkt runtime. Build with {@link #builder()}, or from the provider's string map with
 * {@link #fromMap(Map)} (keys listed on {@link #KEYS}).
 *
 * @param rktBinary            the {@code rkt} executable: an absolute path, or a bare name looked up on {@code PATH}; non-null
 * @param dataDir              rkt's data directory ({@code --dir}); null for rkt's default ({@code /var/lib/rkt})
 * @param stateDir             where this runtime keeps pod volumes, captured pod output and scratch files; non-null
 * @param stage1Name           {@code --stage1-name} for {@code prepare}; nullable
 * @param stage1Path           {@code --stage1-path} for {@code prepare}; nullable
 * @param insecureOptions      {@code --insecure-options} values (e.g. {@code image} to fetch unsigned {@code docker://} images); immutable
 * @param dockerImages         whether image references without a scheme are Docker references ({@code docker://} is prefixed)
 * @param commandTimeout       how long one rkt command other than {@code fetch} may take; positive
 * @param supervisor           how {@code rkt run-prepared} is supervised; non-null
 * @param systemdRunBinary     the {@code systemd-run} executable for {@link Supervisor#SYSTEMD_RUN}; non-null
 * @param gcInterval           how often {@code rkt gc} runs; zero disables the schedule
 * @param gcGracePeriod        {@code rkt gc --grace-period}: how long exited pods are kept
 * @param initContainerWait    how long {@code syncPod} waits for an init container to finish before returning (the next sync goes on)
 * @param stopTimeout          how long to wait for a pod to go after {@code rkt stop --force}; positive
 * @param pullTimeout          how long {@code rkt fetch} may take when {@code syncPod} pulls an image; positive
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RktConfig(Path rktBinary, Path dataDir, Path stateDir, String stage1Name, Path stage1Path,
                        List<String> insecureOptions, boolean dockerImages, Duration commandTimeout,
                        Supervisor supervisor, Path systemdRunBinary, Duration gcInterval, Duration gcGracePeriod,
                        Duration initContainerWait, Duration stopTimeout, Duration pullTimeout) {

    /** The keys {@link #fromMap(Map)} understands. */
    public static final Set<String> KEYS = Set.of("binary", "dir", "stateDir", "stage1Name", "stage1Path",
            "insecureOptions", "dockerImages", "commandTimeout", "supervisor", "systemdRun", "gcInterval",
            "gcGracePeriod", "initContainerWait", "stopTimeout", "pullTimeout");

    /** How the process of a running pod ({@code rkt run-prepared}) is supervised. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public enum Supervisor {
        /** A child process of the JVM (in its own session, so it outlives the JVM). */
        CHILD_PROCESS,
        /** A transient systemd unit started with {@code systemd-run}; for hosts where systemd is the init system. */
        SYSTEMD_RUN
    }

    public RktConfig {
        Objects.requireNonNull(rktBinary, "rktBinary");
        Objects.requireNonNull(stateDir, "stateDir");
        insecureOptions = List.copyOf(insecureOptions == null ? List.of() : insecureOptions);
        positive(commandTimeout, "commandTimeout");
        Objects.requireNonNull(supervisor, "supervisor");
        Objects.requireNonNull(systemdRunBinary, "systemdRunBinary");
        notNegative(gcInterval, "gcInterval");
        notNegative(gcGracePeriod, "gcGracePeriod");
        notNegative(initContainerWait, "initContainerWait");
        positive(stopTimeout, "stopTimeout");
        positive(pullTimeout, "pullTimeout");
    }

    private static void positive(Duration d, String field) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw ContainerRuntimeException.invalidArgument("rkt." + field, "must be a positive duration, was " + d);
        }
    }

    private static void notNegative(Duration d, String field) {
        if (d == null || d.isNegative()) {
            throw ContainerRuntimeException.invalidArgument("rkt." + field, "must be a duration >= 0, was " + d);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads settings from the provider's map: {@code binary}, {@code dir}, {@code stateDir},
     * {@code stage1Name}, {@code stage1Path}, {@code insecureOptions} (comma separated),
     * {@code dockerImages} (true/false), {@code commandTimeout}, {@code gcInterval},
     * {@code gcGracePeriod}, {@code initContainerWait}, {@code stopTimeout}, {@code pullTimeout} (ISO-8601 durations such
     * as {@code PT10S}, or seconds), {@code supervisor} ({@code child-process} or {@code systemd-run}),
     * {@code systemdRun}. Unknown keys are an error.
     *
     * @throws ContainerRuntimeException {@code INVALID_ARGUMENT} naming the key at fault
     */
    public static RktConfig fromMap(Map<String, String> config) {
        Builder b = builder();
        for (Map.Entry<String, String> e : config.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (value == null) {
                throw ContainerRuntimeException.invalidArgument("rkt." + key, "must not be null");
            }
            switch (key) {
                case "binary" -> b.rktBinary(Path.of(value));
                case "dir" -> b.dataDir(Path.of(value));
                case "stateDir" -> b.stateDir(Path.of(value));
                case "stage1Name" -> b.stage1Name(value);
                case "stage1Path" -> b.stage1Path(Path.of(value));
                case "insecureOptions" -> b.insecureOptions(splitCommas(value));
                case "dockerImages" -> b.dockerImages(parseBoolean(key, value));
                case "commandTimeout" -> b.commandTimeout(parseDuration(key, value));
                case "supervisor" -> b.supervisor(parseSupervisor(value));
                case "systemdRun" -> b.systemdRunBinary(Path.of(value));
                case "gcInterval" -> b.gcInterval(parseDuration(key, value));
                case "gcGracePeriod" -> b.gcGracePeriod(parseDuration(key, value));
                case "initContainerWait" -> b.initContainerWait(parseDuration(key, value));
                case "stopTimeout" -> b.stopTimeout(parseDuration(key, value));
                case "pullTimeout" -> b.pullTimeout(parseDuration(key, value));
                default -> throw ContainerRuntimeException.invalidArgument("rkt." + key,
                        "unknown setting; known: " + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        return b.build();
    }

    private static List<String> splitCommas(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    private static boolean parseBoolean(String key, String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ContainerRuntimeException.invalidArgument("rkt." + key, "must be true or false, was \"" + value + "\"");
        };
    }

    private static Supervisor parseSupervisor(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "child-process", "child_process" -> Supervisor.CHILD_PROCESS;
            case "systemd-run", "systemd_run" -> Supervisor.SYSTEMD_RUN;
            default -> throw ContainerRuntimeException.invalidArgument("rkt.supervisor",
                    "must be child-process or systemd-run, was \"" + value + "\"");
        };
    }

    static Duration parseDuration(String key, String value) {
        String v = value.trim();
        try {
            if (v.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            return Duration.parse(v);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ContainerRuntimeException.invalidArgument("rkt." + key,
                    "must be an ISO-8601 duration (PT10S) or whole seconds, was \"" + value + "\"");
        }
    }

    /** The binary as an absolute path if it is one or is found on {@code PATH}; null if not found. */
    Path resolveBinary() {
        if (rktBinary.isAbsolute() || rktBinary.getNameCount() > 1) {
            return rktBinary;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(rktBinary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Builder of {@link RktConfig}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private Path rktBinary = Path.of("rkt");
        private Path dataDir;
        private Path stateDir = Path.of(System.getProperty("java.io.tmpdir"), "corral-rkt-" + System.getProperty("user.name", "user"));
        private String stage1Name;
        private Path stage1Path;
        private List<String> insecureOptions = List.of();
        private boolean dockerImages = true;
        private Duration commandTimeout = Duration.ofSeconds(10);
        private Supervisor supervisor = Supervisor.CHILD_PROCESS;
        private Path systemdRunBinary = Path.of("systemd-run");
        private Duration gcInterval = Duration.ofMinutes(10);
        private Duration gcGracePeriod = Duration.ofMinutes(30);
        private Duration initContainerWait = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(10);
        private Duration pullTimeout = Duration.ofMinutes(5);

        private Builder() {
        }

        public Builder rktBinary(Path v) { this.rktBinary = v; return this; }
        public Builder dataDir(Path v) { this.dataDir = v; return this; }
        public Builder stateDir(Path v) { this.stateDir = v; return this; }
        public Builder stage1Name(String v) { this.stage1Name = v; return this; }
        public Builder stage1Path(Path v) { this.stage1Path = v; return this; }
        public Builder insecureOptions(List<String> v) { this.insecureOptions = v; return this; }
        public Builder dockerImages(boolean v) { this.dockerImages = v; return this; }
        public Builder commandTimeout(Duration v) { this.commandTimeout = v; return this; }
        public Builder supervisor(Supervisor v) { this.supervisor = v; return this; }
        public Builder systemdRunBinary(Path v) { this.systemdRunBinary = v; return this; }
        public Builder gcInterval(Duration v) { this.gcInterval = v; return this; }
        public Builder gcGracePeriod(Duration v) { this.gcGracePeriod = v; return this; }
        public Builder initContainerWait(Duration v) { this.initContainerWait = v; return this; }
        public Builder stopTimeout(Duration v) { this.stopTimeout = v; return this; }
        public Builder pullTimeout(Duration v) { this.pullTimeout = v; return this; }

        public RktConfig build() {
            return new RktConfig(rktBinary, dataDir, stateDir, stage1Name, stage1Path, insecureOptions, dockerImages,
                    commandTimeout, supervisor, systemdRunBinary, gcInterval, gcGracePeriod, initContainerWait, stopTimeout,
                    pullTimeout);
        }
    }
}
