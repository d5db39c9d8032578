package io.corral.api.client.informer;

import io.corral.api.labels.Selector;
import io.corral.api.model.meta.KubernetesObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/** The informer's store with its indexes; writes come from the informer only. */
final class Cache<T extends KubernetesObject<T>> implements Indexer<T> {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, T> items = new LinkedHashMap<>();
    private final Map<String, Function<T, Collection<String>>> indexers;
    private final Map<String, Map<String, Set<String>>> indexes = new HashMap<>();

    Cache(Map<String, Function<T, Collection<String>>> indexers) {
        this.indexers = Map.copyOf(indexers);
        this.indexers.keySet().forEach(name -> indexes.put(name, new HashMap<>()));
    }

    /** Stores the object; returns the previous one under its key, or null. */
    T put(T object) {
        String key = Indexer.keyOf(object);
        lock.writeLock().lock();
        try {
            T old = items.put(key, object);
            if (old != null) {
                unindex(key, old);
            }
            index(key, object);
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes the object with that key; returns it, or null. */
    T remove(String key) {
        lock.writeLock().lock();
        try {
            T old = items.remove(key);
            if (old != null) {
                unindex(key, old);
            }
            return old;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void index(String key, T object) {
        indexers.forEach((name, fn) -> {
            for (String value : values(fn, object)) {
                indexes.get(name).computeIfAbsent(value, v -> new LinkedHashSet<>()).add(key);
            }
        });
    }

    private void unindex(String key, T object) {
        indexers.forEach((name, fn) -> {
            Map<String, Set<String>> index = indexes.get(name);
            for (String value : values(fn, object)) {
                Set<String> keys = index.get(value);
                if (keys != null) {
                    keys.remove(key);
                    if (keys.isEmpty()) {
                        index.remove(value);
                    }
                }
            }
        });
    }

    private static <T> Collection<String> values(Function<T, Collection<String>> fn, T object) {
        Collection<String> v = fn.apply(object);
        return v == null ? List.of() : v;
    }

    @Override
    public Optional<T> get(String namespace, String name) {
        return getByKey(namespace == null || namespace.isEmpty() ? name : namespace + "/" + name);
    }

    @Override
    public Optional<T> getByKey(String key) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(items.get(key));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<T> list() {
        lock.readLock().lock();
        try {
            return List.copyOf(items.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<T> list(Selector selector) {
        return list().stream().filter(o -> selector.matches(o.metadata().labels())).toList();
    }

    @Override
    public List<T> list(String namespace, Selector selector) {
        return byIndex(NAMESPACE_INDEX, namespace == null ? "" : namespace).stream()
                .filter(o -> selector.matches(o.metadata().labels())).toList();
    }

    @Override
    public List<T> byIndex(String indexName, String value) {
        lock.readLock().lock();
        try {
            Map<String, Set<String>> index = indexes.get(indexName);
            if (index == null) {
                throw new IllegalArgumentException("no index named \"" + indexName + "\"; known: " + indexes.keySet());
            }
            List<T> out = new ArrayList<>();
            for (String key : index.getOrDefault(value, Set.of())) {
                out.add(items.get(key));
            }
            return List.copyOf(out);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public Set<String> keys() {
        lock.readLock().lock();
        try {
            return Set.copyOf(items.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            return items.size();
        } finally {
            lock.readLock().unlock();
        }
    }
}
