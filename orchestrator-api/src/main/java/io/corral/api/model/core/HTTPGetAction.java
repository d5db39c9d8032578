package io.corral.api.model.core;

import io.corral.api.model.meta.IntOrString;
import java.util.List;
import org.apiguardian.api.API;

/**
 * An HTTP GET against the container; 200-399 is success.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record HTTPGetAction(
        String path,
        IntOrString port,
        String host,
        String scheme,
        List<HTTPHeader> httpHeaders) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public HTTPGetAction {
        httpHeaders = httpHeaders == null ? List.of() : List.copyOf(httpHeaders);
    }
}
