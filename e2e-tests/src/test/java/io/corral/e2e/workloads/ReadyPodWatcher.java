package io.corral.e2e.workloads;

import io.corral.api.client.ResourceClient;
import io.corral.api.client.Watch;
import io.corral.api.model.core.Pod;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.WatchEvent;
import io.corral.api.status.ApiException;
import java.util.HashMap;
import java.util.Map;

/**
 * Follows the pods of a view through a watch and, after every event, counts those that are ready
 * and not terminating; remembers the smallest count since the last {@link #resetMinimum()}.
 * A watch that ends with an error is noted in {@link #failure()} (a test then cannot trust the minimum).
 */
final class ReadyPodWatcher implements AutoCloseable {
    private final Map<String, Pod> pods = new HashMap<>();
    private final Watch watch;
    private int minimum = Integer.MAX_VALUE;
    private int events;
    private String failure;

    ReadyPodWatcher(ResourceClient<Pod> view) {
        ObjectList<Pod> list = view.list();
        synchronized (this) {
            list.items().forEach(p -> pods.put(p.metadata().uid(), p));
        }
        watch = view.watch(list.metadata().resourceVersion(), new io.corral.api.client.WatchHandler<>() {
            @Override
            public void onEvent(WatchEvent<Pod> event) {
                onPod(event);
            }

            @Override
            public void onClose(ApiException cause) {
                synchronized (ReadyPodWatcher.this) {
                    if (cause != null) {
                        failure = cause.toString();
                    }
                }
            }
        });
    }

    private synchronized void onPod(WatchEvent<Pod> event) {
        Pod pod = event.object();
        switch (event.type()) {
            case ADDED, MODIFIED -> pods.put(pod.metadata().uid(), pod);
            case DELETED -> pods.remove(pod.metadata().uid());
            default -> {
                return;
            }
        }
        events++;
        minimum = Math.min(minimum, readyCount());
    }

    /** Ready, non-terminating pods now (as far as the watch has told). */
    synchronized int readyCount() {
        return (int) pods.values().stream().filter(ReadyPodWatcher::readyAndNotTerminating).count();
    }

    static boolean readyAndNotTerminating(Pod p) {
        return p.metadata().deletionTimestamp() == null && p.status() != null && p.status().conditions().stream()
                .anyMatch(c -> "Ready".equals(c.type()) && "True".equals(c.status()));
    }

    /** Starts a new measurement from the current count. */
    synchronized void resetMinimum() {
        minimum = readyCount();
        events = 0;
    }

    /** The smallest ready count seen since {@link #resetMinimum()}. */
    synchronized int minimum() {
        return minimum;
    }

    /** The pod events seen since {@link #resetMinimum()}. */
    synchronized int events() {
        return events;
    }

    /** Why the watch ended, or null while it runs (or when closed by us). */
    synchronized String failure() {
        return failure;
    }

    @Override
    public void close() {
        watch.close();
    }
}
