package io.corral.service;

import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.apiserver.registry.RegistryHook;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a {@link ServiceAllocator} to the API server's write path
 * ({@link io.corral.apiserver.registry.ResourceRegistry#addHook}): a service being created gets its
 * cluster IP and node ports reserved before it is stored, an update keeps the cluster IP and adjusts
 * the node ports, a deleted service's values are released. A write that fails after the reservation
 * gives the reserved values back.
 *
 * <p>What this cannot undo (node ports freed by an update whose write then failed, a member dying
 * between reservation and write) is put right by {@link ServiceAllocatorRepair}.
 *
 * <p>Thread-safe; every call blocks on store round trips.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ServiceAllocationHook implements RegistryHook {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceAllocationHook.class);

    private final ServiceAllocator allocator;

    /** @param allocator where values are reserved; not null */
    public ServiceAllocationHook(ServiceAllocator allocator) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
    }

    @Override
    public boolean appliesTo(ResourceKind<?> kind) {
        return kind == ResourceKinds.SERVICE;
    }

    @Override
    public KubernetesObject<?> beforeCreate(KubernetesObject<?> object) {
        return allocator.allocate((Service) object);
    }

    @Override
    public void createFailed(KubernetesObject<?> prepared) {
        releaseQuietly((Service) prepared);
    }

    @Override
    public KubernetesObject<?> beforeUpdate(KubernetesObject<?> old, KubernetesObject<?> updated) {
        return allocator.update((Service) old, (Service) updated);
    }

    @Override
    public void updateFailed(KubernetesObject<?> old, KubernetesObject<?> prepared) {
        // Give back only what the update added: the node ports the old version did not hold (the
        // cluster IP never changes on update, except from ExternalName to another type).
        Service before = (Service) old;
        Service after = (Service) prepared;
        ServiceSpec spec = after.spec();
        if (spec == null) {
            return;
        }
        Set<Integer> held = before.spec() == null ? Set.of() : before.spec().ports().stream()
                .map(ServicePort::nodePort).filter(Objects::nonNull).collect(Collectors.toSet());
        List<ServicePort> added = spec.ports().stream()
                .filter(p -> p.nodePort() != null && !held.contains(p.nodePort())).toList();
        boolean newIp = before.spec() == null || "ExternalName".equals(before.spec().type());
        ServiceSpec.Builder b = spec.toBuilder().ports(added);
        if (!newIp) {
            b.clusterIP(null).clusterIPs(List.of());
        }
        releaseQuietly(after.withSpec(b.build()));
    }

    @Override
    public void afterDelete(KubernetesObject<?> deleted) {
        releaseQuietly((Service) deleted);
    }

    private void releaseQuietly(Service service) {
        try {
            allocator.release(service);
        } catch (RuntimeException e) {
            LOG.warn("could not release the cluster IP and node ports of service {}/{}; the repair loop will",
                    service.metadata().namespace(), service.metadata().name(), e);
        }
    }

    @Override
    public String toString() {
        return "ServiceAllocationHook";
    }
}
