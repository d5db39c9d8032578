package io.corral.api.model.batch;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * A condition of a job: {@code Complete} or {@code Failed}, ...
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record JobCondition(
        String type,
        String status,
        Instant lastProbeTime,
        Instant lastTransitionTime,
        String reason,
        String message) {
}
