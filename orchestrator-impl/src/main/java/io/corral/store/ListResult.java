package io.corral.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apiguardian.api.API;

/**
 * One page of a list.
 *
 * @param items           the objects, ordered by namespace then name; each a fresh copy the caller owns
 * @param resourceVersion the revision the whole list (all pages) reflects; a watch started from it
 *                        sees exactly the later changes
 * @param continueToken   token for the next page, or null when this is the last page
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ListResult(List<ObjectNode> items, String resourceVersion, String continueToken) {
    public ListResult {
        items = List.copyOf(items);
    }
}
