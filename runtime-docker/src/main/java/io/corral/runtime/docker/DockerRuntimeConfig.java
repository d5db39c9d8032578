package io.corral.runtime.docker;

import io.corral.runtime.spi.ContainerRuntimeException;
import org.apiguardian.api.API;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a {@link DockerContainerRuntime}. Build with {@link #builder()} or from the
 * provider's string map with {@link #fromMap(Map)}.
 *
 * <p>Provider keys ({@link #fromMap}): {@code dockerHost} (e.g. {@code unix:///var/run/docker.sock},
 * {@code tcp://127.0.0.1:2375}), {@code volumesRoot} (a directory path), {@code pauseImage} (an image
 * reference), {@code busyboxPath} (a static busybox binary), {@code pullTimeout} and
 * {@code requestTimeout} (ISO-8601 durations such as {@code PT5M}).
 *
 * @param dockerHost     the engine's address; null for {@code DOCKER_HOST} from the environment, else the local socket
 * @param volumesRoot    where pod directories live ({@code <root>/<pod uid>/volumes/<name>}); must be on the
 *                       engine's host (bind mounts are resolved there); non-null
 * @param pauseImage     the image of the infrastructure container holding a pod's network and IPC namespaces;
 *                       {@link #DEFAULT_PAUSE_IMAGE} is built locally from {@code busyboxPath} when missing,
 *                       any other image is pulled when missing; non-blank
 * @param busyboxPath    a statically linked busybox binary of the engine's architecture, used to build the
 *                       default pause image; non-null
 * @param pullTimeout    the longest an image pull in {@code syncPod} may take; positive
 * @param requestTimeout the longest a short engine request (inspect, list, create, start) may take; positive
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DockerRuntimeConfig(String dockerHost, Path volumesRoot, String pauseImage, Path busyboxPath,
                                  Duration pullTimeout, Duration requestTimeout) {
    /** The local engine socket. */
    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    /** Where pod volumes live by default. */
    public static final Path DEFAULT_VOLUMES_ROOT = Path.of("/var/lib/corral/pods");
    /** The pause image built from the host's busybox when missing. */
    public static final String DEFAULT_PAUSE_IMAGE = "corral/pause:busybox-1";
    /** Debian's busybox-static. */
    public static final Path DEFAULT_BUSYBOX = Path.of("/bin/busybox");

    private static final Set<String> KEYS = Set.of("dockerHost", "volumesRoot", "pauseImage", "busyboxPath",
            "pullTimeout", "requestTimeout");

    public DockerRuntimeConfig {
        if (dockerHost != null) {
            try {
                URI uri = URI.create(dockerHost);
                if (uri.getScheme() == null || !Set.of("unix", "tcp", "npipe").contains(uri.getScheme())) {
                    throw ContainerRuntimeException.invalidArgument("dockerHost",
                            "must be a unix://, tcp:// or npipe:// address, was \"" + dockerHost + "\"");
                }
            } catch (IllegalArgumentException e) {
                throw ContainerRuntimeException.invalidArgument("dockerHost", "is not a URI: \"" + dockerHost + "\"");
            }
        }
        notNull(volumesRoot, "volumesRoot");
        if (!volumesRoot.isAbsolute()) {
            throw ContainerRuntimeException.invalidArgument("volumesRoot", "must be absolute, was \"" + volumesRoot + "\"");
        }
        if (pauseImage == null || pauseImage.isBlank()) {
            throw ContainerRuntimeException.invalidArgument("pauseImage", "must not be blank");
        }
        notNull(busyboxPath, "busyboxPath");
        positive(pullTimeout, "pullTimeout");
        positive(requestTimeout, "requestTimeout");
    }

    /** The defaults: local socket (or {@code DOCKER_HOST}), {@code /var/lib/corral/pods}, 5 min pulls, 15 s requests. */
    public static DockerRuntimeConfig defaults() {
        return builder().build();
    }

    /**
     * The engine address to use: {@link #dockerHost()} if set, else the {@code DOCKER_HOST}
     * environment variable if set, else {@link #DEFAULT_DOCKER_HOST}.
     */
    public String effectiveDockerHost() {
        if (dockerHost != null) {
            return dockerHost;
        }
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? DEFAULT_DOCKER_HOST : env;
    }

    /**
     * Reads the provider's settings (keys listed in the class comment); unknown keys are errors.
     *
     * @throws ContainerRuntimeException {@code INVALID_ARGUMENT} naming the bad key
     */
    public static DockerRuntimeConfig fromMap(Map<String, String> config) {
        Objects.requireNonNull(config, "config");
        for (String key : config.keySet()) {
            if (!KEYS.contains(key)) {
                throw ContainerRuntimeException.invalidArgument(key, "unknown setting of the docker runtime; known: "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        Builder b = builder();
        if (config.containsKey("dockerHost")) {
            b.dockerHost(config.get("dockerHost"));
        }
        if (config.containsKey("volumesRoot")) {
            b.volumesRoot(Path.of(config.get("volumesRoot")));
        }
        if (config.containsKey("pauseImage")) {
            b.pauseImage(config.get("pauseImage"));
        }
        if (config.containsKey("busyboxPath")) {
            b.busyboxPath(Path.of(config.get("busyboxPath")));
        }
        if (config.containsKey("pullTimeout")) {
            b.pullTimeout(duration(config, "pullTimeout"));
        }
        if (config.containsKey("requestTimeout")) {
            b.requestTimeout(duration(config, "requestTimeout"));
        }
        return b.build();
    }

    private static Duration duration(Map<String, String> config, String key) {
        try {
            return Duration.parse(config.get(key));
        } catch (DateTimeParseException | NullPointerException e) {
            throw ContainerRuntimeException.invalidArgument(key, "must be an ISO-8601 duration such as PT30S, was \""
                    + config.get(key) + "\"");
        }
    }

    private static void notNull(Object value, String field) {
        if (value == null) {
            throw ContainerRuntimeException.invalidArgument(field, "must not be null");
        }
    }

    private static void positive(Duration value, String field) {
        notNull(value, field);
        if (value.isZero() || value.isNegative()) {
            throw ContainerRuntimeException.invalidArgument(field, "must be positive, was " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().dockerHost(dockerHost).volumesRoot(volumesRoot).pauseImage(pauseImage)
                .busyboxPath(busyboxPath).pullTimeout(pullTimeout).requestTimeout(requestTimeout);
    }

    /** Builder of {@link DockerRuntimeConfig}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private String dockerHost;
        private Path volumesRoot = DEFAULT_VOLUMES_ROOT;
        private String pauseImage = DEFAULT_PAUSE_IMAGE;
        private Path busyboxPath = DEFAULT_BUSYBOX;
        private Duration pullTimeout = Duration.ofMinutes(5);
        private Duration requestTimeout = Duration.ofSeconds(15);

        private Builder() {
        }

        public Builder dockerHost(String dockerHost) { this.dockerHost = dockerHost; return this; }
        public Builder volumesRoot(Path volumesRoot) { this.volumesRoot = volumesRoot; return this; }
        public Builder pauseImage(String pauseImage) { this.pauseImage = pauseImage; return this; }
        public Builder busyboxPath(Path busyboxPath) { this.busyboxPath = busyboxPath; return this; }
        public Builder pullTimeout(Duration pullTimeout) { this.pullTimeout = pullTimeout; return this; }
        public Builder requestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; return this; }

        public DockerRuntimeConfig build() {
            return new DockerRuntimeConfig(dockerHost, volumesRoot, pauseImage, busyboxPath, pullTimeout, requestTimeout);
        }
    }
}
