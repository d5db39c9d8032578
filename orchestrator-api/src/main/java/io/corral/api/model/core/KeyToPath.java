package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * Maps a key of a ConfigMap or Secret to a file path.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record KeyToPath(String key, String path, Integer mode) {
}
