package io.corral.api.client.remote;

import org.apiguardian.api.API;

/** How the remote client carries a watch; both are part of the Kubernetes REST protocol. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum WatchTransport {
    /** A long-running GET with {@code watch=true}: a chunked response of one JSON event per line (kubectl's way). */
    STREAMING,
    /** The same GET upgraded to a WebSocket: one JSON event per text message (fabric8's way). */
    WEBSOCKET
}
