package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * DNS settings of a pod besides those its {@code dnsPolicy} generates (core/v1 {@code PodDNSConfig}):
 * nameservers and search domains are appended (duplicates dropped), options override generated
 * options of the same name. With {@code dnsPolicy: None} they are the pod's whole resolver
 * configuration.
 * <p>Field names are Kubernetes' own. Immutable; lists are never null (absent means empty).
 *
 * @param nameservers name server IP addresses, at most 3 in total
 * @param searches    search domains, at most 32
 * @param options     resolver options such as {@code ndots} ({@code value} may be null)
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PodDNSConfig(List<String> nameservers, List<String> searches, List<PodDNSConfigOption> options) {
    public PodDNSConfig {
        nameservers = nameservers == null ? List.of() : List.copyOf(nameservers);
        searches = searches == null ? List.of() : List.copyOf(searches);
        options = options == null ? List.of() : List.copyOf(options);
    }
}
