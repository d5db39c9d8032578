package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * A container's state: at most one of waiting, running, terminated.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ContainerState(
        ContainerStateWaiting waiting,
        ContainerStateRunning running,
        ContainerStateTerminated terminated) {
}
