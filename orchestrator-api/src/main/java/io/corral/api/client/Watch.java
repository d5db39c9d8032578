package io.corral.api.client;

import org.apiguardian.api.API;

/**
 * An open watch. Closing it stops the delivery of events; the handler's
 * {@link WatchHandler#onClose(io.corral.api.status.ApiException) onClose(null)} is then called once,
 * unless it was already called because the watch ended by itself. Thread-safe; closing twice is harmless.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface Watch extends AutoCloseable {
    /**
     * Stops the watch; idempotent, throws nothing. It waits at most for an event being handled at that
     * moment; it may be called from within the handler.
     */
    @Override
    void close();

    /** Whether events may still arrive: false once closed or ended by the server. */
    boolean isOpen();
}
