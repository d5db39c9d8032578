package io.corral.api.model.networking;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The desired state of an ingress.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record IngressSpec(
        String ingressClassName,
        IngressBackend defaultBackend,
        List<IngressTLS> tls,
        List<IngressRule> rules) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public IngressSpec {
        tls = tls == null ? List.of() : List.copyOf(tls);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.ingressClassName = ingressClassName;
        b.defaultBackend = defaultBackend;
        b.tls = tls;
        b.rules = rules;
        return b;
    }

    /** Builds {@link IngressSpec}; not thread-safe. */
    public static final class Builder {
        private String ingressClassName;
        private IngressBackend defaultBackend;
        private List<IngressTLS> tls;
        private List<IngressRule> rules;

        private Builder() {
        }

        public Builder ingressClassName(String ingressClassName) {
            this.ingressClassName = ingressClassName;
            return this;
        }

        public Builder defaultBackend(IngressBackend defaultBackend) {
            this.defaultBackend = defaultBackend;
            return this;
        }

        public Builder tls(List<IngressTLS> tls) {
            this.tls = tls;
            return this;
        }

        public Builder rules(List<IngressRule> rules) {
            this.rules = rules;
            return this;
        }

        public IngressSpec build() {
            return new IngressSpec(ingressClassName, defaultBackend, tls, rules);
        }
    }
}
