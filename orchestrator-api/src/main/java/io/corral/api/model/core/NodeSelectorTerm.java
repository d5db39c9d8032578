package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Requirements on node labels and fields, ANDed.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NodeSelectorTerm(
        List<NodeSelectorRequirement> matchExpressions,
        List<NodeSelectorRequirement> matchFields) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public NodeSelectorTerm {
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
        matchFields = matchFields == null ? List.of() : List.copyOf(matchFields);
    }
}
