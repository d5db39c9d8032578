package io.corral.api.model.core;

import java.time.Instant;
import org.apiguardian.api.API;

/**
 * Repels pods that do not tolerate it; effect NoSchedule, PreferNoSchedule or NoExecute.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Taint(String key, String value, String effect, Instant timeAdded) {
}
