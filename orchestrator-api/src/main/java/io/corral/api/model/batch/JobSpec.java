package io.corral.api.model.batch;

import io.corral.api.labels.LabelSelector;
import io.corral.api.model.core.PodTemplateSpec;
import org.apiguardian.api.API;

/**
 * The desired state of a job.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record JobSpec(
        Integer parallelism,
        Integer completions,
        Long activeDeadlineSeconds,
        Integer backoffLimit,
        LabelSelector selector,
        Boolean manualSelector,
        PodTemplateSpec template,
        Integer ttlSecondsAfterFinished,
        String completionMode,
        Boolean suspend) {
    /** A builder with every field unset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this object. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.parallelism = parallelism;
        b.completions = completions;
        b.activeDeadlineSeconds = activeDeadlineSeconds;
        b.backoffLimit = backoffLimit;
        b.selector = selector;
        b.manualSelector = manualSelector;
        b.template = template;
        b.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
        b.completionMode = completionMode;
        b.suspend = suspend;
        return b;
    }

    /** Builds {@link JobSpec}; not thread-safe. */
    public static final class Builder {
        private Integer parallelism;
        private Integer completions;
        private Long activeDeadlineSeconds;
        private Integer backoffLimit;
        private LabelSelector selector;
        private Boolean manualSelector;
        private PodTemplateSpec template;
        private Integer ttlSecondsAfterFinished;
        private String completionMode;
        private Boolean suspend;

        private Builder() {
        }

        public Builder parallelism(Integer parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        public Builder completions(Integer completions) {
            this.completions = completions;
            return this;
        }

        public Builder activeDeadlineSeconds(Long activeDeadlineSeconds) {
            this.activeDeadlineSeconds = activeDeadlineSeconds;
            return this;
        }

        public Builder backoffLimit(Integer backoffLimit) {
            this.backoffLimit = backoffLimit;
            return this;
        }

        public Builder selector(LabelSelector selector) {
            this.selector = selector;
            return this;
        }

        public Builder manualSelector(Boolean manualSelector) {
            this.manualSelector = manualSelector;
            return this;
        }

        public Builder template(PodTemplateSpec template) {
            this.template = template;
            return this;
        }

        public Builder ttlSecondsAfterFinished(Integer ttlSecondsAfterFinished) {
            this.ttlSecondsAfterFinished = ttlSecondsAfterFinished;
            return this;
        }

        public Builder completionMode(String completionMode) {
            this.completionMode = completionMode;
            return this;
        }

        public Builder suspend(Boolean suspend) {
            this.suspend = suspend;
            return this;
        }

        public JobSpec build() {
            return new JobSpec(parallelism, completions, activeDeadlineSeconds, backoffLimit, selector, manualSelector, template, ttlSecondsAfterFinished, completionMode, suspend);
        }
    }
}
