package io.corral.samples.plugin;

import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Registers {@link HostProcessRuntime} with {@link java.util.ServiceLoader} (see
 * {@code META-INF/services/io.corral.runtime.spi.ContainerRuntimeProvider}) under the id {@value #ID}.
 *
 * <p>Settings: {@code images}, a comma-separated list of image names the host's userland stands in for (default
 * {@code busybox:1.36}). Its priority is below every real runtime and the simulated one: it isolates nothing,
 * so it is used only when chosen by id. Available where {@code /bin/sh} exists.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class HostProcessRuntimeProvider implements ContainerRuntimeProvider {
    /** The provider id. */
    public static final String ID = "host-process";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return -200;
    }

    @Override
    public Availability availability() {
        return Files.isExecutable(Path.of("/bin/sh")) ? Availability.yes()
                : Availability.no("no /bin/sh: the host-process runtime needs a POSIX host");
    }

    @Override
    public ContainerRuntime create(Map<String, String> config) {
        for (String key : config.keySet()) {
            if (!key.equals("images")) {
                throw ContainerRuntimeException.invalidArgument(key, "unknown setting (known: images)");
            }
        }
        String list = config.getOrDefault("images", "busybox:1.36");
        Set<String> images = new LinkedHashSet<>();
        Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(images::add);
        if (images.isEmpty()) {
            throw ContainerRuntimeException.invalidArgument("images", "must name at least one image");
        }
        return new HostProcessRuntime(images);
    }
}
