package io.corral.api.model.networking;

import org.apiguardian.api.API;

/**
 * A service port by name or number (exactly one).
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ServiceBackendPort(String name, Integer number) {
}
