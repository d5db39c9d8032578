package io.corral.e2e.workloads;

import io.corral.api.client.ResourceClient;
import io.corral.api.client.Watch;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.WatchEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Every state of one object as a watch delivered it (from the moment of creation of this history),
 * mapped to a value of interest, e.g. a status counter; to check that a controller's status never
 * goes backwards (status writes are unconditional, so a write from a stale cache would show here).
 */
final class StateHistory<T extends KubernetesObject<T>, V> implements AutoCloseable {
    private final List<V> values = new ArrayList<>();
    private final Watch watch;

    StateHistory(ResourceClient<T> view, String name, Function<T, V> value) {
        ResourceClient<T> one = view.withFieldSelector("metadata.name=" + name);
        String from = one.list().metadata().resourceVersion();
        watch = one.watch(from, event -> {
            if (event.type() == WatchEvent.Type.ADDED || event.type() == WatchEvent.Type.MODIFIED) {
                V v = value.apply(event.object());
                synchronized (values) {
                    values.add(v);
                }
            }
        });
    }

    /** The values seen so far, in the order of the watch. */
    List<V> values() {
        synchronized (values) {
            return java.util.Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    @Override
    public void close() {
        watch.close();
    }

    /** The pairs of consecutive values where the second is smaller than the first (nulls count as 0). */
    static List<String> decreases(List<? extends Number> values) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < values.size(); i++) {
            long before = values.get(i - 1) == null ? 0 : values.get(i - 1).longValue();
            long after = values.get(i) == null ? 0 : values.get(i).longValue();
            if (after < before) {
                out.add("#" + i + ": " + before + " -> " + after);
            }
        }
        return out;
    }
}
