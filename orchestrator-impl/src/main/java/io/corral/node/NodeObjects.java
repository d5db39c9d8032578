package io.corral.node;

import io.corral.api.model.coordination.Lease;
import io.corral.api.model.coordination.LeaseSpec;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeAddress;
import io.corral.api.model.core.NodeCondition;
import io.corral.api.model.core.NodeSpec;
import io.corral.api.model.core.NodeStatus;
import io.corral.api.model.core.NodeSystemInfo;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.quantity.Quantity;
import io.corral.runtime.spi.NodeFingerprint;
import io.corral.runtime.spi.RuntimeStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The node's own API objects: the {@link Node} (labels, capacity, allocatable, addresses, node
 * info and conditions, from the runtime's {@link NodeFingerprint} and {@link RuntimeStatus}) and its
 * heartbeat {@link Lease} in {@value #LEASE_NAMESPACE}.
 *
 * <p>Allocatable is capacity minus the configured reservations (never below zero). Conditions:
 * {@code Ready} from the runtime status, {@code MemoryPressure}, {@code DiskPressure} and
 * {@code PIDPressure} False; every condition's {@code lastHeartbeatTime} is the time of the report
 * and its {@code lastTransitionTime} is kept from the previous report while its status is unchanged.
 *
 * <p>Immutable and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NodeObjects {
    /** The namespace of node heartbeat leases. */
    public static final String LEASE_NAMESPACE = "kube-node-lease";
    public static final String LABEL_HOSTNAME = "kubernetes.io/hostname";
    public static final String LABEL_OS = "kubernetes.io/os";
    public static final String LABEL_ARCH = "kubernetes.io/arch";

    private final NodeAgentConfig config;

    public NodeObjects(NodeAgentConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The node object as of {@code now}.
     *
     * @param fingerprint what the runtime found out about the node; non-null
     * @param runtime     the runtime's readiness; non-null
     * @param previous    the node as last reported (its metadata, spec and condition transition times are kept); nullable
     * @param now         the heartbeat time
     */
    public Node node(NodeFingerprint fingerprint, RuntimeStatus runtime, Node previous, Instant now) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (previous != null) {
            labels.putAll(previous.metadata().labels());
        }
        labels.putAll(fingerprint.labels());
        labels.put(LABEL_HOSTNAME, config.nodeName());
        labels.put(LABEL_OS, fingerprint.operatingSystem());
        labels.put(LABEL_ARCH, fingerprint.architecture());
        ObjectMeta meta = (previous == null ? ObjectMeta.builder() : previous.metadata().toBuilder())
                .name(config.nodeName()).labels(labels).build();
        NodeSpec spec = previous != null && previous.spec() != null ? previous.spec()
                : new NodeSpec(null, null, null, null, null);

        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", Quantity.ofMillis(fingerprint.cpuMillis()));
        capacity.put("memory", Quantity.ofBytes(fingerprint.memoryBytes()));
        capacity.put("pods", Quantity.of(BigDecimal.valueOf(fingerprint.podsCapacity()), Quantity.Format.DECIMAL_SI));
        Map<String, Quantity> allocatable = new LinkedHashMap<>(capacity);
        allocatable.put("cpu", Quantity.ofMillis(Math.max(0, fingerprint.cpuMillis() - config.reservedCpuMillis())));
        allocatable.put("memory", Quantity.ofBytes(Math.max(0, fingerprint.memoryBytes() - config.reservedMemoryBytes())));

        List<NodeAddress> addresses = fingerprint.addresses().stream()
                .map(a -> new NodeAddress(addressType(a.type()), a.address())).toList();
        NodeSystemInfo info = new NodeSystemInfo("", "", "", fingerprint.kernelVersion(), fingerprint.operatingSystem(),
                fingerprint.runtimeName() + "://" + fingerprint.runtimeVersion(), config.agentVersion(), "",
                fingerprint.operatingSystem(), fingerprint.architecture());

        List<NodeCondition> previousConditions = previous == null || previous.status() == null ? List.of()
                : previous.status().conditions();
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition(previousConditions, "MemoryPressure", false, "KubeletHasSufficientMemory",
                "node agent has sufficient memory available", now));
        conditions.add(condition(previousConditions, "DiskPressure", false, "KubeletHasNoDiskPressure",
                "node agent has no disk pressure", now));
        conditions.add(condition(previousConditions, "PIDPressure", false, "KubeletHasSufficientPID",
                "node agent has sufficient PID available", now));
        conditions.add(readyCondition(previousConditions, runtime, now));

        NodeStatus status = NodeStatus.builder()
                .capacity(capacity)
                .allocatable(allocatable)
                .conditions(conditions)
                .addresses(addresses)
                .nodeInfo(info)
                .build();
        return Node.builder().metadata(meta).spec(spec).status(status).build();
    }

    private static NodeCondition readyCondition(List<NodeCondition> previous, RuntimeStatus runtime, Instant now) {
        if (runtime.ready() && runtime.networkReady()) {
            return condition(previous, "Ready", true, "KubeletReady", "node agent is posting ready status", now);
        }
        String reason;
        String message;
        if (!runtime.ready()) {
            reason = "ContainerRuntimeNotReady";
            message = "container runtime is down" + detail(runtime);
        } else {
            reason = "NetworkNotReady";
            message = "container runtime network not ready" + detail(runtime);
        }
        return condition(previous, "Ready", false, reason, message, now);
    }

    private static String detail(RuntimeStatus runtime) {
        String reason = runtime.reason() == null ? "" : runtime.reason();
        String message = runtime.message() == null ? "" : runtime.message();
        String joined = reason.isEmpty() ? message : message.isEmpty() ? reason : reason + ": " + message;
        return joined.isEmpty() ? "" : ": " + joined;
    }

    private static NodeCondition condition(List<NodeCondition> previous, String type, boolean status, String reason,
                                           String message, Instant now) {
        String value = status ? "True" : "False";
        Instant transition = previous.stream()
                .filter(c -> type.equals(c.type()) && value.equals(c.status()) && c.lastTransitionTime() != null)
                .map(NodeCondition::lastTransitionTime).findFirst().orElse(now);
        return new NodeCondition(type, value, now, transition, reason, message);
    }

    private static String addressType(io.corral.runtime.spi.NodeAddress.Type type) {
        return switch (type) {
            case HOSTNAME -> "Hostname";
            case INTERNAL_IP -> "InternalIP";
            case EXTERNAL_IP -> "ExternalIP";
            case INTERNAL_DNS -> "InternalDNS";
            case EXTERNAL_DNS -> "ExternalDNS";
        };
    }

    /**
     * The heartbeat lease renewed at {@code now}: holder the node, duration from the configuration,
     * acquire time and transitions kept from the previous lease when this node held it.
     *
     * @param previous the lease as last written; nullable
     */
    public Lease lease(Lease previous, Instant now) {
        ObjectMeta meta = (previous == null ? ObjectMeta.builder() : previous.metadata().toBuilder())
                .namespace(LEASE_NAMESPACE).name(config.nodeName()).build();
        LeaseSpec old = previous == null ? null : previous.spec();
        boolean held = old != null && config.nodeName().equals(old.holderIdentity());
        Instant acquired = held && old.acquireTime() != null ? old.acquireTime() : now;
        int transitions = old == null || old.leaseTransitions() == null ? 0
                : old.leaseTransitions() + (held ? 0 : 1);
        LeaseSpec spec = new LeaseSpec(config.nodeName(), (int) config.leaseDuration().toSeconds(), acquired, now, transitions);
        return Lease.builder().metadata(meta).spec(spec).build();
    }

    /** The node's IP for pods' {@code status.hostIP}: the configured one, else the first internal IP, else null. */
    public String hostIp(NodeFingerprint fingerprint) {
        if (config.hostIp() != null) {
            return config.hostIp();
        }
        return fingerprint.addresses().stream()
                .filter(a -> a.type() == io.corral.runtime.spi.NodeAddress.Type.INTERNAL_IP)
                .map(io.corral.runtime.spi.NodeAddress::address).findFirst().orElse(null);
    }
}
