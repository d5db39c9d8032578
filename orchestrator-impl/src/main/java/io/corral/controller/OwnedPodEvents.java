package io.corral.controller;

import io.corral.api.client.informer.Indexer;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.model.core.Pod;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * The pod event handler of a controller that creates pods with expectations: a pod's event
 * enqueues its owner's key and tells the owner's {@link Expectations} that a create or delete it
 * waited for has been observed (a pod marked for deletion counts as deleted).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class OwnedPodEvents {
    private OwnedPodEvents() {
    }

    /**
     * @param ownerKey the work-queue key of the pod's owner, or null when this controller does not own it
     */
    public static ResourceEventHandler<Pod> handler(Function<Pod, String> ownerKey, Expectations expectations,
                                                    WorkQueue queue) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                String key = ownerKey.apply(pod);
                if (key != null) {
                    expectations.creationObserved(key);
                    queue.add(key);
                }
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                String key = ownerKey.apply(pod);
                if (key != null && old != pod) {
                    if (pod.metadata().deletionTimestamp() != null && old.metadata().deletionTimestamp() == null) {
                        expectations.deletionObserved(key, Indexer.keyOf(pod));
                    }
                    queue.add(key);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                String key = ownerKey.apply(pod);
                if (key != null) {
                    expectations.deletionObserved(key, Indexer.keyOf(pod));
                    queue.add(key);
                }
            }
        };
    }
}
