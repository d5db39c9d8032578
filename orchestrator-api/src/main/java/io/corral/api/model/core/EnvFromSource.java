package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * Imports every key of a ConfigMap or Secret as environment variables.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record EnvFromSource(String prefix, ConfigMapEnvSource configMapRef, SecretEnvSource secretRef) {
}
