package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * Mounts one of the pod's {@link Volume}s into a container.
 *
 * @param name          the name of a volume of the pod; non-blank
 * @param containerPath the absolute path inside the container; non-blank
 * @param readOnly      whether the mount is read-only
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record VolumeMount(String name, String containerPath, boolean readOnly) {
    public VolumeMount {
        Checks.notBlank(name, "volumeMount.name");
        Checks.notBlank(containerPath, "volumeMount[" + name + "].containerPath");
        if (!containerPath.startsWith("/")) {
            throw ContainerRuntimeException.invalidArgument("volumeMount[" + name + "].containerPath",
                    "must be absolute, was \"" + containerPath + "\"");
        }
    }
}
