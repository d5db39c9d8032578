package io.corral.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * An immutable view of the cluster for one scheduling cycle: every known node with its pods, in a
 * stable order, plus indexes that spare plugins a walk over every node: where the pods of each set
 * run ({@link #podsOwnedBy}), each node's zone ({@link #zoneOf}) and which nodes run pods with
 * required anti-affinity ({@link #nodesWithRequiredAntiAffinityPods}). Plugins read it; nothing
 * writes it.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Snapshot {
    private final List<NodeInfo> nodes;
    private final Map<String, Map<String, Integer>> owners;
    private final Map<String, String> zones;
    private final List<NodeInfo> antiAffinityNodes;
    private volatile Map<String, NodeInfo> byName;

    /** A snapshot of these nodes, in this order; the indexes are computed from them. */
    public Snapshot(List<NodeInfo> nodes) {
        this.nodes = Collections.unmodifiableList(new ArrayList<>(nodes));
        Map<String, Map<String, Integer>> o = new HashMap<>();
        Map<String, String> z = new HashMap<>();
        List<NodeInfo> anti = new ArrayList<>();
        for (NodeInfo n : nodes) {
            for (PodInfo p : n.pods()) {
                if (p.ownerKey() != null) {
                    o.computeIfAbsent(p.ownerKey(), k -> new HashMap<>()).merge(n.name(), 1, Integer::sum);
                }
            }
            if (n.zone() != null) {
                z.put(n.name(), n.zone());
            }
            if (!n.podsWithRequiredAntiAffinity().isEmpty()) {
                anti.add(n);
            }
        }
        this.owners = o;
        this.zones = z;
        this.antiAffinityNodes = Collections.unmodifiableList(anti);
    }

    /** A snapshot with indexes the {@link SchedulerCache} keeps up to date (none is copied). */
    Snapshot(List<NodeInfo> nodes, Map<String, Map<String, Integer>> owners, Map<String, String> zones,
             List<NodeInfo> antiAffinityNodes) {
        this.nodes = Collections.unmodifiableList(nodes);
        this.owners = owners;
        this.zones = zones;
        this.antiAffinityNodes = Collections.unmodifiableList(antiAffinityNodes);
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

    /**
     * How many pods of the set {@code ownerKey} (see {@link PodInfo#ownerKey()}) run on each node, by
     * node name; nodes without any are absent. Never null, unmodifiable.
     */
    public Map<String, Integer> podsOwnedBy(String ownerKey) {
        Map<String, Integer> m = ownerKey == null ? null : owners.get(ownerKey);
        return m == null ? Map.of() : Collections.unmodifiableMap(m);
    }

    /** The zone of the node named {@code nodeName} (see {@link NodeInfo#zone()}), null when none or unknown. */
    public String zoneOf(String nodeName) {
        return zones.get(nodeName);
    }

    /** Whether any node has a zone. */
    public boolean hasZones() {
        return !zones.isEmpty();
    }

    /** The nodes that run at least one pod with required anti-affinity terms. */
    public List<NodeInfo> nodesWithRequiredAntiAffinityPods() {
        return antiAffinityNodes;
    }
}
