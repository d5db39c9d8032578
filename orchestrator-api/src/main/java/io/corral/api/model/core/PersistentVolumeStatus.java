package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * The observed state of a persistent volume; phase Pending, Available, Bound, Released or Failed.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PersistentVolumeStatus(String phase, String message, String reason) {
}
