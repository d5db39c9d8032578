package io.corral.node;

import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.core.Secret;
import io.corral.api.model.core.Service;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * What a pod refers to outside itself, looked up by the wiring (from an informer cache or the API).
 * Called from pod worker threads, concurrently for different pods: implementations MUST be
 * thread-safe and SHOULD answer from memory (a lookup blocks that pod's sync).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface PodResources {

    /** The secret, or empty if it does not exist. */
    Optional<Secret> secret(String namespace, String name);

    /** The config map, or empty if it does not exist. */
    Optional<ConfigMap> configMap(String namespace, String name);

    /**
     * The host directory backing a persistent volume claim (the bound volume's path on this node),
     * or empty if the claim does not exist or is not bound yet.
     */
    Optional<String> persistentVolumeClaimPath(String namespace, String claimName);

    /**
     * The services of a namespace, for the Docker-links style environment variables
     * ({@code NAME_SERVICE_HOST}, ...); empty if none. Services without a cluster IP are skipped.
     * The translation also asks for {@code default} to add the {@code kubernetes} service to pods
     * of every namespace, as kubelet does.
     */
    List<Service> services(String namespace);

    /** Resources that know nothing: every lookup is empty. */
    static PodResources none() {
        return new PodResources() {
            @Override
            public Optional<Secret> secret(String namespace, String name) {
                return Optional.empty();
            }

            @Override
            public Optional<ConfigMap> configMap(String namespace, String name) {
                return Optional.empty();
            }

            @Override
            public Optional<String> persistentVolumeClaimPath(String namespace, String claimName) {
                return Optional.empty();
            }

            @Override
            public List<Service> services(String namespace) {
                return List.of();
            }
        };
    }
}
