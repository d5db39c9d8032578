package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * One resolver option of a {@link PodDNSConfig} (core/v1 {@code PodDNSConfigOption}), written
 * {@code name} or {@code name:value} into resolv.conf.
 * <p>Immutable; {@code value} may be null (a flag such as {@code rotate}).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PodDNSConfigOption(String name, String value) {
}
