package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * A container (or a pod sandbox) as {@link ContainerRuntime#getPods(boolean)} lists it.
 *
 * @param id    the container id; non-null
 * @param name  the container name within its pod (sandboxes use the runtime's choice); non-blank
 * @param image the image reference it was created from; non-null, may be empty for sandboxes
 * @param state its state; non-null
 * @param hash  the {@link ContainerDescription#hash()} of the spec it was created from (0 if unknown)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Container(ContainerId id, String name, String image, ContainerState state, long hash) {
    public Container {
        Checks.notNull(id, "container.id");
        Checks.notBlank(name, "container.name");
        Checks.notNull(image, "container.image");
        Checks.notNull(state, "container.state");
    }
}
