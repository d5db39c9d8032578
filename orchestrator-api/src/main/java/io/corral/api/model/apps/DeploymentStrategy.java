package io.corral.api.model.apps;

import org.apiguardian.api.API;

/**
 * How a deployment replaces pods: type RollingUpdate (default) or Recreate.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DeploymentStrategy(String type, RollingUpdateDeployment rollingUpdate) {
}
