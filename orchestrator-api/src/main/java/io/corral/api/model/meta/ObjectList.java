package io.corral.api.model.meta;

import java.util.List;
import org.apiguardian.api.API;

/**
 * A list of objects of one kind, as returned by a list call: {@code kind} is the item kind
 * with {@code List} appended ({@code PodList}).
 *
 * @param apiVersion the items' apiVersion
 * @param kind       the list kind, e.g. {@code PodList}
 * @param metadata   the list's resourceVersion and continue token; never null
 * @param items      the objects; never null, unmodifiable
 * @param <T>        the item kind
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ObjectList<T>(String apiVersion, String kind, ListMeta metadata, List<T> items) {
    public ObjectList {
        metadata = metadata == null ? new ListMeta(null, null, null) : metadata;
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** A list of {@code items} of the given kind at {@code resourceVersion} (may be null). */
    public static <T> ObjectList<T> of(ResourceKind<?> kind, String resourceVersion, List<T> items) {
        return new ObjectList<>(kind.apiVersion(), kind.listKind(), new ListMeta(resourceVersion, null, null), items);
    }
}
