package io.corral.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apiguardian.api.API;

/**
 * One change seen by a watch.
 *
 * @param type   the kind of change
 * @param object the object's new state; for {@link WatchEventType#DELETED} its last state carrying
 *               the deletion's resourceVersion; for {@link WatchEventType#BOOKMARK} an object with only
 *               {@code metadata.resourceVersion}. A fresh copy the handler owns.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record WatchEvent(WatchEventType type, ObjectNode object) {
    /** The event's {@code metadata.resourceVersion}. */
    public String resourceVersion() {
        return object.path("metadata").path("resourceVersion").asText();
    }
}
