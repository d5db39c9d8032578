package io.corral.api.model.core;

import io.corral.api.quantity.Quantity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The observed state of a node.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record NodeStatus(
        Map<String, Quantity> capacity,
        Map<String, Quantity> allocatable,
        String phase,
        List<NodeCondition> conditions,
        List<NodeAddress> addresses,
        NodeDaemonEndpoints daemonEndpoints,
        NodeSystemInfo nodeInfo) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public NodeStatus {
        capacity = capacity == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(capacity));
        allocatable = allocatable == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(allocatable));
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.capacity = capacity;
        b.allocatable = allocatable;
        b.phase = phase;
        b.conditions = conditions;
        b.addresses = addresses;
        b.daemonEndpoints = daemonEndpoints;
        b.nodeInfo = nodeInfo;
        return b;
    }

    /** Builds {@link NodeStatus}; not thread-safe. */
    public static final class Builder {
        private Map<String, Quantity> capacity;
        private Map<String, Quantity> allocatable;
        private String phase;
        private List<NodeCondition> conditions;
        private List<NodeAddress> addresses;
        private NodeDaemonEndpoints daemonEndpoints;
        private NodeSystemInfo nodeInfo;

        private Builder() {
        }

        public Builder capacity(Map<String, Quantity> capacity) {
            this.capacity = capacity;
            return this;
        }

        public Builder allocatable(Map<String, Quantity> allocatable) {
            this.allocatable = allocatable;
            return this;
        }

        public Builder phase(String phase) {
            this.phase = phase;
            return this;
        }

        public Builder conditions(List<NodeCondition> conditions) {
            this.conditions = conditions;
            return this;
        }

        public Builder addresses(List<NodeAddress> addresses) {
            this.addresses = addresses;
            return this;
        }

        public Builder daemonEndpoints(NodeDaemonEndpoints daemonEndpoints) {
            this.daemonEndpoints = daemonEndpoints;
            return this;
        }

        public Builder nodeInfo(NodeSystemInfo nodeInfo) {
            this.nodeInfo = nodeInfo;
            return this;
        }

        public NodeStatus build() {
            return new NodeStatus(capacity, allocatable, phase, conditions, addresses, daemonEndpoints, nodeInfo);
        }
    }
}
