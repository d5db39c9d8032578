package io.corral.store;

import org.apiguardian.api.API;

/** A running watch. Closing is idempotent and may be called from any thread, including a handler. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Watch extends AutoCloseable {
    /** Stops delivery; no event is delivered after {@link WatchHandler#onClose} ran. */
    @Override
    void close();

    /** Whether the watch is still delivering. */
    boolean isOpen();
}
