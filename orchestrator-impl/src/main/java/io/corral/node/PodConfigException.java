package io.corral.node;

import org.apiguardian.api.API;

/**
 * A pod cannot be turned into a runtime description: something it refers to is missing or
 * invalid. The {@link #reason()} is what the node reports: {@link #CREATE_CONTAINER_CONFIG_ERROR}
 * in the waiting state of the container at fault, or {@link #FAILED_MOUNT} as a pod event while its
 * containers wait in {@code ContainerCreating}.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PodConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A container's environment, command or mounts cannot be made. */
    public static final String CREATE_CONTAINER_CONFIG_ERROR = "CreateContainerConfigError";
    /** A volume cannot be prepared. */
    public static final String FAILED_MOUNT = "FailedMount";

    private final String reason;
    private final String field;
    private final String container;

    /**
     * @param reason    {@link #CREATE_CONTAINER_CONFIG_ERROR} or {@link #FAILED_MOUNT}; non-null
     * @param field     the field of the pod at fault, e.g. {@code spec.containers[0].env[2]}; non-null
     * @param container the container at fault; null for a pod-level problem (volumes)
     * @param message   what is wrong; non-null
     */
    public PodConfigException(String reason, String field, String container, String message) {
        super(field + ": " + message);
        this.reason = reason;
        this.field = field;
        this.container = container;
    }

    /** {@link #CREATE_CONTAINER_CONFIG_ERROR} or {@link #FAILED_MOUNT}. */
    public String reason() {
        return reason;
    }

    /** The field of the pod at fault, e.g. {@code spec.containers[0].env[2].valueFrom.secretKeyRef}. */
    public String field() {
        return field;
    }

    /** The container at fault; null for a pod-level problem. */
    public String container() {
        return container;
    }
}
