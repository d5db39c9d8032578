package io.corral.api.validation;

import io.corral.api.labels.LabelSelector;
import io.corral.api.model.apps.DaemonSet;
import io.corral.api.model.apps.DaemonSetSpec;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.DeploymentSpec;
import io.corral.api.model.apps.DeploymentStrategy;
import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.apps.ReplicaSetSpec;
import io.corral.api.model.apps.StatefulSet;
import io.corral.api.model.apps.StatefulSetSpec;
import io.corral.api.model.autoscaling.HorizontalPodAutoscaler;
import io.corral.api.model.autoscaling.HorizontalPodAutoscalerSpec;
import io.corral.api.model.batch.Job;
import io.corral.api.model.batch.JobSpec;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.core.ReplicationController;
import io.corral.api.model.core.ReplicationControllerSpec;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.model.meta.ObjectMeta;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.regex.Pattern;

/** Rules of the controllers' kinds: replica counts, selectors matching templates, strategies. */
final class WorkloadValidation {
    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> ALWAYS = List.of("Always");
    private static final List<String> JOB_RESTART = List.of("OnFailure", "Never");
    private static final Pattern PERCENT = Pattern.compile("[0-9]{1,9}%");

    private WorkloadValidation() {
    }

    static void replicaSet(ReplicaSet rs, Errors errors) {
        ReplicaSetSpec spec = rs.spec();
        if (!errors.required(SPEC, spec)) {
            return;
        }
        errors.nonNegative(SPEC.child("replicas"), spec.replicas());
        errors.nonNegative(SPEC.child("minReadySeconds"), spec.minReadySeconds());
        selectorAndTemplate(spec.selector(), spec.template(), ALWAYS, errors);
    }

    static void deployment(Deployment d, Errors errors) {
        DeploymentSpec spec = d.spec();
        if (!errors.required(SPEC, spec)) {
            return;
        }
        errors.nonNegative(SPEC.child("replicas"), spec.replicas());
        errors.nonNegative(SPEC.child("minReadySeconds"), spec.minReadySeconds());
        errors.nonNegative(SPEC.child("revisionHistoryLimit"), spec.revisionHistoryLimit());
        if (spec.progressDeadlineSeconds() != null) {
            errors.positive(SPEC.child("progressDeadlineSeconds"), spec.progressDeadlineSeconds());
            int minReady = spec.minReadySeconds() == null ? 0 : spec.minReadySeconds();
            if (spec.progressDeadlineSeconds() <= minReady) {
                errors.add(FieldError.invalid(SPEC.child("progressDeadlineSeconds"), spec.progressDeadlineSeconds(),
                        "must be greater than minReadySeconds"));
            }
        }
        selectorAndTemplate(spec.selector(), spec.template(), ALWAYS, errors);
        DeploymentStrategy strategy = spec.strategy();
        if (strategy != null) {
            FieldPath sp = SPEC.child("strategy");
            errors.oneOf(sp.child("type"), strategy.type(), List.of("RollingUpdate", "Recreate"));
            if ("Recreate".equals(strategy.type()) && strategy.rollingUpdate() != null) {
                errors.add(FieldError.forbidden(sp.child("rollingUpdate"),
                        "may not be specified when strategy `type` is 'Recreate'"));
            }
            if (strategy.rollingUpdate() != null) {
                FieldPath rp = sp.child("rollingUpdate");
                IntOrString surge = strategy.rollingUpdate().maxSurge();
                IntOrString unavailable = strategy.rollingUpdate().maxUnavailable();
                intOrPercent(rp.child("maxSurge"), surge, errors);
                intOrPercent(rp.child("maxUnavailable"), unavailable, errors);
                if (unavailable != null && !unavailable.isInt() && percent(unavailable) > 100) {
                    errors.add(FieldError.invalid(rp.child("maxUnavailable"), unavailable.toString(),
                            "must not be greater than 100%"));
                }
                if (isZero(surge) && isZero(unavailable)) {
                    errors.add(FieldError.invalid(rp.child("maxUnavailable"), unavailable.toString(),
                            "may not be 0 when `maxSurge` is 0"));
                }
            }
        }
    }

