package io.corral.scheduler;

import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Finds persistent volume claims and volumes, so the scheduler can send a pod to where its data is.
 * The wiring backs it with informer caches. Implementations MUST be thread-safe and MUST NOT block
 * on I/O.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface VolumeLookup {
    /** The claim {@code namespace/name}, empty when it does not exist. */
    Optional<PersistentVolumeClaim> claim(String namespace, String name);

    /** The (cluster-scoped) volume {@code name}, empty when it does not exist. */
    Optional<PersistentVolume> volume(String name);

    /** A lookup that knows no claims and no volumes: pods with claims are unschedulable. */
    static VolumeLookup none() {
        return new VolumeLookup() {
            @Override
            public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
                return Optional.empty();
            }

            @Override
            public Optional<PersistentVolume> volume(String name) {
                return Optional.empty();
            }
        };
    }
}
