package io.corral.api.model.meta;

import org.apiguardian.api.API;

/**
 * A kind with a {@code status} subresource: controllers write {@code status}, users write
 * {@code spec}. {@link ResourceKind#hasStatus()} is true exactly for kinds implementing this.
 *
 * @param <T> the implementing kind
 * @param <S> the status type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface HasStatus<T extends KubernetesObject<T>, S> extends KubernetesObject<T> {
    /** The observed state; null until a controller has written it. */
    S status();

    /** A copy of this object with the given status (null clears it). */
    T withStatus(S status);
}
