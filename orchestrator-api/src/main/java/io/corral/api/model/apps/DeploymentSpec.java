package io.corral.api.model.apps;

import io.corral.api.labels.LabelSelector;
import io.corral.api.model.core.PodTemplateSpec;
import org.apiguardian.api.API;

/**
 * The desired state of a deployment.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DeploymentSpec(
        Integer replicas,
        LabelSelector selector,
        PodTemplateSpec template,
        DeploymentStrategy strategy,
        Integer minReadySeconds,
        Integer revisionHistoryLimit,
        Boolean paused,
        Integer progressDeadlineSeconds) {
    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.replicas = replicas;
        b.selector = selector;
        b.template = template;
        b.strategy = strategy;
        b.minReadySeconds = minReadySeconds;
        b.revisionHistoryLimit = revisionHistoryLimit;
        b.paused = paused;
        b.progressDeadlineSeconds = progressDeadlineSeconds;
        return b;
    }

    /** Builds {@link DeploymentSpec}; not thread-safe. */
    public static final class Builder {
        private Integer replicas;
        private LabelSelector selector;
        private PodTemplateSpec template;
        private DeploymentStrategy strategy;
        private Integer minReadySeconds;
        private Integer revisionHistoryLimit;
        private Boolean paused;
        private Integer progressDeadlineSeconds;

        private Builder() {
        }

        public Builder replicas(Integer replicas) {
            this.replicas = replicas;
            return this;
        }

        public Builder selector(LabelSelector selector) {
            this.selector = selector;
            return this;
        }

        public Builder template(PodTemplateSpec template) {
            this.template = template;
            return this;
        }

        public Builder strategy(DeploymentStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        public Builder minReadySeconds(Integer minReadySeconds) {
            this.minReadySeconds = minReadySeconds;
            return this;
        }

        public Builder revisionHistoryLimit(Integer revisionHistoryLimit) {
            this.revisionHistoryLimit = revisionHistoryLimit;
            return this;
        }

        public Builder paused(Boolean paused) {
            this.paused = paused;
            return this;
        }

        public Builder progressDeadlineSeconds(Integer progressDeadlineSeconds) {
            this.progressDeadlineSeconds = progressDeadlineSeconds;
            return this;
        }

        public DeploymentSpec build() {
            return new DeploymentSpec(replicas, selector, template, strategy, minReadySeconds, revisionHistoryLimit, paused, progressDeadlineSeconds);
        }
    }
}
