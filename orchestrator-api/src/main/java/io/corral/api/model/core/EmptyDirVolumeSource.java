package io.corral.api.model.core;

import io.corral.api.quantity.Quantity;
import org.apiguardian.api.API;

/**
 * A scratch directory that lives as long as the pod; {@code medium} is empty (node disk) or {@code Memory}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record EmptyDirVolumeSource(String medium, Quantity sizeLimit) {
}
