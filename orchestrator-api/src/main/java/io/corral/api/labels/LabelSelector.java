package io.corral.api.labels;

import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The structured form of a label selector, as it appears in specs
 * ({@code spec.selector} of a ReplicaSet, Deployment, ...): {@code matchLabels}
 * and {@code matchExpressions}, ANDed together. An empty selector matches everything.
 *
 * @param matchLabels      key/value pairs that must all be present, never null
 * @param matchExpressions requirements that must all hold, never null
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LabelSelector(Map<String, String> matchLabels, List<LabelSelectorRequirement> matchExpressions) {
    public LabelSelector {
        matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    /** A selector that requires all the given labels. */
    public static LabelSelector matchLabels(Map<String, String> labels) {
        return new LabelSelector(labels, List.of());
    }
}
