package io.corral.api.model.core;

import io.corral.api.quantity.Quantity;
import org.apiguardian.api.API;

/**
 * Selects a resource of a container, e.g. {@code limits.cpu}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ResourceFieldSelector(String containerName, String resource, Quantity divisor) {
}
