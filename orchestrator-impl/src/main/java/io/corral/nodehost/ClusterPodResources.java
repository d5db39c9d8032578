package io.corral.nodehost;

import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.Secret;
import io.corral.api.model.core.Service;
import io.corral.api.client.informer.SharedInformer;
import io.corral.node.PodResources;
import java.util.List;
import java.util.Optional;

/**
 * {@link PodResources} answered from the member's informer caches (one set per member, shared by
 * all its nodes), so a pod sync never waits for the store.
 */
final class ClusterPodResources implements PodResources {
    private final SharedInformer<Secret> secrets;
    private final SharedInformer<ConfigMap> configMaps;
    private final SharedInformer<PersistentVolumeClaim> claims;
    private final SharedInformer<PersistentVolume> volumes;
    private final SharedInformer<Service> services;

    ClusterPodResources(SharedInformer<Secret> secrets, SharedInformer<ConfigMap> configMaps,
                        SharedInformer<PersistentVolumeClaim> claims, SharedInformer<PersistentVolume> volumes,
                        SharedInformer<Service> services) {
        this.secrets = secrets;
        this.configMaps = configMaps;
        this.claims = claims;
        this.volumes = volumes;
        this.services = services;
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return secrets.indexer().get(namespace, name);
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return configMaps.indexer().get(namespace, name);
    }

    @Override
    public Optional<String> persistentVolumeClaimPath(String namespace, String claimName) {
        return claims.indexer().get(namespace, claimName)
                .map(c -> c.spec() == null ? null : c.spec().volumeName())
                .flatMap(volume -> volumes.indexer().get(null, volume))
                .map(pv -> pv.spec() == null ? null : pv.spec().hostPath() != null ? pv.spec().hostPath().path()
                        : pv.spec().local() != null ? pv.spec().local().path() : null);
    }

    @Override
    public List<Service> services(String namespace) {
        return services.indexer().byIndex(io.corral.api.client.informer.Indexer.NAMESPACE_INDEX, namespace).stream()
                .filter(s -> s.spec() != null && s.spec().clusterIP() != null && !s.spec().clusterIP().isBlank()
                        && !"None".equals(s.spec().clusterIP()))
                .toList();
    }
}
