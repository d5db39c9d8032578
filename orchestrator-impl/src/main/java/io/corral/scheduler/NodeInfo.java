package io.corral.scheduler;

import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeCondition;
import io.corral.api.model.core.NodeSpec;
import io.corral.api.model.core.NodeStatus;
import io.corral.api.model.core.Taint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * One node as the scheduler sees it: the node object, the pods assigned (or assumed) to it, and
 * their sums. Immutable and thread-safe: every change makes a new instance, so a {@link Snapshot}
 * can hand them out without copying.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NodeInfo {
    /** Well-known label of a node's zone. */
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    /** Well-known label of a node's region. */
    public static final String REGION_LABEL = "topology.kubernetes.io/region";
    /** Well-known label of a node's host name. */
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    /** Deprecated zone label, read when {@link #ZONE_LABEL} is absent. */
    public static final String LEGACY_ZONE_LABEL = "failure-domain.beta.kubernetes.io/zone";

    private final String name;
    private final Node node;
    private final List<PodInfo> pods;
    private final Resources requested;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final List<PodInfo.HostPort> usedPorts;
    private final List<PodInfo> podsWithRequiredAntiAffinity;
    private final Map<String, Integer> ownerCounts;
    private final Resources allocatable;
    private final long allowedPodCount;
    // read for every node of every cycle: kept here rather than found in the node each time
    private final String zone;
    private final String readyStatus;
    private final boolean unschedulable;
    private final List<Taint> taints;

    private NodeInfo(String name, Node node, List<PodInfo> pods) {
        this.name = name;
        this.node = node;
        this.pods = Collections.unmodifiableList(pods);
        Resources sum = Resources.ZERO;
        long cpu = 0;
        long mem = 0;
        List<PodInfo.HostPort> ports = new ArrayList<>();
        List<PodInfo> anti = new ArrayList<>();
        Map<String, Integer> owners = new HashMap<>();
        for (PodInfo p : pods) {
            sum = sum.plus(p.requests());
            cpu += p.scoreMilliCpu();
            mem += p.scoreMemory();
            ports.addAll(p.hostPorts());
            if (!p.requiredAntiAffinity().isEmpty()) {
                anti.add(p);
            }
            if (p.ownerKey() != null) {
                owners.merge(p.ownerKey(), 1, Integer::sum);
            }
        }
        this.requested = sum;
        this.nonZeroMilliCpu = cpu;
        this.nonZeroMemory = mem;
        this.usedPorts = List.copyOf(ports);
        this.podsWithRequiredAntiAffinity = List.copyOf(anti);
        this.ownerCounts = owners;
        NodeStatus status = node == null ? null : node.status();
        if (status == null) {
            this.allocatable = Resources.ZERO;
            this.allowedPodCount = 0;
        } else {
            var list = status.allocatable().isEmpty() ? status.capacity() : status.allocatable();
            this.allocatable = Resources.of(list);
            this.allowedPodCount = Resources.podCount(list);
        }
        Map<String, String> labels = labels();
        String z = labels.get(ZONE_LABEL);
        this.zone = z != null ? z : labels.get(LEGACY_ZONE_LABEL);
        String ready = null;
        if (status != null) {
            for (NodeCondition c : status.conditions()) {
                if ("Ready".equals(c.type())) {
                    ready = c.status();
                    break;
                }
            }
        }
        this.readyStatus = ready;
        NodeSpec spec = node == null ? null : node.spec();
        this.unschedulable = spec != null && Boolean.TRUE.equals(spec.unschedulable());
        this.taints = spec == null ? List.of() : spec.taints();
    }

    /** A node with no pods. */
    public static NodeInfo of(Node node) {
        return new NodeInfo(node.metadata().name(), node, new ArrayList<>());
    }

    /** A node with the given pods. */
    public static NodeInfo of(Node node, List<PodInfo> pods) {
        return new NodeInfo(node.metadata().name(), node, new ArrayList<>(pods));
    }

    /** Pods on a node the cache has not seen (yet, or any more); {@link #node()} is null. */
    static NodeInfo placeholder(String name) {
        return new NodeInfo(name, null, new ArrayList<>());
    }

    /** The same pods on a new version of the node ({@code null} keeps the pods without a node). */
    NodeInfo withNode(Node newNode) {
        return new NodeInfo(name, newNode, new ArrayList<>(pods));
    }

    /** This node with {@code pod} added (replacing a pod with the same key). */
    NodeInfo withPod(PodInfo pod) {
        List<PodInfo> next = new ArrayList<>(pods.size() + 1);
        for (PodInfo p : pods) {
            if (!p.key().equals(pod.key())) {
                next.add(p);
            }
        }
        next.add(pod);
        return new NodeInfo(name, node, next);
    }

    /** This node without the pod with {@code key}; this instance when there is none. */
    NodeInfo withoutPod(String key) {
        List<PodInfo> next = new ArrayList<>(pods.size());
        for (PodInfo p : pods) {
            if (!p.key().equals(key)) {
                next.add(p);
            }
        }
        return next.size() == pods.size() ? this : new NodeInfo(name, node, next);
    }

    /** The node's name. */
    public String name() {
        return name;
    }

    /** The node object; null only for pods whose node the cache does not know (never in a {@link Snapshot}). */
    public Node node() {
        return node;
    }

    /** The node's labels, never null. */
    public Map<String, String> labels() {
        return node == null ? Map.of() : node.metadata().labels();
    }

    /** The node's zone ({@link #ZONE_LABEL}, else {@link #LEGACY_ZONE_LABEL}), null when unlabelled. */
    public String zone() {
        return zone;
    }

    /** The status of the node's {@code Ready} condition ({@code True}, {@code False}, {@code Unknown}), null when it has none. */
    public String readyStatus() {
        return readyStatus;
    }

    /** Whether the node is cordoned ({@code spec.unschedulable}). */
    public boolean unschedulable() {
        return unschedulable;
    }

    /** The node's taints, never null. */
    public List<Taint> taints() {
        return taints;
    }

    /** The node's region ({@link #REGION_LABEL}), null when unlabelled. */
    public String region() {
        return labels().get(REGION_LABEL);
    }

    /** The pods assigned or assumed to this node, unmodifiable. */
    public List<PodInfo> pods() {
        return pods;
    }

    /** The pods on this node that carry required anti-affinity terms. */
    public List<PodInfo> podsWithRequiredAntiAffinity() {
        return podsWithRequiredAntiAffinity;
    }

    /** The sum of the pods' effective requests. */
    public Resources requested() {
        return requested;
    }

    /** The CPU requested for scoring: pods without a CPU request count {@link PodInfo#DEFAULT_SCORE_MILLI_CPU}. */
    public long nonZeroRequestedMilliCpu() {
        return nonZeroMilliCpu;
    }

    /** The memory requested for scoring: pods without a memory request count {@link PodInfo#DEFAULT_SCORE_MEMORY}. */
    public long nonZeroRequestedMemory() {
        return nonZeroMemory;
    }

    /** The node's allocatable resources ({@code status.allocatable}, else {@code status.capacity}). */
    public Resources allocatable() {
        return allocatable;
    }

    /** How many pods the node takes ({@code pods} in allocatable). */
    public long allowedPodCount() {
        return allowedPodCount;
    }

    /** The host ports in use by the pods on this node. */
    public List<PodInfo.HostPort> usedPorts() {
        return usedPorts;
    }

    /** How many pods of the set {@code ownerKey} (see {@link PodInfo#ownerKey()}) run here. */
    public int countOwnedBy(String ownerKey) {
        return ownerKey == null ? 0 : ownerCounts.getOrDefault(ownerKey, 0);
    }

    @Override
    public String toString() {
        return "NodeInfo[" + name + ", pods=" + pods.size() + "]";
    }
}
