package io.corral.api.model.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The desired state of a service; type ClusterIP (default), NodePort, LoadBalancer or ExternalName; clusterIP {@code None} means headless.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record ServiceSpec(
        String type,
        String clusterIP,
        List<String> clusterIPs,
        List<ServicePort> ports,
        Map<String, String> selector,
        String sessionAffinity,
        String externalName,
        List<String> externalIPs,
        String loadBalancerIP,
        String externalTrafficPolicy,
        String internalTrafficPolicy,
        Boolean publishNotReadyAddresses,
        List<String> ipFamilies,
        String ipFamilyPolicy) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public ServiceSpec {
        clusterIPs = clusterIPs == null ? List.of() : List.copyOf(clusterIPs);
        ports = ports == null ? List.of() : List.copyOf(ports);
        selector = selector == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(selector));
        externalIPs = externalIPs == null ? List.of() : List.copyOf(externalIPs);
        ipFamilies = ipFamilies == null ? List.of() : List.copyOf(ipFamilies);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.clusterIP = clusterIP;
        b.clusterIPs = clusterIPs;
        b.ports = ports;
        b.selector = selector;
        b.sessionAffinity = sessionAffinity;
        b.externalName = externalName;
        b.externalIPs = externalIPs;
        b.loadBalancerIP = loadBalancerIP;
        b.externalTrafficPolicy = externalTrafficPolicy;
        b.internalTrafficPolicy = internalTrafficPolicy;
        b.publishNotReadyAddresses = publishNotReadyAddresses;
        b.ipFamilies = ipFamilies;
        b.ipFamilyPolicy = ipFamilyPolicy;
        return b;
    }

    /** Builds {@link ServiceSpec}; not thread-safe. */
    public static final class Builder {
        private String type;
        private String clusterIP;
        private List<String> clusterIPs;
        private List<ServicePort> ports;
        private Map<String, String> selector;
        private String sessionAffinity;
        private String externalName;
        private List<String> externalIPs;
        private String loadBalancerIP;
        private String externalTrafficPolicy;
        private String internalTrafficPolicy;
        private Boolean publishNotReadyAddresses;
        private List<String> ipFamilies;
        private String ipFamilyPolicy;

        private Builder() {
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder clusterIP(String clusterIP) {
            this.clusterIP = clusterIP;
            return this;
        }

        public Builder clusterIPs(List<String> clusterIPs) {
            this.clusterIPs = clusterIPs;
            return this;
        }

        public Builder ports(List<ServicePort> ports) {
            this.ports = ports;
            return this;
        }

        public Builder selector(Map<String, String> selector) {
            this.selector = selector;
            return this;
        }

        public Builder sessionAffinity(String sessionAffinity) {
            this.sessionAffinity = sessionAffinity;
            return this;
        }

        public Builder externalName(String externalName) {
            this.externalName = externalName;
            return this;
        }

        public Builder externalIPs(List<String> externalIPs) {
            this.externalIPs = externalIPs;
            return this;
        }

        public Builder loadBalancerIP(String loadBalancerIP) {
            this.loadBalancerIP = loadBalancerIP;
            return this;
        }

        public Builder externalTrafficPolicy(String externalTrafficPolicy) {
            this.externalTrafficPolicy = externalTrafficPolicy;
            return this;
        }

        public Builder internalTrafficPolicy(String internalTrafficPolicy) {
            this.internalTrafficPolicy = internalTrafficPolicy;
            return this;
        }

        public Builder publishNotReadyAddresses(Boolean publishNotReadyAddresses) {
            this.publishNotReadyAddresses = publishNotReadyAddresses;
            return this;
        }

        public Builder ipFamilies(List<String> ipFamilies) {
            this.ipFamilies = ipFamilies;
            return this;
        }

        public Builder ipFamilyPolicy(String ipFamilyPolicy) {
            this.ipFamilyPolicy = ipFamilyPolicy;
            return this;
        }

        public ServiceSpec build() {
            return new ServiceSpec(type, clusterIP, clusterIPs, ports, selector, sessionAffinity, externalName, externalIPs, loadBalancerIP, externalTrafficPolicy, internalTrafficPolicy, publishNotReadyAddresses, ipFamilies, ipFamilyPolicy);
        }
    }
}
