package io.corral.api.client;

import io.corral.api.labels.FieldSelector;
import io.corral.api.labels.Selector;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectList;
import io.corral.api.model.meta.ResourceKind;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apiguardian.api.API;

/**
 * The operations on one kind, scoped to a namespace (or all namespaces) and filtered by selectors.
 * Instances are immutable and thread-safe: {@link #inNamespace}, {@link #withLabelSelector} and friends
 * return new views, so a view can be kept and shared.
 *
 * <p>Conventions:
 * <ul>
 *   <li>{@link #get} returns {@link Optional#empty()} for an absent object; {@link #require} throws
 *       {@code NOT_FOUND}. Every other call on a single object that is absent throws {@code NOT_FOUND},
 *       except {@link #delete}, which returns false (deleting is idempotent).</li>
 *   <li>Errors are {@link io.corral.api.status.ApiException}s carrying the server's reason.</li>
 *   <li>For namespaced kinds, a call on one object takes its namespace from this view
 *       ({@link #inNamespace}) or, failing that, from the object's {@code metadata.namespace}; a view
 *       with no namespace lists and watches all namespaces.</li>
 *   <li>Selectors apply to {@link #list}, {@link #listAll}, {@link #watch} and {@link #deleteCollection},
 *       not to calls on one named object.</li>
 * </ul>
 *
 * @param <T> the kind's Java type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ResourceClient<T extends KubernetesObject<T>> {
    /** Default page size of {@link #listAll()}. */
    int DEFAULT_PAGE_SIZE = 500;

    /** The kind this view works on. */
    ResourceKind<T> kind();

    /** The namespace of this view; null for all namespaces (always null for cluster-scoped kinds). */
    String namespace();

    /** The options (selectors) this view lists and watches with. */
    ListOptions listOptions();

    /** A view on one namespace; {@code BAD_REQUEST} for a cluster-scoped kind. */
    ResourceClient<T> inNamespace(String namespace);

    /** A view on all namespaces. */
    ResourceClient<T> inAnyNamespace();

    /** A view listing and watching only objects whose labels match. */
    ResourceClient<T> withLabelSelector(Selector selector);

    /** As {@link #withLabelSelector(Selector)}, parsing Kubernetes' selector syntax, e.g. {@code app=web,tier!=db}. */
    default ResourceClient<T> withLabelSelector(String selector) {
        return withLabelSelector(Selector.parse(selector));
    }

    /** A view listing and watching only objects whose fields match, e.g. {@code metadata.name=web}. */
    ResourceClient<T> withFieldSelector(FieldSelector selector);

    /** As {@link #withFieldSelector(FieldSelector)}, parsing {@code field=value,field!=value}. */
    default ResourceClient<T> withFieldSelector(String selector) {
        return withFieldSelector(FieldSelector.parse(selector));
    }

    /** Operations on the object of that name (in this view's namespace). */
    NamedResource<T> withName(String name);

    // ------------------------------------------------------------------ reads

    /** The object, or empty when there is none of that name. */
    default Optional<T> get(String name) {
        return withName(name).get();
    }

    /** The object; {@code NOT_FOUND} when there is none of that name. */
    default T require(String name) {
        return withName(name).require();
    }

    /** Every matching object, in one response; the list's metadata has the resourceVersion to watch from. */
    ObjectList<T> list();

    /**
     * One page of at most {@code limit} matching objects, after the page whose {@code continueToken}
     * is given (null for the first page). The result's {@code metadata().continueToken()} is null on the
     * last page. A token too old for the server gives {@code GONE}/{@code EXPIRED}: start again.
     * A server that does not page returns everything at once, with no token.
     */
    ObjectList<T> list(long limit, String continueToken);

    /** Every matching object, fetched lazily page by page ({@link #DEFAULT_PAGE_SIZE}). */
    default Stream<T> listAll() {
        return listAll(DEFAULT_PAGE_SIZE);
    }

    /** Every matching object, fetched lazily in pages of {@code pageSize}; close the stream to stop early. */
    Stream<T> listAll(int pageSize);

    // ------------------------------------------------------------------ writes

    /** Creates the object; {@code ALREADY_EXISTS} when its name is taken, {@code INVALID} when not valid. */
    T create(T object);

    /**
     * Replaces the object (named by its metadata). Optimistic concurrency: when the object carries a
     * {@code metadata.resourceVersion} other than the stored one, {@code CONFLICT}; without one the
     * update is unconditional. The status is not changed (see {@link #updateStatus}).
     */
    T update(T object);

    /** Replaces the status of the object (named by its metadata), with the same concurrency rule as {@link #update}. */
    T updateStatus(T object);

    /** Patches the named object with {@code body} as {@code type}; returns the result. */
    default T patch(String name, PatchType type, String body) {
        return withName(name).patch(type, body);
    }

    /**
     * Reads the named object, applies {@code change} and updates it with the version read; on
     * {@code CONFLICT} (someone else wrote in between) it reads and applies again, up to a few times,
     * then throws the last conflict. {@code change} must be free of side effects (it may run several
     * times) and must not change the name. When it returns an equal object, nothing is written.
     *
     * @return the object as stored afterwards
     */
    default T edit(String name, UnaryOperator<T> change) {
        return withName(name).edit(change);
    }

    /** Deletes the named object with the server's default options; false when there was none. */
    default boolean delete(String name) {
        return delete(name, DeleteOptions.DEFAULTS);
    }

    /**
     * Deletes the named object; false when there was none. A failed precondition gives {@code CONFLICT}.
     * True means the deletion was accepted: with finalizers or a grace period the object may remain
     * a while with a deletionTimestamp.
     */
    default boolean delete(String name, DeleteOptions options) {
        return withName(name).delete(options);
    }

    /** Deletes every object matching this view's selectors (in its namespace, or all). */
    default void deleteCollection() {
        deleteCollection(DeleteOptions.DEFAULTS);
    }

    /** Deletes every object matching this view's selectors with the given options. */
    void deleteCollection(DeleteOptions options);

    // ------------------------------------------------------------------ watch

    /**
     * Watches the matching objects for changes after {@code fromVersion} (typically the resourceVersion
     * of a {@link #list()}); with null the server first sends every current object as ADDED.
     * Events are delivered to {@code handler} as {@link WatchHandler} describes.
     */
    default Watch watch(String fromVersion, WatchHandler<T> handler) {
        return watch(listOptions().withResourceVersion(fromVersion), handler);
    }

    /**
     * Watches with explicit options (resourceVersion, timeoutSeconds, allowWatchBookmarks); the
     * selectors of {@code options} replace this view's.
     */
    Watch watch(ListOptions options, WatchHandler<T> handler);
}
