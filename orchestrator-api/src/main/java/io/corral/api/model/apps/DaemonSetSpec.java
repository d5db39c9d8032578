package io.corral.api.model.apps;

import io.corral.api.labels.LabelSelector;
import io.corral.api.model.core.PodTemplateSpec;
import org.apiguardian.api.API;

/**
 * The desired state of a daemon set.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record DaemonSetSpec(
        LabelSelector selector,
        PodTemplateSpec template,
        DaemonSetUpdateStrategy updateStrategy,
        Integer minReadySeconds,
        Integer revisionHistoryLimit) {
}
