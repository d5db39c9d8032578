package io.corral.apiserver.registry;

import org.apiguardian.api.API;

/**
 * The query of a list or watch, as Kubernetes' {@code ListOptions}.
 *
 * @param labelSelector        label selector text, null or empty for all
 * @param fieldSelector        field selector text, null or empty for all
 * @param resourceVersion      null/empty for the latest state; {@code "0"} for any; else a revision
 * @param resourceVersionMatch null, {@code NotOlderThan} or {@code Exact}
 * @param limit                page size, 0 for all
 * @param continueToken        the previous page's continue token, or null
 * @param allowWatchBookmarks  whether a watch may send BOOKMARK events
 * @param timeoutSeconds       how long a watch lasts, null for the server's default
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ListRequest(String labelSelector, String fieldSelector, String resourceVersion,
                          String resourceVersionMatch, int limit, String continueToken,
                          boolean allowWatchBookmarks, Long timeoutSeconds) {
    /** Everything, latest state, one page. */
    public static final ListRequest ALL = new ListRequest(null, null, null, null, 0, null, false, null);

    /** Everything matching a label selector. */
    public static ListRequest labels(String labelSelector) {
        return new ListRequest(labelSelector, null, null, null, 0, null, false, null);
    }
}
