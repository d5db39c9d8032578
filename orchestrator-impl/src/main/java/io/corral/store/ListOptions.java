package io.corral.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Predicate;
import org.apiguardian.api.API;

/**
 * What to list.
 *
 * @param predicate     label/field filter evaluated by the store on each object (a read-only view;
 *                      it must not modify it and must be quick and thread-safe); null for all
 * @param limit         maximum number of items in this page, 0 for no limit
 * @param continueToken the {@link ListResult#continueToken()} of the previous page, or null for
 *                      the first page; a continued list is served at the first page's revision,
 *                      or fails with {@code Expired} (410) once that revision is compacted
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ListOptions(Predicate<ObjectNode> predicate, int limit, String continueToken) {
    public ListOptions {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + limit);
        }
    }

    /** Every object, in one page. */
    public static ListOptions all() {
        return new ListOptions(null, 0, null);
    }

    /** Objects matching the predicate, in one page. */
    public static ListOptions matching(Predicate<ObjectNode> predicate) {
        return new ListOptions(predicate, 0, null);
    }
}
