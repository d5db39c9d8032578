package io.corral.api.client.spi;

import io.corral.api.client.DeleteOptions;
import io.corral.api.client.ListOptions;
import io.corral.api.client.PatchType;
import io.corral.api.client.Watch;
import io.corral.api.client.WatchHandler;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.ResourceKind;
import org.apiguardian.api.API;

/**
 * The verbs of the Kubernetes API, kind by kind: what an implementation of the client provides
 * (over HTTP, or in process over the API server's registry). {@link io.corral.api.client.CorralClient#over}
 * builds the fluent client, conflict retries, paging and informers on top of it.
 *
 * <p>Contract for implementations:
 * <ol>
 *   <li>Implementations MUST be thread-safe; every method may block for the round trip and no longer
 *       (except {@link #watch}, which returns once the watch is established).</li>
 *   <li>{@code namespace} is null for cluster-scoped kinds, and for a list, watch or collection delete
 *       over all namespaces; it is non-null for any call on a single object of a namespaced kind.</li>
 *   <li>Failures MUST be thrown as {@link io.corral.api.status.ApiException} with the reason the server
 *       gave: {@code NOT_FOUND}, {@code ALREADY_EXISTS}, {@code CONFLICT} (stale resourceVersion, failed
 *       precondition), {@code INVALID} (with a cause per field), {@code GONE}/{@code EXPIRED} (a too old
 *       resourceVersion or continue token), ...; transport failures as {@code SERVICE_UNAVAILABLE}
 *       or {@code TIMEOUT}.</li>
 *   <li>Objects returned are as stored by the server (with uid, resourceVersion, ...); lists carry the
 *       list's resourceVersion and, when paged, a continue token.</li>
 *   <li>{@link #watch} follows {@link WatchHandler}'s contract: per-watch sequential delivery in server
 *       order, ERROR events turned into {@code onClose(exception)}, {@code onClose} exactly once.</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ResourceApi extends AutoCloseable {
    /** The object, or {@code NOT_FOUND}. */
    <T extends KubernetesObject<T>> T get(ResourceKind<T> kind, String namespace, String name);

    /** The objects matching the options, one page when {@code options.limit() > 0}. */
    <T extends KubernetesObject<T>> ObjectList<T> list(ResourceKind<T> kind, String namespace, ListOptions options);

    /** Creates the object; {@code ALREADY_EXISTS} if its name is taken, {@code INVALID} if it is not valid. */
    <T extends KubernetesObject<T>> T create(ResourceKind<T> kind, String namespace, T object);

    /**
     * Replaces the object (its spec, metadata and all, or only its status when {@code status} is true);
     * {@code CONFLICT} when it carries a resourceVersion other than the stored one.
     */
    <T extends KubernetesObject<T>> T update(ResourceKind<T> kind, String namespace, T object, boolean status);

    /** Patches the object (or its status subresource); returns the result. */
    <T extends KubernetesObject<T>> T patch(ResourceKind<T> kind, String namespace, String name, PatchType type,
            String body, boolean status);

    /**
     * Deletes the object; {@code NOT_FOUND} if absent, {@code CONFLICT} on a failed precondition.
     *
     * @return the object's state after the call when the server returns it (for example still present
     *         with a deletionTimestamp while finalizers run), else null
     */
    <T extends KubernetesObject<T>> T delete(ResourceKind<T> kind, String namespace, String name,
            DeleteOptions options);

    /** Deletes every object matching the options' selectors. */
    <T extends KubernetesObject<T>> void deleteCollection(ResourceKind<T> kind, String namespace,
            ListOptions options, DeleteOptions deleteOptions);

    /** Opens a watch; returns once the server accepted it (or throws what it answered). */
    <T extends KubernetesObject<T>> Watch watch(ResourceKind<T> kind, String namespace, ListOptions options,
            WatchHandler<T> handler);

    /** Releases what the implementation created (connections, threads); open watches are closed. */
    @Override
    void close();
}
