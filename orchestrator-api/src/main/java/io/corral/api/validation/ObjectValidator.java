package io.corral.api.validation;

import io.corral.api.model.apps.DaemonSet;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.apps.StatefulSet;
import io.corral.api.model.autoscaling.HorizontalPodAutoscaler;
import io.corral.api.model.batch.Job;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.LimitRange;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.ReplicationController;
import io.corral.api.model.core.ResourceQuota;
import io.corral.api.model.core.Secret;
import io.corral.api.model.core.Service;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.OwnerReference;
import io.corral.api.model.networking.Ingress;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Validates objects of every registered kind, the way the API server does before it stores them:
 * metadata (name or generateName, name format per kind, namespace format, labels, annotations,
 * owner references) and the kind's own rules. Every broken rule is reported, each with the path of
 * the field at fault ({@code spec.containers[1].image}, {@code metadata.labels["app"]}).
 * <p>Checks that need the cluster (does the namespace exist, is the namespace set for a
 * namespaced kind) are the API server's. Stateless and thread-safe.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ObjectValidator {
    private static final FieldPath METADATA = FieldPath.root("metadata");
    private static final FieldPath SPEC = FieldPath.root("spec");

    private ObjectValidator() {
    }

    /** Every error of {@code object}; empty when it is valid. */
    public static List<FieldError> validate(KubernetesObject<?> object) {
        Errors errors = new Errors();
        metadata(object.metadata(), nameIsLabel(object), errors);
        kind(object, errors);
        return List.copyOf(errors.list());
    }

    /** Throws {@link InvalidObjectException} carrying every error when {@code object} is invalid. */
    public static void validateOrThrow(KubernetesObject<?> object) {
        InvalidObjectException.throwIfAny(object.kind(), object.metadata().name(), validate(object));
    }

    /** Namespaces and services are named by DNS-1123 labels (they become DNS names); the rest by subdomains. */
    private static boolean nameIsLabel(KubernetesObject<?> object) {
        return object instanceof Namespace || object instanceof Service;
    }

    /** The errors of an object's metadata at {@code metadata}. */
    public static List<FieldError> validateMetadata(ObjectMeta meta, boolean nameIsLabel) {
        Errors errors = new Errors();
        metadata(meta, nameIsLabel, errors);
        return errors.list();
    }

    static void metadata(ObjectMeta meta, boolean nameIsLabel, Errors errors) {
        FieldPath p = METADATA;
        if (Errors.isBlank(meta.name()) && Errors.isBlank(meta.generateName())) {
            errors.add(FieldError.required(p.child("name"), "name or generateName is required"));
        }
        if (!Errors.isBlank(meta.name())) {
            name(p.child("name"), meta.name(), nameIsLabel, errors);
        }
        if (!Errors.isBlank(meta.generateName())) {
            // A generated name is the prefix plus random characters, so a trailing '-' is fine.
            String prefix = meta.generateName();
            String masked = prefix.endsWith("-") ? prefix.substring(0, prefix.length() - 1) + "a" : prefix;
            List<String> problems = nameIsLabel ? ObjectNames.dns1123LabelErrors(masked)
                    : ObjectNames.dns1123SubdomainErrors(masked);
            problems.forEach(m -> errors.add(FieldError.invalid(p.child("generateName"), prefix, m)));
        }
        if (!Errors.isBlank(meta.namespace())) {
            errors.label(p.child("namespace"), meta.namespace());
        }
        errors.addAll(Labels.validateLabels(p.child("labels"), meta.labels()));
        errors.addAll(Labels.validateAnnotations(p.child("annotations"), meta.annotations()));
        errors.nonNegative(p.child("generation"), meta.generation());
        errors.nonNegative(p.child("deletionGracePeriodSeconds"), meta.deletionGracePeriodSeconds());
        int controllers = 0;
        for (int i = 0; i < meta.ownerReferences().size(); i++) {
            OwnerReference ref = meta.ownerReferences().get(i);
            FieldPath rp = p.child("ownerReferences").index(i);
            errors.required(rp.child("apiVersion"), ref.apiVersion());
            errors.required(rp.child("kind"), ref.kind());
            errors.required(rp.child("name"), ref.name());
            errors.required(rp.child("uid"), ref.uid());
            if (Boolean.TRUE.equals(ref.controller()) && ++controllers > 1) {
                errors.add(FieldError.invalid(p.child("ownerReferences"), ref.name(),
                        "Only one reference can have Controller set to true"));
            }
        }
        for (int i = 0; i < meta.finalizers().size(); i++) {
            errors.qualifiedName(p.child("finalizers").index(i), meta.finalizers().get(i));
        }
    }

    private static void name(FieldPath path, String name, boolean label, Errors errors) {
        if (label) {
            errors.label(path, name);
        } else {
            errors.subdomain(path, name);
        }
    }

    private static void kind(KubernetesObject<?> object, Errors errors) {
        if (object instanceof Pod pod) {
            PodValidation.validate(pod.spec(), SPEC, errors);
        } else if (object instanceof ReplicaSet rs) {
            WorkloadValidation.replicaSet(rs, errors);
        } else if (object instanceof Deployment d) {
            WorkloadValidation.deployment(d, errors);
        } else if (object instanceof StatefulSet s) {
            WorkloadValidation.statefulSet(s, errors);
        } else if (object instanceof DaemonSet ds) {
            WorkloadValidation.daemonSet(ds, errors);
        } else if (object instanceof Job job) {
            WorkloadValidation.job(job, errors);
        } else if (object instanceof ReplicationController rc) {
            WorkloadValidation.replicationController(rc, errors);
        } else if (object instanceof HorizontalPodAutoscaler hpa) {
            WorkloadValidation.horizontalPodAutoscaler(hpa, errors);
        } else if (object instanceof Service svc) {
            ServiceValidation.service(svc, errors);
        } else if (object instanceof Endpoints ep) {
            ServiceValidation.endpoints(ep, errors);
        } else if (object instanceof Ingress ing) {
            ServiceValidation.ingress(ing, errors);
        } else if (object instanceof Secret secret) {
            ConfigValidation.secret(secret, errors);
        } else if (object instanceof ConfigMap cm) {
            ConfigValidation.configMap(cm, errors);
        } else if (object instanceof PersistentVolume pv) {
            StorageValidation.persistentVolume(pv, errors);
        } else if (object instanceof PersistentVolumeClaim pvc) {
            StorageValidation.claimSpec(pvc.spec(), SPEC, errors);
        } else if (object instanceof Node node) {
            ClusterValidation.node(node, errors);
        } else if (object instanceof Namespace ns) {
            ClusterValidation.namespace(ns, errors);
        } else if (object instanceof ResourceQuota quota) {
            ClusterValidation.resourceQuota(quota, errors);
        } else if (object instanceof LimitRange lr) {
            ClusterValidation.limitRange(lr, errors);
        } else if (object instanceof Event event) {
            ClusterValidation.event(event, errors);
        } else if (object instanceof Lease lease) {
            ClusterValidation.lease(lease, errors);
        }
    }
}
