package io.corral.api.model.apps;

import io.corral.api.model.meta.IntOrString;
import org.apiguardian.api.API;

/**
 * Bounds of a daemon set rolling update.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record RollingUpdateDaemonSet(IntOrString maxUnavailable, IntOrString maxSurge) {
}
