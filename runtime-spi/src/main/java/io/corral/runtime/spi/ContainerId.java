package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * A container's identity: the runtime type and the runtime's own id, printed and parsed
 * as {@code type://id} (for example {@code docker://4f0c...}), as in a pod's container status.
 *
 * @param type the runtime type, e.g. {@code docker}; non-blank, no {@code "://"}
 * @param id   the runtime-specific id; non-blank
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ContainerId(String type, String id) {
    private static final String SEPARATOR = "://";

    public ContainerId {
        Checks.notBlank(type, "containerId.type");
        Checks.notBlank(id, "containerId.id");
        if (type.contains(SEPARATOR)) {
            throw ContainerRuntimeException.invalidArgument("containerId.type", "must not contain \"://\", was \"" + type + "\"");
        }
    }

    /**
     * Parses {@code type://id}.
     *
     * @throws ContainerRuntimeException with reason {@code INVALID_ARGUMENT} if the text is not of that form
     */
    public static ContainerId parse(String text) {
        Checks.notNull(text, "containerId");
        int at = text.indexOf(SEPARATOR);
        if (at <= 0 || at + SEPARATOR.length() >= text.length()) {
            throw ContainerRuntimeException.invalidArgument("containerId",
                    "expected \"<type>://<id>\", was \"" + text + "\"");
        }
        return new ContainerId(text.substring(0, at), text.substring(at + SEPARATOR.length()));
    }

    /** {@code type://id}. */
    @Override
    public String toString() {
        return type + SEPARATOR + id;
    }
}
