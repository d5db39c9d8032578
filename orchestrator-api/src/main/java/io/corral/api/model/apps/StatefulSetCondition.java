package io.corral.api.model.apps;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * A condition of a stateful set.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record StatefulSetCondition(
        String type,
        String status,
        Instant lastTransitionTime,
        String reason,
        String message) {
}
