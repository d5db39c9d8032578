package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Addresses sharing a set of ports.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record EndpointSubset(
        List<EndpointAddress> addresses,
        List<EndpointAddress> notReadyAddresses,
        List<EndpointPort> ports) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public EndpointSubset {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        notReadyAddresses = notReadyAddresses == null ? List.of() : List.copyOf(notReadyAddresses);
        ports = ports == null ? List.of() : List.copyOf(ports);
    }
}
