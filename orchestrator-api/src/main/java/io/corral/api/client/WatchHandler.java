package io.corral.api.client;

import io.corral.api.model.meta.WatchEvent;
import io.corral.api.status.ApiException;
import org.apiguardian.api.API;

/**
 * Receives the events of one watch.
 * <ol>
 *   <li>Calls are sequential (never concurrent) and in the order the server sent the events;
 *       they may come from any thread, but not from the one that opened the watch while it opens it.</li>
 *   <li>{@link #onEvent} gets ADDED, MODIFIED, DELETED and (when asked for) BOOKMARK events, never
 *       ERROR: an ERROR event ends the watch with {@link #onClose} and its status as an exception.</li>
 *   <li>{@link #onClose} is called exactly once, last.</li>
 *   <li>Handlers should return quickly: a slow handler holds back later events of its watch.
 *       An exception a handler throws is logged and does not end the watch.</li>
 * </ol>
 *
 * @param <T> the object type
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
@FunctionalInterface
public interface WatchHandler<T> {
    /** One event; {@code event.object()} is the object after the change (for DELETED its last state). */
    void onEvent(WatchEvent<T> event);

    /**
     * The watch has ended.
     *
     * @param cause null when the watch was closed by the client or ended normally by the server
     *              (its timeout: re-watch from the last version seen); otherwise why it failed, e.g.
     *              {@link io.corral.api.status.StatusReason#GONE GONE} or
     *              {@link io.corral.api.status.StatusReason#EXPIRED EXPIRED} when the version to start
     *              from is too old (list again, then watch from the list's version)
     */
    default void onClose(ApiException cause) {
    }
}
