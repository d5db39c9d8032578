package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * A port a container exposes; {@code protocol} is TCP (default), UDP or SCTP.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ContainerPort(
        String name,
        Integer hostPort,
        Integer containerPort,
        String protocol,
        String hostIP) {
}
