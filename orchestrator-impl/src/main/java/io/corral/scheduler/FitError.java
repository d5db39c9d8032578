package io.corral.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * Why a pod fits no node, with the message Kubernetes writes in its {@code FailedScheduling} events:
 * {@code 0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu.}
 * Each reason is counted over the nodes that gave it, and the {@code "<count> <reason>"} strings are
 * sorted as strings, exactly as kube-scheduler's {@code FitError.Error()} does.
 *
 * @param numAllNodes      the number of nodes in the snapshot
 * @param nodeReasons      the reasons each rejected node gave, by node name; unmodifiable
 * @param preFilterMessage the reason the pod was rejected before looking at nodes, or null
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record FitError(int numAllNodes, Map<String, List<String>> nodeReasons, String preFilterMessage) {

    /** Copies the map. */
    public FitError {
        nodeReasons = Collections.unmodifiableMap(new LinkedHashMap<>(nodeReasons));
    }

    /** A pod rejected by a filter's pre-filter step, for every node at once. */
    public static FitError preFilter(int numAllNodes, String message) {
        return new FitError(numAllNodes, Map.of(), message);
    }

    /** How many nodes gave each reason. */
    public Map<String, Integer> reasonCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> reasons : nodeReasons.values()) {
            for (String r : reasons) {
                counts.merge(r, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** The Kubernetes-style message. */
    public String message() {
        StringBuilder sb = new StringBuilder("0/").append(numAllNodes).append(" nodes are available");
        if (preFilterMessage != null) {
            return sb.append(": ").append(preFilterMessage).append('.').toString();
        }
        List<String> parts = new ArrayList<>();
        reasonCounts().forEach((reason, count) -> parts.add(count + " " + reason));
        if (parts.isEmpty()) {
            return sb.append('.').toString();
        }
        Collections.sort(parts);
        return sb.append(": ").append(String.join(", ", parts)).append('.').toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
