package io.corral.api.model.core;

import io.corral.api.model.meta.IntOrString;
import org.apiguardian.api.API;

/**
 * A port of a service.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ServicePort(
        String name,
        String protocol,
        String appProtocol,
        Integer port,
        IntOrString targetPort,
        Integer nodePort) {
}
