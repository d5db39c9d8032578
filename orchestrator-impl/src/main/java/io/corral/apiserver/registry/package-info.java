/**
 * The REST storage layer: what each verb of the Kubernetes API does to the cluster store, independent
 * of HTTP. {@link io.corral.apiserver.registry.ResourceRegistry} normalises, defaults and validates
 * objects, applies the status-subresource, deletion and namespace rules, and is shared by the HTTP
 * handlers and in-process clients.
 *
 * <h2>Graceful deletion of pods</h2>
 * As in Kubernetes, deleting a pod that is bound to a node ({@code spec.nodeName} set, phase neither
 * {@code Succeeded} nor {@code Failed}) with a grace period above 0 does not remove it: the API server
 * sets {@code metadata.deletionTimestamp} (now + grace) and {@code metadata.deletionGracePeriodSeconds}
 * and returns the pod. The grace period is the request's ({@code DeleteOptions.gracePeriodSeconds} or
 * the query parameter), else the pod's {@code spec.terminationGracePeriodSeconds}, else 30 s; a later
 * delete may shorten it, never lengthen it. The node agent watching its pods sees the change, stops
 * the containers (signalling them, then killing them when the grace period is over) and finishes the
 * deletion by deleting the pod again with {@code gracePeriodSeconds=0}, which removes it (unless it
 * still has finalizers). Unbound pods, and pods deleted with grace period 0 (a "force" delete), are
 * removed at once. Namespace deletion currently removes pods at once, without their grace period.
 *
 * <h2>Finalizers and propagation</h2>
 * Objects with finalizers are only marked; an update that removes the last finalizer of a marked
 * object removes it. {@code propagationPolicy=Foreground} and {@code Orphan} add the
 * {@code foregroundDeletion} and {@code orphan} finalizers for a garbage collector to process;
 * {@code Background} (the default) removes the object at once and leaves its dependents to it.
 */
package io.corral.apiserver.registry;
