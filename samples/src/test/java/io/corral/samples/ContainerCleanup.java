package io.corral.samples;

import io.corral.api.client.CorralClient;
import io.corral.api.client.Watch;
import io.corral.runtime.spi.Container;
import io.corral.runtime.spi.ContainerRuntime;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes from a node's runtime what is left of the pods a test made. The node agent removes a deleted pod's
 * containers in its housekeeping, which may not have run yet when a test stops its member right after the pods
 * left the API; a test that shares the engine with others then removes its own, and only its own: the pods are
 * recognised by the uids this cleanup saw through a watch of every namespace.
 *
 * <p>Open it before the test creates pods; close it after they are gone from the API.
 */
public final class ContainerCleanup implements AutoCloseable {
    private final ContainerRuntime runtime;
    private final Set<String> uids = ConcurrentHashMap.newKeySet();
    private final Watch watch;

    public ContainerCleanup(CorralClient client, ContainerRuntime runtime) {
        this.runtime = runtime;
        String version = client.pods().inAnyNamespace().list().metadata().resourceVersion();
        this.watch = client.pods().inAnyNamespace().watch(version, event -> uids.add(event.object().metadata().uid()));
    }

    /** Removes every container and sandbox of the pods seen; what is already gone is skipped. */
    @Override
    public void close() {
        watch.close();
        for (io.corral.runtime.spi.Pod pod : runtime.getPods(true)) {
            if (!uids.contains(pod.uid())) {
                continue;
            }
            for (Container c : pod.containers()) {
                runtime.deleteContainer(c.id());
            }
            for (Container sandbox : pod.sandboxes()) {
                runtime.deleteContainer(sandbox.id());
            }
        }
    }
}
