package io.corral.runtime.docker;

import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeProvider;
import io.corral.runtime.spi.RuntimeStatus;
import org.apiguardian.api.API;

import java.time.Duration;
import java.util.Map;

/**
 * Finds the Docker runtime through {@link java.util.ServiceLoader}: id {@code docker}, priority 100,
 * available when the engine ({@code DOCKER_HOST} or the local socket) answers a ping within a few
 * seconds. Settings for {@link #create(Map)} are those of {@link DockerRuntimeConfig#fromMap(Map)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DockerRuntimeProvider implements ContainerRuntimeProvider {
    /** The provider id. */
    public static final String ID = "docker";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability availability() {
        DockerRuntimeConfig config = DockerRuntimeConfig.builder().requestTimeout(Duration.ofSeconds(3)).build();
        try (DockerContainerRuntime runtime = new DockerContainerRuntime(config)) {
            RuntimeStatus status = runtime.status();
            return status.ready() ? Availability.yes() : Availability.no(status.message());
        } catch (RuntimeException e) {
            return Availability.no("the Docker runtime cannot start: " + e.getMessage());
        }
    }

    @Override
    public ContainerRuntime create(Map<String, String> config) {
        return new DockerContainerRuntime(DockerRuntimeConfig.fromMap(config == null ? Map.of() : config));
    }
}
