package io.corral.api.model.meta;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One event of a watch stream, as Kubernetes sends it: {@code {"type": "ADDED", "object": {...}}}.
 * For {@link Type#ERROR} the object is a {@link io.corral.api.status.Status}; for
 * {@link Type#BOOKMARK} it carries only {@code metadata.resourceVersion}.
 *
 * @param type   what happened; never null
 * @param object the object after the change (for DELETED: its last state)
 * @param <T>    the object type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record WatchEvent<T>(Type type, T object) {
    /** Event types, spelled as on the wire. */
    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK, ERROR }

    public WatchEvent {
        Objects.requireNonNull(type, "type");
    }
}
