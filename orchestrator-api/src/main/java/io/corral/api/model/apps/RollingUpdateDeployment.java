package io.corral.api.model.apps;

import io.corral.api.model.meta.IntOrString;
import org.apiguardian.api.API;

/**
 * Bounds of a rolling update, as counts or percentages.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RollingUpdateDeployment(IntOrString maxUnavailable, IntOrString maxSurge) {
}
