package io.corral.leader;

import io.corral.api.client.DeleteOptions;
import io.corral.api.client.ListOptions;
import io.corral.api.client.PatchType;
import io.corral.api.client.Watch;
import io.corral.api.client.WatchHandler;
import io.corral.api.client.spi.ResourceApi;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A store of leases only, with resourceVersions, CONFLICT, injected failures and a hook before updates. */
final class InMemoryLeaseApi implements ResourceApi {
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();
    final AtomicInteger failures = new AtomicInteger();
    final AtomicReference<Runnable> beforeNextUpdate = new AtomicReference<>();

    Lease lease(String namespace, String name) {
        return leases.get(namespace + "/" + name);
    }

    private void maybeFail() {
        if (failures.get() > 0 && failures.getAndDecrement() > 0) {
            throw new ApiException(StatusReason.SERVICE_UNAVAILABLE, "injected failure");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T extends KubernetesObject<T>> T get(ResourceKind<T> kind, String namespace, String name) {
        maybeFail();
        Lease lease = leases.get(namespace + "/" + name);
        if (lease == null) {
            throw ApiException.notFound("leases", name);
        }
        return (T) lease;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T extends KubernetesObject<T>> T create(ResourceKind<T> kind, String namespace, T object) {
        maybeFail();
        String key = namespace + "/" + object.metadata().name();
        if (leases.containsKey(key)) {
            throw ApiException.alreadyExists("leases", object.metadata().name());
        }
        Lease stored = ((Lease) object).withMetadata(object.metadata().toBuilder().namespace(namespace)
                .uid(UUID.randomUUID().toString()).resourceVersion(Long.toString(version.incrementAndGet())).build());
        leases.put(key, stored);
        return (T) stored;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends KubernetesObject<T>> T update(ResourceKind<T> kind, String namespace, T object, boolean status) {
        Runnable hook = beforeNextUpdate.getAndSet(null);
        if (hook != null) {
            hook.run();
        }
        synchronized (this) {
            maybeFail();
            String key = namespace + "/" + object.metadata().name();
            Lease current = leases.get(key);
            if (current == null) {
                throw ApiException.notFound("leases", object.metadata().name());
            }
            String rv = object.metadata().resourceVersion();
            if (rv != null && !rv.equals(current.metadata().resourceVersion())) {
                throw ApiException.conflict("leases", object.metadata().name(), "the object has been modified");
            }
            Lease stored = ((Lease) object).withMetadata(current.metadata().toBuilder()
                    .resourceVersion(Long.toString(version.incrementAndGet())).build());
            leases.put(key, stored);
            return (T) stored;
        }
    }

    @Override
    public <T extends KubernetesObject<T>> ObjectList<T> list(ResourceKind<T> kind, String namespace, ListOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T extends KubernetesObject<T>> T patch(ResourceKind<T> kind, String namespace, String name, PatchType type,
                                                   String body, boolean status) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T extends KubernetesObject<T>> T delete(ResourceKind<T> kind, String namespace, String name, DeleteOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T extends KubernetesObject<T>> void deleteCollection(ResourceKind<T> kind, String namespace, ListOptions options,
                                                                 DeleteOptions deleteOptions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T extends KubernetesObject<T>> Watch watch(ResourceKind<T> kind, String namespace, ListOptions options,
                                                       WatchHandler<T> handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
