package io.corral.api.model.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The desired state of a pod (core/v1 {@code PodSpec}).
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PodSpec(
        List<Volume> volumes,
        List<Container> initContainers,
        List<Container> containers,
        String restartPolicy,
        Long terminationGracePeriodSeconds,
        Long activeDeadlineSeconds,
        String dnsPolicy,
        Map<String, String> nodeSelector,
        String serviceAccountName,
        Boolean automountServiceAccountToken,
        String nodeName,
        Boolean hostNetwork,
        String hostname,
        String subdomain,
        Affinity affinity,
        String schedulerName,
        List<Toleration> tolerations,
        String priorityClassName,
        Integer priority,
        List<LocalObjectReference> imagePullSecrets,
        Boolean enableServiceLinks,
        PodDNSConfig dnsConfig) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public PodSpec {
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
        containers = containers == null ? List.of() : List.copyOf(containers);
        nodeSelector = nodeSelector == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
        tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
        imagePullSecrets = imagePullSecrets == null ? List.of() : List.copyOf(imagePullSecrets);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.volumes = volumes;
        b.initContainers = initContainers;
        b.containers = containers;
        b.restartPolicy = restartPolicy;
        b.terminationGracePeriodSeconds = terminationGracePeriodSeconds;
        b.activeDeadlineSeconds = activeDeadlineSeconds;
        b.dnsPolicy = dnsPolicy;
        b.nodeSelector = nodeSelector;
        b.serviceAccountName = serviceAccountName;
        b.automountServiceAccountToken = automountServiceAccountToken;
        b.nodeName = nodeName;
        b.hostNetwork = hostNetwork;
        b.hostname = hostname;
        b.subdomain = subdomain;
        b.affinity = affinity;
        b.schedulerName = schedulerName;
        b.tolerations = tolerations;
        b.priorityClassName = priorityClassName;
        b.priority = priority;
        b.imagePullSecrets = imagePullSecrets;
        b.enableServiceLinks = enableServiceLinks;
        b.dnsConfig = dnsConfig;
        return b;
    }

    /** Builds {@link PodSpec}; not thread-safe. */
    public static final class Builder {
        private List<Volume> volumes;
        private List<Container> initContainers;
        private List<Container> containers;
        private String restartPolicy;
        private Long terminationGracePeriodSeconds;
        private Long activeDeadlineSeconds;
        private String dnsPolicy;
        private Map<String, String> nodeSelector;
        private String serviceAccountName;
        private Boolean automountServiceAccountToken;
        private String nodeName;
        private Boolean hostNetwork;
        private String hostname;
        private String subdomain;
        private Affinity affinity;
        private String schedulerName;
        private List<Toleration> tolerations;
        private String priorityClassName;
        private Integer priority;
        private List<LocalObjectReference> imagePullSecrets;
        private Boolean enableServiceLinks;
        private PodDNSConfig dnsConfig;

        private Builder() {
        }

        public Builder volumes(List<Volume> volumes) {
            this.volumes = volumes;
            return this;
        }

        public Builder initContainers(List<Container> initContainers) {
            this.initContainers = initContainers;
            return this;
        }

        public Builder containers(List<Container> containers) {
            this.containers = containers;
            return this;
        }

        public Builder restartPolicy(String restartPolicy) {
            this.restartPolicy = restartPolicy;
            return this;
        }

        public Builder terminationGracePeriodSeconds(Long terminationGracePeriodSeconds) {
            this.terminationGracePeriodSeconds = terminationGracePeriodSeconds;
            return this;
        }

        public Builder activeDeadlineSeconds(Long activeDeadlineSeconds) {
            this.activeDeadlineSeconds = activeDeadlineSeconds;
            return this;
        }

        public Builder dnsPolicy(String dnsPolicy) {
            this.dnsPolicy = dnsPolicy;
            return this;
        }

        public Builder nodeSelector(Map<String, String> nodeSelector) {
            this.nodeSelector = nodeSelector;
            return this;
        }

        public Builder serviceAccountName(String serviceAccountName) {
            this.serviceAccountName = serviceAccountName;
            return this;
        }

        public Builder automountServiceAccountToken(Boolean automountServiceAccountToken) {
            this.automountServiceAccountToken = automountServiceAccountToken;
            return this;
        }

        public Builder nodeName(String nodeName) {
            this.nodeName = nodeName;
            return this;
        }

        public Builder hostNetwork(Boolean hostNetwork) {
            this.hostNetwork = hostNetwork;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder subdomain(String subdomain) {
            this.subdomain = subdomain;
            return this;
        }

        public Builder affinity(Affinity affinity) {
            this.affinity = affinity;
            return this;
        }

        public Builder schedulerName(String schedulerName) {
            this.schedulerName = schedulerName;
            return this;
        }

        public Builder tolerations(List<Toleration> tolerations) {
            this.tolerations = tolerations;
            return this;
        }

        public Builder priorityClassName(String priorityClassName) {
            this.priorityClassName = priorityClassName;
            return this;
        }

        public Builder priority(Integer priority) {
            this.priority = priority;
            return this;
        }

        public Builder imagePullSecrets(List<LocalObjectReference> imagePullSecrets) {
            this.imagePullSecrets = imagePullSecrets;
            return this;
        }

        public Builder enableServiceLinks(Boolean enableServiceLinks) {
            this.enableServiceLinks = enableServiceLinks;
            return this;
        }

        /** Resolver settings added to those of {@code dnsPolicy} (the whole configuration with {@code None}). */
        public Builder dnsConfig(PodDNSConfig dnsConfig) {
            this.dnsConfig = dnsConfig;
            return this;
        }

        public PodSpec build() {
            return new PodSpec(volumes, initContainers, containers, restartPolicy, terminationGracePeriodSeconds, activeDeadlineSeconds, dnsPolicy, nodeSelector, serviceAccountName, automountServiceAccountToken, nodeName, hostNetwork, hostname, subdomain, affinity, schedulerName, tolerations, priorityClassName, priority, imagePullSecrets, enableServiceLinks, dnsConfig);
        }
    }
}
