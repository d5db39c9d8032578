package io.corral.api.model.networking;

import java.util.List;
import org.apiguardian.api.API;

/**
 * TLS for hosts, with the certificate in a Secret.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record IngressTLS(List<String> hosts, String secretName) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public IngressTLS {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }
}
