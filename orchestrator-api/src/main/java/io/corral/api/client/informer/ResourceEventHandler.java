package io.corral.api.client.informer;

import io.corral.api.model.meta.KubernetesObject;
import org.apiguardian.api.API;

/**
 * Notified of changes to an informer's cache. See {@link SharedInformer} for the delivery contract:
 * calls are sequential, in per-object order, on the informer's delivery thread; return quickly.
 *
 * @param <T> the object type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ResourceEventHandler<T extends KubernetesObject<T>> {
    /** An object entered the cache (created, or first seen by a list, or replayed to a handler added late). */
    default void onAdd(T object) {
    }

    /**
     * An object changed; on a periodic resync {@code oldObject} and {@code newObject} are the same
     * instance (compare resourceVersions to tell).
     */
    default void onUpdate(T oldObject, T newObject) {
    }

    /**
     * An object left the cache.
     *
     * @param object              its last known state
     * @param finalStateUnknown   true when the deletion was inferred from a re-list (the watch missed it),
     *                            so {@code object} may be older than the state it was deleted in
     */
    default void onDelete(T object, boolean finalStateUnknown) {
    }
}
