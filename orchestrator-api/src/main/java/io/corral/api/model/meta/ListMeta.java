package io.corral.api.model.meta;

import org.apiguardian.api.API;

/**
 * Metadata of a list (meta/v1 {@code ListMeta}). {@code continueToken} is the wire field {@code continue}.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ListMeta(String resourceVersion, String continueToken, Long remainingItemCount) {
}
