package io.corral.scheduler.plugins;

import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeSelector;
import io.corral.api.model.core.NodeSelectorRequirement;
import io.corral.api.model.core.NodeSelectorTerm;
import java.util.List;
import java.util.Map;

/** Evaluates node selector terms against a node's labels and fields. */
final class NodeSelectors {
    private NodeSelectors() {
    }

    /** Whether any term matches (terms are ORed); a selector with no terms matches nothing. */
    static boolean matches(NodeSelector selector, Node node) {
        for (NodeSelectorTerm term : selector.nodeSelectorTerms()) {
            if (matches(term, node)) {
                return true;
            }
        }
        return false;
    }

    /** Whether every requirement of the term holds; a term with no requirements matches nothing. */
    static boolean matches(NodeSelectorTerm term, Node node) {
        if (term == null) {
            return false;
        }
        List<NodeSelectorRequirement> exprs = term.matchExpressions();
        List<NodeSelectorRequirement> fields = term.matchFields();
        if (exprs.isEmpty() && fields.isEmpty()) {
            return false;
        }
        Map<String, String> labels = node.metadata().labels();
        for (NodeSelectorRequirement r : exprs) {
            if (!matches(r, labels.get(r.key()), labels.containsKey(r.key()))) {
                return false;
            }
        }
        for (NodeSelectorRequirement r : fields) {
            // metadata.name is the only node field Kubernetes allows, with In and NotIn
            if (!"metadata.name".equals(r.key())) {
                return false;
            }
            String op = r.operator();
            if (!"In".equals(op) && !"NotIn".equals(op)) {
                return false;
            }
            if (!matches(r, node.metadata().name(), true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(NodeSelectorRequirement r, String value, boolean present) {
        String op = r.operator() == null ? "" : r.operator();
        return switch (op) {
            case "In" -> present && r.values().contains(value);
            case "NotIn" -> !present || !r.values().contains(value);
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            case "Gt", "Lt" -> {
                if (!present || r.values().size() != 1) {
                    yield false;
                }
                try {
                    long actual = Long.parseLong(value);
                    long bound = Long.parseLong(r.values().get(0));
                    yield op.equals("Gt") ? actual > bound : actual < bound;
                } catch (NumberFormatException e) {
                    yield false;
                }
            }
            default -> false;
        };
    }
}
