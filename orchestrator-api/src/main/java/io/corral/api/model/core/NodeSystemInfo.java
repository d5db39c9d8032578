package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * Facts about a node's system.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NodeSystemInfo(
        String machineID,
        String systemUUID,
        String bootID,
        String kernelVersion,
        String osImage,
        String containerRuntimeVersion,
        String kubeletVersion,
        String kubeProxyVersion,
        String operatingSystem,
        String architecture) {
}
