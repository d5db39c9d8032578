package io.corral.api.model.core;

import org.apiguardian.api.API;

/**
 * A volume of a pod: a name and exactly one source.
 * <p>Field names are Kubernetes' own, so a manifest maps onto this record field by field.
 * Immutable; every field may be null (absent).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Volume(
        String name,
        EmptyDirVolumeSource emptyDir,
        HostPathVolumeSource hostPath,
        SecretVolumeSource secret,
        ConfigMapVolumeSource configMap,
        PersistentVolumeClaimVolumeSource persistentVolumeClaim) {
}
