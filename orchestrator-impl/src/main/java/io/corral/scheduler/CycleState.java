package io.corral.scheduler;

import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * Data plugins compute once per scheduling cycle (in {@link FilterPlugin#preFilter} or
 * {@link ScorePlugin#preScore}) and read for every node. Thread-safe, because filters may run on
 * several threads at once; one instance per cycle.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CycleState {
    /**
     * A typed key; keys compare by identity, so a plugin keeps its key in a {@code static final} field.
     *
     * @param <T> the value type
     */
    public static final class Key<T> {
        private final String name;

        /** A key whose name shows up only in {@link #toString()}. */
        public Key(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final ConcurrentHashMap<Key<?>, Object> values = new ConcurrentHashMap<>();

    /** Stores a value; null removes it. */
    public <T> void put(Key<T> key, T value) {
        if (value == null) {
            values.remove(key);
        } else {
            values.put(key, value);
        }
    }

    /** The value stored under {@code key}, null when none. */
    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        return (T) values.get(key);
    }
}
