package io.corral.api.model.apps;

import org.apiguardian.api.API;

/**
 * What happens to claims from templates; Retain (default) or Delete.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record StatefulSetPersistentVolumeClaimRetentionPolicy(String whenDeleted, String whenScaled) {
}
