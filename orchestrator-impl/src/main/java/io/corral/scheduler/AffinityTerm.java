package io.corral.scheduler;

import io.corral.api.labels.Selector;
import io.corral.api.model.core.PodAffinityTerm;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * A pod (anti-)affinity term compiled once per pod: which namespaces, which labels, which topology.
 *
 * <p>Namespaces follow Kubernetes: an empty {@code namespaces} list with no {@code namespaceSelector}
 * means the namespace of the pod that carries the term; an empty {@code namespaceSelector}
 * ({@code {}}) means every namespace. A non-empty {@code namespaceSelector} needs namespace labels,
 * which the scheduler does not track yet: such a term matches only its listed namespaces.
 *
 * @param namespaces  the namespaces whose pods the term looks at; null means all namespaces
 * @param selector    the label selector pods must match; a null {@code labelSelector} selects nothing
 * @param topologyKey the node label that defines the topology domain, never null
 * @param weight      the weight of a preferred term (1-100), 0 for a required one
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record AffinityTerm(Set<String> namespaces, Selector selector, String topologyKey, int weight) {

    /** Compiles {@code term} as carried by a pod in {@code ownNamespace}. */
    public static AffinityTerm of(PodAffinityTerm term, String ownNamespace, int weight) {
        Set<String> namespaces;
        boolean allNamespaces = term.namespaceSelector() != null
                && term.namespaceSelector().matchLabels().isEmpty()
                && term.namespaceSelector().matchExpressions().isEmpty();
        if (allNamespaces) {
            namespaces = null;
        } else if (term.namespaces().isEmpty() && term.namespaceSelector() == null) {
            namespaces = Set.of(ownNamespace);
        } else {
            namespaces = Set.copyOf(term.namespaces());
        }
        String key = term.topologyKey() == null ? "" : term.topologyKey();
        return new AffinityTerm(namespaces, Selector.from(term.labelSelector()), key, weight);
    }

    /** Whether {@code pod} is one of the pods this term selects. */
    public boolean matches(PodInfo pod) {
        return (namespaces == null || namespaces.contains(pod.namespace())) && selector.matches(pod.labels());
    }
}
