package io.corral.api.model.apps;

import io.corral.api.labels.LabelSelector;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.PodTemplateSpec;
import java.util.List;
import org.apiguardian.api.API;

/**
 * The desired state of a stateful set; podManagementPolicy OrderedReady (default) or Parallel.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; collections are never null (absent means empty) and are unmodifiable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record StatefulSetSpec(
        Integer replicas,
        LabelSelector selector,
        PodTemplateSpec template,
        List<PersistentVolumeClaim> volumeClaimTemplates,
        String serviceName,
        String podManagementPolicy,
        StatefulSetUpdateStrategy updateStrategy,
        Integer revisionHistoryLimit,
        Integer minReadySeconds,
        StatefulSetPersistentVolumeClaimRetentionPolicy persistentVolumeClaimRetentionPolicy) {
    /** Normalises absent collections to empty ones and copies the given ones. */
    public StatefulSetSpec {
        volumeClaimTemplates = volumeClaimTemplates == null ? List.of() : List.copyOf(volumeClaimTemplates);
    }

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
        b.volumeClaimTemplates = volumeClaimTemplates;
        b.serviceName = serviceName;
        b.podManagementPolicy = podManagementPolicy;
        b.updateStrategy = updateStrategy;
        b.revisionHistoryLimit = revisionHistoryLimit;
        b.minReadySeconds = minReadySeconds;
        b.persistentVolumeClaimRetentionPolicy = persistentVolumeClaimRetentionPolicy;
        return b;
    }

    /** Builds {@link StatefulSetSpec}; not thread-safe. */
    public static final class Builder {
        private Integer replicas;
        private LabelSelector selector;
        private PodTemplateSpec template;
        private List<PersistentVolumeClaim> volumeClaimTemplates;
        private String serviceName;
        private String podManagementPolicy;
        private StatefulSetUpdateStrategy updateStrategy;
        private Integer revisionHistoryLimit;
        private Integer minReadySeconds;
        private StatefulSetPersistentVolumeClaimRetentionPolicy persistentVolumeClaimRetentionPolicy;

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

        public Builder volumeClaimTemplates(List<PersistentVolumeClaim> volumeClaimTemplates) {
            this.volumeClaimTemplates = volumeClaimTemplates;
            return this;
        }

        public Builder serviceName(String serviceName) {
            this.serviceName = serviceName;
            return this;
        }

        public Builder podManagementPolicy(String podManagementPolicy) {
            this.podManagementPolicy = podManagementPolicy;
            return this;
        }

        public Builder updateStrategy(StatefulSetUpdateStrategy updateStrategy) {
            this.updateStrategy = updateStrategy;
            return this;
        }

        public Builder revisionHistoryLimit(Integer revisionHistoryLimit) {
            this.revisionHistoryLimit = revisionHistoryLimit;
            return this;
        }

        public Builder minReadySeconds(Integer minReadySeconds) {
            this.minReadySeconds = minReadySeconds;
            return this;
        }

        public Builder persistentVolumeClaimRetentionPolicy(StatefulSetPersistentVolumeClaimRetentionPolicy persistentVolumeClaimRetentionPolicy) {
            this.persistentVolumeClaimRetentionPolicy = persistentVolumeClaimRetentionPolicy;
            return this;
        }

        public StatefulSetSpec build() {
            return new StatefulSetSpec(replicas, selector, template, volumeClaimTemplates, serviceName, podManagementPolicy, updateStrategy, revisionHistoryLimit, minReadySeconds, persistentVolumeClaimRetentionPolicy);
        }
    }
}
