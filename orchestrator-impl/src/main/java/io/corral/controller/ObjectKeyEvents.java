package io.corral.controller;

import io.corral.api.client.informer.Indexer;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.model.meta.KubernetesObject;
import java.util.function.Consumer;
import org.apiguardian.api.API;

/**
 * The event handler of a controller's own kind: every change of an object enqueues its key
 * ({@code namespace/name}), since a level-triggered reconcile reads the object again anyway.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ObjectKeyEvents {
    private ObjectKeyEvents() {
    }

    /** Enqueues the object's key on add, update and delete. */
    public static <T extends KubernetesObject<T>> ResourceEventHandler<T> enqueue(WorkQueue queue) {
        return enqueue(queue, queue::add);
    }

    /**
     * Enqueues the object's key on add and update; on delete hands the key to {@code onDelete}
     * instead (to forget expectations, or enqueue as well).
     */
    public static <T extends KubernetesObject<T>> ResourceEventHandler<T> enqueue(WorkQueue queue, Consumer<String> onDelete) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                queue.add(Indexer.keyOf(object));
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                queue.add(Indexer.keyOf(newObject));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                onDelete.accept(Indexer.keyOf(object));
            }
        };
    }
}
