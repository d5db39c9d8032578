package io.corral.scheduler;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * An immutable view of the cluster for one scheduling cycle: every known node with its pods, in a
 * stable order. Plugins read it; nothing writes it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Snapshot {
    private final List<NodeInfo> nodes;
    private volatile Map<String, NodeInfo> byName;

    /** A snapshot of these nodes, in this order. */
    public Snapshot(List<NodeInfo> nodes) {
        this.nodes = Collections.unmodifiableList(nodes);
    }

    /** The nodes, in a stable order; unmodifiable. */
    public List<NodeInfo> nodes() {
        return nodes;
    }

    /** The node named {@code name}, null when unknown. */
    public NodeInfo node(String name) {
        Map<String, NodeInfo> m = byName;
        if (m == null) {
            m = new HashMap<>(nodes.size() * 2);
            for (NodeInfo n : nodes) {
                m.put(n.name(), n);
            }
            byName = m;
        }
        return m.get(name);
    }

    /** The number of nodes. */
    public int size() {
        return nodes.size();
    }
}
