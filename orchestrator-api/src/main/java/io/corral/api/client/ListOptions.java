package io.corral.api.client;

import io.corral.api.labels.FieldSelector;
import io.corral.api.labels.Selector;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Options of a list or watch (meta/v1 {@code ListOptions}). Immutable; start from {@link #DEFAULTS}.
 *
 * @param labelSelector       objects must match it; never null ({@link Selector#everything()} for all)
 * @param fieldSelector       objects must match it; never null ({@link FieldSelector#everything()} for all)
 * @param limit               at most this many items per page; 0 for no limit
 * @param continueToken       the {@code continue} token of the previous page; null for the first page
 * @param resourceVersion     list: how fresh the result must be (null: most recent); watch: the version to
 *                            start after (null: the server sends the current state as ADDED events first)
 * @param timeoutSeconds      watch: the server ends the watch after this many seconds; 0 for its default
 * @param allowWatchBookmarks watch: the server may send BOOKMARK events carrying only a resourceVersion
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ListOptions(Selector labelSelector, FieldSelector fieldSelector, long limit, String continueToken,
                          String resourceVersion, long timeoutSeconds, boolean allowWatchBookmarks) {
    /** Every object, one page, most recent. */
    public static final ListOptions DEFAULTS =
            new ListOptions(Selector.everything(), FieldSelector.everything(), 0, null, null, 0, false);

    public ListOptions {
        Objects.requireNonNull(labelSelector, "labelSelector");
        Objects.requireNonNull(fieldSelector, "fieldSelector");
        if (limit < 0) {
            throw new IllegalArgumentException("limit: must be >= 0, was " + limit);
        }
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("timeoutSeconds: must be >= 0, was " + timeoutSeconds);
        }
    }

    public ListOptions withLabelSelector(Selector selector) {
        return new ListOptions(selector, fieldSelector, limit, continueToken, resourceVersion, timeoutSeconds,
                allowWatchBookmarks);
    }

    public ListOptions withFieldSelector(FieldSelector selector) {
        return new ListOptions(labelSelector, selector, limit, continueToken, resourceVersion, timeoutSeconds,
                allowWatchBookmarks);
    }

    /** A copy asking for one page of at most {@code limit} items after {@code continueToken} (null: the first). */
    public ListOptions withPage(long limit, String continueToken) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, resourceVersion, timeoutSeconds,
                allowWatchBookmarks);
    }

    public ListOptions withResourceVersion(String version) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, version, timeoutSeconds,
                allowWatchBookmarks);
    }

    public ListOptions withTimeoutSeconds(long seconds) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, resourceVersion, seconds,
                allowWatchBookmarks);
    }

    public ListOptions withAllowWatchBookmarks(boolean allow) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, resourceVersion, timeoutSeconds,
                allow);
    }
}
