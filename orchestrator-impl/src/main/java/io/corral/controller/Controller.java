package io.corral.controller;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * A level-triggered control loop run by a {@link ControllerManager}: informer handlers turn changes
 * into keys on the controller's {@link WorkQueue}; workers take keys and call {@link #reconcile},
 * which compares the desired state (read from the informer caches) with the observed one and acts.
 *
 * <p>Contract:
 * <ol>
 *   <li>{@link #register} is called once per run, before the informers start: ask
 *       {@link ControllerContext#informers()} for what is needed and add handlers that only enqueue.</li>
 *   <li>{@link #reconcile} is called on one of {@link #workers()} threads, never concurrently for the same
 *       key. It must be idempotent: it may run any number of times for a key. A thrown exception re-queues
 *       the key with back-off; a normal return resets it.</li>
 *   <li>A controller instance serves one run; the manager makes a new one for every {@link ControllerManager#start()}.</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Controller {
    /** A short name used in thread names, metrics ({@code controller} tag) and events' source. */
    String name();

    /** How many keys may be reconciled at once. */
    default int workers() {
        return 2;
    }

    /** Adds informer handlers that feed {@code queue}. */
    void register(ControllerContext context, WorkQueue queue);

    /** Brings the object of {@code key} ({@code namespace/name}) to its desired state. */
    void reconcile(String key) throws Exception;

    /** Called after the informers synced, before the first reconcile (e.g. to enqueue everything). */
    default void started() {
    }

    /** The back-off bounds of the queue. */
    default Duration baseDelay() {
        return WorkQueue.DEFAULT_BASE_DELAY;
    }
}
