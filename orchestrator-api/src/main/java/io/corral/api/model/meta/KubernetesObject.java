package io.corral.api.model.meta;

import org.apiguardian.api.API;

/**
 * An object of a registered kind (see {@link ResourceKinds}): it has an {@code apiVersion},
 * a {@code kind} and {@link ObjectMeta metadata}. Implementations are immutable records;
 * {@code T} is the implementing type itself, so that {@link #withMetadata} keeps the type.
 *
 * @param <T> the implementing kind
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface KubernetesObject<T extends KubernetesObject<T>> {
    /** The wire {@code apiVersion}, e.g. {@code v1} or {@code apps/v1}; never null. */
    String apiVersion();

    /** The wire {@code kind}, e.g. {@code Pod}; never null. */
    String kind();

    /** The metadata; never null (an absent one reads as {@link ObjectMeta#EMPTY}). */
    ObjectMeta metadata();

    /** A copy of this object with the given metadata. */
    T withMetadata(ObjectMeta metadata);
}
