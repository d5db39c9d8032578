package io.corral.scheduler;

import io.corral.api.model.core.Pod;
import java.util.concurrent.CompletionStage;
import org.apiguardian.api.API;

/**
 * Binds a pod to a node: the scheduler's only write to the cluster. The wiring implements it with a
 * POST to the pod's {@code binding} subresource.
 *
 * <p>Contract:
 * <ol>
 *   <li>{@link #bind} MUST return quickly; the work happens asynchronously and the returned stage
 *       completes (on any thread) when the API has accepted or refused the binding.</li>
 *   <li>A stage completed exceptionally means the pod is not bound: the scheduler forgets the
 *       assumed placement and retries the pod with back-off.</li>
 *   <li>Implementations MUST be thread-safe.</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface Binder {
    /**
     * Binds {@code pod} to {@code nodeName}.
     *
     * @param pod      the pod as the scheduler saw it (no node name set), not null
     * @param nodeName the chosen node, not null
     */
    CompletionStage<Void> bind(Pod pod, String nodeName);
}
