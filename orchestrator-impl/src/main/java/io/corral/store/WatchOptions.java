package io.corral.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * Where a watch starts and what it sees.
 *
 * @param resourceVersion null, {@code ""} or {@code "0"}: start from the current state, first sending a
 *                        synthetic {@code ADDED} for every matching object; otherwise a revision (e.g. a
 *                        list's): send exactly the changes after it, or fail with {@code Expired} (410)
 *                        when it is older than the retained history
 * @param predicate       label/field filter, or null for all. As in Kubernetes, an object that stops
 *                        matching is sent as {@code DELETED}, one that starts matching as {@code ADDED}
 * @param bookmarks       whether to send periodic {@code BOOKMARK} events
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record WatchOptions(String resourceVersion, Predicate<ObjectNode> predicate, boolean bookmarks) {
    /** Everything from now, with synthetic ADDED events for the current state. */
    public static WatchOptions fromNow() {
        return new WatchOptions(null, null, false);
    }

    /** Everything after the given revision. */
    public static WatchOptions from(String resourceVersion) {
        return new WatchOptions(resourceVersion, null, false);
    }
}
