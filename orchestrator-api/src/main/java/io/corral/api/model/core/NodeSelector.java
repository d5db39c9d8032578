package io.corral.api.model.core;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Node selector terms, ORed.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NodeSelector(List<NodeSelectorTerm> nodeSelectorTerms) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public NodeSelector {
        nodeSelectorTerms = nodeSelectorTerms == null ? List.of() : List.copyOf(nodeSelectorTerms);
    }
}
