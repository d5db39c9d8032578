package io.corral.apiserver.registry;

import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ResourceKind;
import org.apiguardian.api.API;

/**
 * A step of the {@link ResourceRegistry}'s write path for the kinds it {@linkplain #appliesTo
 * applies to}, for side effects that must happen with a write, as kube-apiserver's REST storage
 * strategies do (e.g. reserving a service's cluster IP before the service is stored, freeing it
 * after the service is deleted).
 *
 * <p>Contract:
 * <ol>
 *   <li>{@link #beforeCreate} runs after defaulting and validation, just before the object is
 *       written; it may return a changed object (which is written as is) or throw (the create fails
 *       with that exception, e.g. an {@code InvalidObjectException} for a 422). When the write then
 *       fails (name taken, no quorum, ...), {@link #createFailed} is called with what
 *       {@code beforeCreate} returned so the hook can undo its side effects.</li>
 *   <li>{@link #beforeUpdate} runs on every update and patch of the main resource (not on status
 *       writes), after defaulting and before validation; it may be called several times for one
 *       request when the registry retries a conflicting write, and {@link #updateFailed} follows
 *       each attempt that did not get stored.</li>
 *   <li>{@link #afterDelete} runs once an object is gone from the store; it must not throw (the
 *       object is already deleted: log, and leave the rest to a repair loop).</li>
 *   <li>No hook runs for dry-run requests.</li>
 *   <li>Hooks are called on the request's thread, may block, and must be thread-safe.</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface RegistryHook {

    /** Whether this hook takes part in writes of {@code kind}. */
    boolean appliesTo(ResourceKind<?> kind);

    /** Called before {@code object} is created; returns what to store. */
    default KubernetesObject<?> beforeCreate(KubernetesObject<?> object) {
        return object;
    }

    /** Undoes {@link #beforeCreate} after the write of {@code prepared} failed. Must not throw. */
    default void createFailed(KubernetesObject<?> prepared) {
    }

    /** Called before {@code updated} replaces {@code old}; returns what to store. */
    default KubernetesObject<?> beforeUpdate(KubernetesObject<?> old, KubernetesObject<?> updated) {
        return updated;
    }

    /** Undoes {@link #beforeUpdate} after the write of {@code prepared} over {@code old} failed. Must not throw. */
    default void updateFailed(KubernetesObject<?> old, KubernetesObject<?> prepared) {
    }

    /** Called after {@code deleted} (its last state) left the store. Must not throw. */
    default void afterDelete(KubernetesObject<?> deleted) {
    }
}
