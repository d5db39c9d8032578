package io.corral.store;

import org.apiguardian.api.API;

/**
 * Receives the events of one watch.
 *
 * <ol>
 *   <li>Calls for one watch are sequential (never concurrent) and in revision order; different
 *       watches are called concurrently from store threads.</li>
 *   <li>Handlers SHOULD return quickly. Each watch has a bounded buffer; a watch whose buffer
 *       overflows is closed with {@code Gone} (410) and the client must re-list.</li>
 *   <li>{@link #onClose} is called exactly once, last, unless the watch was closed by its owner
 *       through {@link Watch#close()} (then it is called with null).</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface WatchHandler {
    /** One event. A runtime exception thrown here closes the watch with {@code InternalError}. */
    void onEvent(WatchEvent event);

    /**
     * The watch ended.
     *
     * @param error why, or null when closed by its owner or by the store's shutdown
     */
    void onClose(io.corral.api.status.ApiException error);
}
