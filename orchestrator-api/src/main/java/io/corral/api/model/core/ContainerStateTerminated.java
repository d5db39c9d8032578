package io.corral.api.model.core;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * A container that has exited.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ContainerStateTerminated(
        Integer exitCode,
        Integer signal,
        String reason,
        String message,
        Instant startedAt,
        Instant finishedAt,
        String containerID) {
}