    static void statefulSet(StatefulSet s, Errors errors) {
        StatefulSetSpec spec = s.spec();
        if (!errors.required(SPEC, spec)) {
            return;
        }
        errors.nonNegative(SPEC.child("replicas"), spec.replicas());
        errors.nonNegative(SPEC.child("minReadySeconds"), spec.minReadySeconds());
        errors.nonNegative(SPEC.child("revisionHistoryLimit"), spec.revisionHistoryLimit());
        errors.oneOf(SPEC.child("podManagementPolicy"), spec.podManagementPolicy(), List.of("OrderedReady", "Parallel"));
        if (spec.serviceName() != null && !spec.serviceName().isEmpty()) {
            errors.label(SPEC.child("serviceName"), spec.serviceName());
        }
        if (spec.updateStrategy() != null) {
            FieldPath up = SPEC.child("updateStrategy");
            errors.oneOf(up.child("type"), spec.updateStrategy().type(), List.of("RollingUpdate", "OnDelete"));
            if (spec.updateStrategy().rollingUpdate() != null) {
                if ("OnDelete".equals(spec.updateStrategy().type())) {
                    errors.add(FieldError.forbidden(up.child("rollingUpdate"),
                            "only allowed for updateStrategy 'RollingUpdate'"));
                }
                errors.nonNegative(up.child("rollingUpdate").child("partition"),
                        spec.updateStrategy().rollingUpdate().partition());
                intOrPercent(up.child("rollingUpdate").child("maxUnavailable"),
                        spec.updateStrategy().rollingUpdate().maxUnavailable(), errors);
            }
        }
        if (spec.persistentVolumeClaimRetentionPolicy() != null) {
            FieldPath rp = SPEC.child("persistentVolumeClaimRetentionPolicy");
            errors.oneOf(rp.child("whenDeleted"), spec.persistentVolumeClaimRetentionPolicy().whenDeleted(),
                    List.of("Retain", "Delete"));
            errors.oneOf(rp.child("whenScaled"), spec.persistentVolumeClaimRetentionPolicy().whenScaled(),
                    List.of("Retain", "Delete"));
        }
        Set<String> claimNames = new HashSet<>();
        for (int i = 0; i < spec.volumeClaimTemplates().size(); i++) {
            PersistentVolumeClaim claim = spec.volumeClaimTemplates().get(i);
            FieldPath cp = SPEC.child("volumeClaimTemplates").index(i);
            ObjectMeta meta = claim.metadata();
            if (errors.required(cp.child("metadata").child("name"), meta.name())) {
                errors.subdomain(cp.child("metadata").child("name"), meta.name());
            }
            StorageValidation.claimSpec(claim.spec(), cp.child("spec"), errors);
            if (meta.name() != null) {
                claimNames.add(meta.name());
            }
        }
        selectorAndTemplate(spec.selector(), spec.template(), ALWAYS, claimNames, errors);
    }

    static void daemonSet(DaemonSet ds, Errors errors) {
        DaemonSetSpec spec = ds.spec();
        if (!errors.required(SPEC, spec)) {
            return;
        }
        errors.nonNegative(SPEC.child("minReadySeconds"), spec.minReadySeconds());
        errors.nonNegative(SPEC.child("revisionHistoryLimit"), spec.revisionHistoryLimit());
        if (spec.updateStrategy() != null) {
            FieldPath up = SPEC.child("updateStrategy");
            errors.oneOf(up.child("type"), spec.updateStrategy().type(), List.of("RollingUpdate", "OnDelete"));
            if (spec.updateStrategy().rollingUpdate() != null) {
                intOrPercent(up.child("rollingUpdate").child("maxUnavailable"),
                        spec.updateStrategy().rollingUpdate().maxUnavailable(), errors);
                intOrPercent(up.child("rollingUpdate").child("maxSurge"),
                        spec.updateStrategy().rollingUpdate().maxSurge(), errors);
            }
        }
        selectorAndTemplate(spec.selector(), spec.template(), ALWAYS, errors);
    }

    static void job(Job job, Errors errors) {
        JobSpec spec = job.spec();
        if (!errors.required(SPEC, spec)) {
            return;
        }
        errors.nonNegative(SPEC.child("parallelism"), spec.parallelism());
        errors.nonNegative(SPEC.child("completions"), spec.completions());
        errors.nonNegative(SPEC.child("backoffLimit"), spec.backoffLimit());
        errors.positive(SPEC.child("activeDeadlineSeconds"), spec.activeDeadlineSeconds());
        errors.nonNegative(SPEC.child("ttlSecondsAfterFinished"), spec.ttlSecondsAfterFinished());
        errors.oneOf(SPEC.child("completionMode"), spec.completionMode(), List.of("NonIndexed", "Indexed"));
        if (Boolean.TRUE.equals(spec.manualSelector())) {
            errors.required(SPEC.child("selector"), spec.selector());
        }
        if (spec.selector() != null) {
            selectorAndTemplate(spec.selector(), spec.template(), JOB_RESTART, errors);
        } else {
            template(spec.template(), JOB_RESTART, errors);
        }
    }

    static void replicationController(ReplicationController rc, Errors errors) {
        ReplicationControllerSpec spec = rc.spec();
        if (!errors.required(SPEC, spec)) {
            return;
        }
        errors.nonNegative(SPEC.child("replicas"), spec.replicas());
        errors.nonNegative(SPEC.child("minReadySeconds"), spec.minReadySeconds());
        errors.addAll(Labels.validateLabels(SPEC.child("selector"), spec.selector()));
        if (template(spec.template(), ALWAYS, errors) && !spec.selector().isEmpty()) {
            Map<String, String> labels = labelsOf(spec.template());
            if (!SelectorValidation.matches(LabelSelector.matchLabels(spec.selector()), labels)) {
                errors.add(FieldError.invalid(SPEC.child("template").child("metadata").child("labels"),
                        labels.toString(), "`selector` does not match template `labels`"));
            }
        }
    }

