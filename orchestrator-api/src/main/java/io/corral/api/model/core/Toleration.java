package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * Lets a pod run on nodes with a matching taint; operator Equal (default) or Exists.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Toleration(String key, String operator, String value, String effect, Long tolerationSeconds) {
}
