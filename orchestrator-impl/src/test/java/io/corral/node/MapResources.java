package io.corral.node;

import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.core.Secret;
import io.corral.api.model.core.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Lookups from maps keyed {@code namespace/name}. */
final class MapResources implements PodResources {
    final Map<String, Secret> secrets = new ConcurrentHashMap<>();
    final Map<String, ConfigMap> configMaps = new ConcurrentHashMap<>();
    final Map<String, String> claims = new ConcurrentHashMap<>();
    final List<Service> services = new CopyOnWriteArrayList<>();

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(secrets.get(namespace + "/" + name));
    }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return Optional.ofNullable(configMaps.get(namespace + "/" + name));
    }

    @Override
    public Optional<String> persistentVolumeClaimPath(String namespace, String claimName) {
        return Optional.ofNullable(claims.get(namespace + "/" + claimName));
    }

    @Override
    public List<Service> services(String namespace) {
        return new ArrayList<>(services.stream().filter(s -> namespace.equals(s.metadata().namespace())).toList());
    }
}
