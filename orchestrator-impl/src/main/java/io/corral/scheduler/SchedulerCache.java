package io.corral.scheduler;

import io.corral.api.model.core.Node;
import io.corral.api.model.core.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the scheduler knows of the cluster: nodes and the pods assigned to them, kept up to date
 * incrementally from node and pod events, plus the pods the scheduler has <em>assumed</em> onto a
 * node before the API has confirmed the binding (as kube-scheduler's cache does), so the next cycle
 * already counts them.
 *
 * <p>Thread-safe: events may come from informer threads while the scheduling loop takes
 * {@link #snapshot()}s. Each mutation replaces one {@link NodeInfo}; a snapshot costs one array copy
 * when something changed and nothing otherwise.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SchedulerCache {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerCache.class);

    private record PodState(PodInfo info, String nodeName, boolean assumed) {
    }

    private final List<NodeInfo> nodes = new ArrayList<>();
    private final Map<String, Integer> nodeIndex = new HashMap<>();
    private final Map<String, NodeInfo> placeholders = new HashMap<>();
    private final Map<String, PodState> pods = new HashMap<>();
    // indexes handed to snapshots; each is replaced, never changed, once a snapshot holds it
    private Map<String, Map<String, Integer>> owners = new HashMap<>();
    private boolean ownersShared;
    private Map<String, String> zones = new HashMap<>();
    private boolean zonesShared;
    private final java.util.Set<String> antiAffinityNodes = new java.util.TreeSet<>();
    private Snapshot snapshot = new Snapshot(List.of());
    private boolean dirty;

    /** Adds a node, or updates it when known. */
    public synchronized void addNode(Node node) {
        String name = node.metadata().name();
        Integer i = nodeIndex.get(name);
        if (i != null) {
            nodes.set(i, nodes.get(i).withNode(node));
        } else {
            NodeInfo pending = placeholders.remove(name);
            NodeInfo info = pending == null ? NodeInfo.of(node) : pending.withNode(node);
            for (PodInfo p : info.pods()) {
                countOwner(p, name, 1);
            }
            nodeIndex.put(name, nodes.size());
            nodes.add(info);
            replace(nodes.size() - 1, info);
        }
        setZone(name, nodes.get(nodeIndex.get(name)).zone());
        dirty = true;
    }

    /** Updates a node (adds it when unknown). */
    public void updateNode(Node node) {
        addNode(node);
    }

    /**
     * Removes a node. Pods still assigned to it stay in the cache (not in snapshots) until they are
     * deleted, so that a node coming back finds them.
     */
    public synchronized void removeNode(String name) {
        Integer i = nodeIndex.remove(name);
        if (i == null) {
            return;
        }
        NodeInfo removed = nodes.get(i);
        int last = nodes.size() - 1;
        if (i != last) {
            NodeInfo moved = nodes.get(last);
            nodes.set(i, moved);
            nodeIndex.put(moved.name(), i);
        }
        nodes.remove(last);
        setZone(name, null);
        for (PodInfo p : removed.pods()) {
            countOwner(p, name, -1);
        }
        antiAffinityNodes.remove(name);
        if (!removed.pods().isEmpty()) {
            placeholders.put(name, removed.withNode(null));
        }
        dirty = true;
    }

    /**
     * Adds or updates a pod assigned to a node ({@code spec.nodeName} set). An assumed pod of the same
     * key is confirmed: the API's version replaces it, on whichever node the API says. Pods without a
     * node name are ignored (they belong in the {@link SchedulingQueue}).
     */
    public synchronized void addPod(Pod pod) {
        String nodeName = pod.spec() == null ? null : pod.spec().nodeName();
        if (nodeName == null || nodeName.isEmpty()) {
            return;
        }
        PodInfo info = PodInfo.of(pod);
        PodState old = pods.get(info.key());
        if (old != null) {
            detach(info.key(), old.nodeName());
        }
        attach(info, nodeName);
        pods.put(info.key(), new PodState(info, nodeName, false));
    }

    /** Same as {@link #addPod(Pod)}. */
    public void updatePod(Pod pod) {
        addPod(pod);
    }

    /** Removes a pod (assumed or not); nothing when unknown. */
    public synchronized void removePod(String podKey) {
        PodState old = pods.remove(podKey);
        if (old != null) {
            detach(podKey, old.nodeName());
        }
    }

    /**
     * Counts {@code pod} on {@code nodeName} before its binding is confirmed.
     *
     * @throws IllegalStateException when the pod is already in the cache
     */
    public synchronized void assumePod(PodInfo pod, String nodeName) {
        if (pods.containsKey(pod.key())) {
            throw new IllegalStateException("pod " + pod.key() + " is already in the scheduler cache");
        }
        attach(pod, nodeName);
        pods.put(pod.key(), new PodState(pod, nodeName, true));
    }

    /**
     * Undoes {@link #assumePod} (after a failed binding).
     *
     * @return true when the pod was assumed and is now forgotten; false when it is not in the cache
     *         (deleted meanwhile) or already confirmed
     */
    public synchronized boolean forgetPod(String podKey) {
        PodState old = pods.get(podKey);
        if (old != null && old.assumed()) {
            pods.remove(podKey);
            detach(podKey, old.nodeName());
            return true;
        }
        return false;
    }

    /** Whether the pod is assumed and not yet confirmed by an {@link #addPod} event. */
    public synchronized boolean isAssumed(String podKey) {
        PodState s = pods.get(podKey);
        return s != null && s.assumed();
    }

    /** Whether the cache counts this pod on some node. */
    public synchronized boolean contains(String podKey) {
        return pods.containsKey(podKey);
    }

    /** The number of pods counted on nodes, assumed ones included. */
    public synchronized int podCount() {
        return pods.size();
    }

    /** The number of known nodes. */
    public synchronized int nodeCount() {
        return nodes.size();
    }

    /** The current state as an immutable snapshot. */
    public synchronized Snapshot snapshot() {
        if (dirty) {
            List<NodeInfo> anti = new ArrayList<>(antiAffinityNodes.size());
            for (String name : antiAffinityNodes) {
                anti.add(nodes.get(nodeIndex.get(name)));
            }
            snapshot = new Snapshot(new ArrayList<>(nodes), owners, zones, anti);
            ownersShared = true;
            zonesShared = true;
            dirty = false;
        }
        return snapshot;
    }

    private void replace(int i, NodeInfo info) {
        nodes.set(i, info);
        if (info.podsWithRequiredAntiAffinity().isEmpty()) {
            antiAffinityNodes.remove(info.name());
        } else {
            antiAffinityNodes.add(info.name());
        }
    }

    private void setZone(String nodeName, String zone) {
        if (java.util.Objects.equals(zones.get(nodeName), zone)) {
            return;
        }
        if (zonesShared) {
            zones = new HashMap<>(zones);
            zonesShared = false;
        }
        if (zone == null) {
            zones.remove(nodeName);
        } else {
            zones.put(nodeName, zone);
        }
    }

    private void countOwner(PodInfo pod, String nodeName, int delta) {
        if (pod.ownerKey() == null) {
            return;
        }
        if (ownersShared) {
            owners = new HashMap<>(owners);
            ownersShared = false;
        }
        // the inner map may be held by a snapshot too: replace it
        Map<String, Integer> perNode = new HashMap<>(owners.getOrDefault(pod.ownerKey(), Map.of()));
        int n = perNode.getOrDefault(nodeName, 0) + delta;
        if (n <= 0) {
            perNode.remove(nodeName);
        } else {
            perNode.put(nodeName, n);
        }
        if (perNode.isEmpty()) {
            owners.remove(pod.ownerKey());
        } else {
            owners.put(pod.ownerKey(), perNode);
        }
    }

    private void attach(PodInfo pod, String nodeName) {
        Integer i = nodeIndex.get(nodeName);
        if (i != null) {
            NodeInfo before = nodes.get(i);
            for (PodInfo p : before.pods()) {
                if (p.key().equals(pod.key())) {
                    countOwner(p, nodeName, -1);
                }
            }
            replace(i, before.withPod(pod));
            countOwner(pod, nodeName, 1);
            dirty = true;
        } else {
            LOG.debug("pod {} is on node {} which the cache does not know yet", pod.key(), nodeName);
            placeholders.put(nodeName, placeholders.getOrDefault(nodeName, NodeInfo.placeholder(nodeName)).withPod(pod));
        }
    }

    private void detach(String podKey, String nodeName) {
        Integer i = nodeIndex.get(nodeName);
        if (i != null) {
            NodeInfo before = nodes.get(i);
            for (PodInfo p : before.pods()) {
                if (p.key().equals(podKey)) {
                    countOwner(p, nodeName, -1);
                }
            }
            replace(i, before.withoutPod(podKey));
            dirty = true;
        } else {
            NodeInfo p = placeholders.get(nodeName);
            if (p != null) {
                NodeInfo next = p.withoutPod(podKey);
                if (next.pods().isEmpty()) {
                    placeholders.remove(nodeName);
                } else {
                    placeholders.put(nodeName, next);
                }
            }
        }
    }
}
