package io.corral.scheduler;

import org.apiguardian.api.API;

/**
 * Rules out nodes a pod cannot run on. Built-in filters (resources, node affinity, taints, ...) and
 * host-defined ones implement this same interface and are added through {@link SchedulerProfile}.
 *
 * <p>Contract:
 * <ol>
 *   <li>{@link #preFilter} is called once per scheduling cycle, before any {@link #filter}, on the
 *       scheduling thread. It may store per-cycle data in the {@link CycleState}. Returning a non-fit
 *       result rejects the pod for every node at once (e.g. a missing volume claim).</li>
 *   <li>{@link #filter} MUST be thread-safe and free of side effects: it may be called for different
 *       nodes of one cycle concurrently, and for any subset of the nodes.</li>
 *   <li>Neither method may block on I/O; both run for every pod to schedule.</li>
 *   <li>An exception fails the scheduling attempt of the pod (it is retried with back-off).</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface FilterPlugin {

    /** A unique, stable name, e.g. {@code NodeResourcesFit}. */
    String name();

    /**
     * Prepares a cycle for {@code pod}.
     *
     * @return {@link FilterResult#fits()} to go on, or the reason the pod fits no node
     */
    default FilterResult preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        return FilterResult.fits();
    }

    /** Whether {@code pod} fits on {@code node}, with the reasons when it does not. */
    FilterResult filter(CycleState state, PodInfo pod, NodeInfo node);
}