    static void horizontalPodAutoscaler(HorizontalPodAutoscaler hpa, Errors errors) {
        HorizontalPodAutoscalerSpec spec = hpa.spec();
        if (!errors.required(SPEC, spec)) {
            return;
        }
        FieldPath ref = SPEC.child("scaleTargetRef");
        if (errors.required(ref, spec.scaleTargetRef())) {
            errors.required(ref.child("kind"), spec.scaleTargetRef().kind());
            if (errors.required(ref.child("name"), spec.scaleTargetRef().name())) {
                errors.subdomain(ref.child("name"), spec.scaleTargetRef().name());
            }
        }
        if (spec.minReplicas() != null && spec.minReplicas() < 1) {
            errors.add(FieldError.invalid(SPEC.child("minReplicas"), spec.minReplicas(), "must be greater than or equal to 1"));
        }
        if (errors.required(SPEC.child("maxReplicas"), spec.maxReplicas())) {
            int min = spec.minReplicas() == null ? 1 : spec.minReplicas();
            if (spec.maxReplicas() < min) {
                errors.add(FieldError.invalid(SPEC.child("maxReplicas"), spec.maxReplicas(),
                        "must be greater than or equal to `minReplicas`"));
            }
        }
        errors.positive(SPEC.child("targetCPUUtilizationPercentage"), spec.targetCPUUtilizationPercentage());
    }

    /** A non-empty selector, valid, that selects the template's labels; the template's pod spec. */
    private static void selectorAndTemplate(LabelSelector selector, PodTemplateSpec template,
            List<String> restartPolicies, Errors errors) {
        selectorAndTemplate(selector, template, restartPolicies, Set.of(), errors);
    }

    private static void selectorAndTemplate(LabelSelector selector, PodTemplateSpec template,
            List<String> restartPolicies, Set<String> extraVolumes, Errors errors) {
        FieldPath sp = SPEC.child("selector");
        boolean selectorOk = errors.required(sp, selector);
        if (selectorOk && SelectorValidation.isEmpty(selector)) {
            errors.add(FieldError.invalid(sp, "", "empty selector is invalid for this kind"));
            selectorOk = false;
        }
        if (selectorOk) {
            SelectorValidation.validate(selector, sp, errors);
        }
        if (template(template, restartPolicies, extraVolumes, errors) && selectorOk) {
            Map<String, String> labels = labelsOf(template);
            if (!SelectorValidation.matches(selector, labels)) {
                errors.add(FieldError.invalid(SPEC.child("template").child("metadata").child("labels"),
                        labels.toString(), "`selector` does not match template `labels`"));
            }
        }
    }

    /** Validates a template; true when it is present. */
    private static boolean template(PodTemplateSpec template, List<String> restartPolicies, Errors errors) {
        return template(template, restartPolicies, Set.of(), errors);
    }

    private static boolean template(PodTemplateSpec template, List<String> restartPolicies, Set<String> extraVolumes,
            Errors errors) {
        FieldPath tp = SPEC.child("template");
        if (!errors.required(tp, template)) {
            return false;
        }
        if (template.metadata() != null) {
            errors.addAll(Labels.validateLabels(tp.child("metadata").child("labels"), template.metadata().labels()));
            errors.addAll(Labels.validateAnnotations(tp.child("metadata").child("annotations"),
                    template.metadata().annotations()));
        }
        PodValidation.validate(template.spec(), tp.child("spec"), extraVolumes, errors);
        if (template.spec() != null) {
            String policy = template.spec().restartPolicy();
            FieldPath rp = tp.child("spec").child("restartPolicy");
            if (policy == null && !restartPolicies.contains("Always")) {
                errors.add(FieldError.required(rp, "must be one of " + String.join(", ", restartPolicies)));
            } else if (policy != null && !restartPolicies.contains(policy)) {
                errors.add(FieldError.notSupported(rp, policy, restartPolicies));
            }
        }
        return true;
    }

    private static Map<String, String> labelsOf(PodTemplateSpec template) {
        return template.metadata() == null ? Map.of() : template.metadata().labels();
    }

    private static void intOrPercent(FieldPath path, IntOrString value, Errors errors) {
        if (value == null) {
            return;
        }
        if (value.isInt()) {
            errors.nonNegative(path, value.intValue());
        } else if (!PERCENT.matcher(value.strValue()).matches()) {
            errors.add(FieldError.invalid(path, value.strValue(), "must be an integer or percentage (e.g. '5%')"));
        }
    }

    private static long percent(IntOrString value) {
        return PERCENT.matcher(value.strValue()).matches()
                ? Long.parseLong(value.strValue().substring(0, value.strValue().length() - 1)) : 0;
    }

    private static boolean isZero(IntOrString value) {
        return value != null && (value.isInt() ? value.intValue() == 0 : "0%".equals(value.strValue()));
    }
}
