package io.corral.api.client.informer;

import io.corral.api.labels.Selector;
import io.corral.api.model.meta.KubernetesObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * A read-only view of an informer's local cache (client-go's {@code Indexer}/lister). Reads never go to
 * the server; the cache is eventually consistent with it. Thread-safe; results are snapshots.
 *
 * @param <T> the object type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Indexer<T extends KubernetesObject<T>> {
    /** The built-in index of objects by namespace ({@code ""} for cluster-scoped objects). */
    String NAMESPACE_INDEX = "namespace";

    /** The object of that namespace and name; {@code namespace} is null for cluster-scoped kinds. */
    Optional<T> get(String namespace, String name);

    /** The object with that key, {@code namespace/name} or {@code name} for cluster-scoped kinds. */
    Optional<T> getByKey(String key);

    /** Every cached object. */
    List<T> list();

    /** The cached objects whose labels match. */
    List<T> list(Selector selector);

    /** The cached objects of one namespace whose labels match. */
    List<T> list(String namespace, Selector selector);

    /** The objects an index maps {@code value} to; {@code IllegalArgumentException} for an unknown index. */
    List<T> byIndex(String indexName, String value);

    /** The keys of every cached object. */
    Set<String> keys();

    /** How many objects are cached. */
    int size();

    /** The cache key of an object: {@code namespace/name}, or {@code name} without a namespace. */
    static String keyOf(KubernetesObject<?> object) {
        String ns = object.metadata().namespace();
        String name = object.metadata().name();
        return ns == null || ns.isEmpty() ? name : ns + "/" + name;
    }
}
