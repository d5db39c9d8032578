package io.corral.runtime.spi;

import java.util.Map;
import org.apiguardian.api.API;

/**
 * Makes {@link ContainerRuntime}s of one kind; found with {@link java.util.ServiceLoader} (list the
 * class in {@code META-INF/services/io.corral.runtime.spi.ContainerRuntimeProvider}). Implementations
 * need a public no-argument constructor, MUST be cheap to construct and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ContainerRuntimeProvider {

    /** The id users select it by, e.g. {@code docker}; lower case. */
    String id();

    /** Higher wins when several are available and none is chosen by id. */
    int priority();

    /**
     * Whether the runtime can be used here (a daemon reachable, a binary on the path); should
     * answer within a few seconds and never throw.
     */
    Availability availability();

    /**
     * Creates a runtime.
     *
     * @param config provider-specific settings (documented by the provider); non-null, may be empty
     * @throws ContainerRuntimeException {@code INVALID_ARGUMENT} naming a bad setting, {@code RUNTIME_UNAVAILABLE}
     */
    ContainerRuntime create(Map<String, String> config);

    /**
     * Whether a provider can be used.
     *
     * @param available whether it can
     * @param reason    why not; null when available
     */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    record Availability(boolean available, String reason) {
        public static Availability yes() {
            return new Availability(true, null);
        }

        public static Availability no(String reason) {
            return new Availability(false, Checks.notBlank(reason, "reason"));
        }
    }
}
