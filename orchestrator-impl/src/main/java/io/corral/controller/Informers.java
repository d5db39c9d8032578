package io.corral.controller;

import io.corral.api.client.CorralClient;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.OwnerReference;
import io.corral.api.model.meta.ResourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * One {@link SharedInformer} per kind, shared by every controller of a {@link ControllerManager}
 * run. Every informer has the indexes {@link Owners#CONTROLLER_UID_INDEX}, {@link Owners#OWNER_UID_INDEX}
 * and {@link Owners#UID_INDEX}. Informers are created on first request (while controllers register)
 * and started together by the manager. Thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Informers implements AutoCloseable {
    private final CorralClient client;
    private final Duration resync;
    private final Map<ResourceKind<?>, SharedInformer<?>> informers = new LinkedHashMap<>();
    private boolean started;

    Informers(CorralClient client, Duration resync) {
        this.client = client;
        this.resync = resync;
    }

    /** The informer of {@code kind} over all namespaces; created when first asked for. */
    @SuppressWarnings("unchecked")
    public synchronized <T extends KubernetesObject<T>> SharedInformer<T> of(ResourceKind<T> kind) {
        SharedInformer<?> existing = informers.get(kind);
        if (existing != null) {
            return (SharedInformer<T>) existing;
        }
        SharedInformer<T> informer = SharedInformer.builder(client.resources(kind))
                .resyncPeriod(resync)
                .addIndex(Owners.CONTROLLER_UID_INDEX, o -> Owners.controllerOf(o).map(r -> List.of(r.uid())).orElse(List.of()))
                .addIndex(Owners.OWNER_UID_INDEX, o -> o.metadata().ownerReferences().stream().map(OwnerReference::uid).toList())
                .addIndex(Owners.UID_INDEX, o -> o.metadata().uid() == null ? List.of() : List.of(o.metadata().uid()))
                .build();
        informers.put(kind, informer);
        if (started) {
            informer.start();
        }
        return informer;
    }

    /** The kinds that have an informer. */
    public synchronized Collection<ResourceKind<?>> kinds() {
        return List.copyOf(informers.keySet());
    }

    synchronized void start() {
        started = true;
        informers.values().forEach(SharedInformer::start);
    }

    synchronized boolean hasSynced() {
        return informers.values().stream().allMatch(SharedInformer::hasSynced);
    }

    @Override
    public void close() {
        List<SharedInformer<?>> all;
        synchronized (this) {
            all = new ArrayList<>(informers.values());
        }
        all.forEach(SharedInformer::close);
    }
}
