package io.corral.store;

import org.apiguardian.api.API;

/** The type of a {@link WatchEvent}, spelled as on the Kubernetes wire. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public enum WatchEventType {
    ADDED, MODIFIED, DELETED,
    /** No change: only tells the watcher the revision it has reached ({@code metadata.resourceVersion}). */
    BOOKMARK
}
