package io.corral.api.model.core;

import java.time.Instant;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The observed state of a pod (core/v1 {@code PodStatus}).
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PodStatus(
        String phase,
        List<PodCondition> conditions,
        String message,
        String reason,
        String nominatedNodeName,
        String hostIP,
        String podIP,
        List<PodIP> podIPs,
        Instant startTime,
        List<ContainerStatus> initContainerStatuses,
        List<ContainerStatus> containerStatuses,
        String qosClass) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public PodStatus {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        podIPs = podIPs == null ? List.of() : List.copyOf(podIPs);
        initContainerStatuses = initContainerStatuses == null ? List.of() : List.copyOf(initContainerStatuses);
        containerStatuses = containerStatuses == null ? List.of() : List.copyOf(containerStatuses);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.phase = phase;
        b.conditions = conditions;
        b.message = message;
        b.reason = reason;
        b.nominatedNodeName = nominatedNodeName;
        b.hostIP = hostIP;
        b.podIP = podIP;
        b.podIPs = podIPs;
        b.startTime = startTime;
        b.initContainerStatuses = initContainerStatuses;
        b.containerStatuses = containerStatuses;
        b.qosClass = qosClass;
        return b;
    }

    /** Builds {@link PodStatus}; not thread-safe. */
    public static final class Builder {
        private String phase;
        private List<PodCondition> conditions;
        private String message;
        private String reason;
        private String nominatedNodeName;
        private String hostIP;
        private String podIP;
        private List<PodIP> podIPs;
        private Instant startTime;
        private List<ContainerStatus> initContainerStatuses;
        private List<ContainerStatus> containerStatuses;
        private String qosClass;

        private Builder() {
        }

        public Builder phase(String phase) {
            this.phase = phase;
            return this;
        }

        public Builder conditions(List<PodCondition> conditions) {
            this.conditions = conditions;
            return this;
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder nominatedNodeName(String nominatedNodeName) {
            this.nominatedNodeName = nominatedNodeName;
            return this;
        }

        public Builder hostIP(String hostIP) {
            this.hostIP = hostIP;
            return this;
        }

        public Builder podIP(String podIP) {
            this.podIP = podIP;
            return this;
        }

        public Builder podIPs(List<PodIP> podIPs) {
            this.podIPs = podIPs;
            return this;
        }

        public Builder startTime(Instant startTime) {
            this.startTime = startTime;
            return this;
        }

        public Builder initContainerStatuses(List<ContainerStatus> initContainerStatuses) {
            this.initContainerStatuses = initContainerStatuses;
            return this;
        }

        public Builder containerStatuses(List<ContainerStatus> containerStatuses) {
            this.containerStatuses = containerStatuses;
            return this;
        }

        public Builder qosClass(String qosClass) {
            this.qosClass = qosClass;
            return this;
        }

        public PodStatus build() {
            return new PodStatus(phase, conditions, message, reason, nominatedNodeName, hostIP, podIP, podIPs, startTime, initContainerStatuses, containerStatuses, qosClass);
        }
    }
}
