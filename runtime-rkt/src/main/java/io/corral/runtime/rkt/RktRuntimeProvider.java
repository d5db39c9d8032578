package io.corral.runtime.rkt;

import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeProvider;
import io.corral.runtime.spi.RuntimeStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * ServiceLoader provider of the rkt runtime, id {@code rkt}. Available when the rkt binary (the
 * {@code RKT_BINARY} environment variable, else {@code rkt} on {@code PATH}) is found and is rkt
 * 1.30 or newer. {@link #create} takes the settings of {@link RktConfig#fromMap(Map)}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class RktRuntimeProvider implements ContainerRuntimeProvider {
    /** The provider id. */
    public static final String ID = "rkt";

    @Override
    public String id() {
        return ID;
    }

    /** Below Docker's: rkt is chosen when asked for or when it is all there is. */
    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability availability() {
        String env = System.getenv("RKT_BINARY");
        return availability(Path.of(env == null || env.isBlank() ? "rkt" : env));
    }

    /** The availability of a given rkt binary. */
    public static Availability availability(Path binary) {
        RktConfig config = RktConfig.builder().rktBinary(binary).commandTimeout(Duration.ofSeconds(5)).gcInterval(Duration.ZERO).build();
        try (RktContainerRuntime runtime = new RktContainerRuntime(config)) {
            RuntimeStatus status = runtime.status();
            return status.ready() ? Availability.yes() : Availability.no(status.message());
        } catch (RuntimeException e) {
            return Availability.no(String.valueOf(e.getMessage()));
        }
    }

    @Override
    public ContainerRuntime create(Map<String, String> config) {
        return new RktContainerRuntime(RktConfig.fromMap(config));
    }
}
