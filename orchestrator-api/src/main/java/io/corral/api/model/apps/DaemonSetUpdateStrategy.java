package io.corral.api.model.apps;

import org.apiguardian.api.API;

/**
 * type RollingUpdate (default) or OnDelete.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DaemonSetUpdateStrategy(String type, RollingUpdateDaemonSet rollingUpdate) {
}
