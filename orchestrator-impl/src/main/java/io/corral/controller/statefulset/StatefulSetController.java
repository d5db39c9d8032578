package io.corral.controller.statefulset;

import io.corral.api.client.DeleteOptions;
import io.corral.api.client.informer.Indexer;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.apps.StatefulSet;
import io.corral.api.model.apps.StatefulSetSpec;
import io.corral.api.model.apps.StatefulSetStatus;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.PersistentVolumeClaimVolumeSource;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.core.Volume;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.OwnerReference;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.controller.ObjectKeyEvents;
import io.corral.controller.Controller;
import io.corral.controller.ControllerContext;
import io.corral.controller.ControllerEvents;
import io.corral.controller.Owners;
import io.corral.controller.PodConditions;
import io.corral.controller.PodTemplates;
import io.corral.controller.WorkQueue;
import io.corral.controller.deployment.TemplateHash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * Gives each StatefulSet replica a stable identity: pod {@code <set>-<ordinal>} with {@code hostname}
 * = its name and {@code subdomain} = {@code serviceName}, and for each {@code volumeClaimTemplates} entry
 * a claim {@code <template>-<set>-<ordinal>} that outlives the pod and is reused by its successor.
 *
 * <ul>
 *   <li>{@code OrderedReady}: pods are created in ordinal order, each only once the previous ones are
 *       Running and Ready; removed in reverse order, one at a time. {@code Parallel}: all at once.</li>
 *   <li>Revisions: the label {@value #REVISION_LABEL} is {@code <set>-<template hash>}. {@code RollingUpdate}
 *       replaces pods of another revision from the highest ordinal down to {@code partition}, one at a
 *       time, each after the others are ready; {@code OnDelete} waits for the user to delete pods.
 *       {@code status.currentRevision} becomes the update revision once every replica runs it.</li>
 *   <li>A pod that {@code Failed} is deleted and created again with the same name and claims.</li>
 *   <li>Claims are never deleted by this controller (Kubernetes' default {@code Retain} policy).</li>
 * </ul>
 * Pods are matched by controller reference only (no adoption of orphans).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class StatefulSetController implements Controller {
    /** The pod label naming the revision a pod was made from. */
    public static final String REVISION_LABEL = "controller-revision-hash";
    /** The pod label with the pod's own name (for per-pod services). */
    public static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    private static final ObjectCodec CODEC = new ObjectCodec();

    private ControllerContext ctx;
    private WorkQueue queue;
    private Indexer<StatefulSet> sets;
    private Indexer<Pod> pods;
    private Indexer<PersistentVolumeClaim> claims;

    @Override
    public String name() {
        return "statefulset";
    }

    @Override
    public void register(ControllerContext context, WorkQueue workQueue) {
        this.ctx = context;
        this.queue = workQueue;
        SharedInformer<StatefulSet> si = context.informers().of(ResourceKinds.STATEFUL_SET);
        SharedInformer<Pod> pi = context.informers().of(ResourceKinds.POD);
        SharedInformer<PersistentVolumeClaim> ci = context.informers().of(ResourceKinds.PERSISTENT_VOLUME_CLAIM);
        sets = si.indexer();
        pods = pi.indexer();
        claims = ci.indexer();
        si.addEventHandler(ObjectKeyEvents.enqueue(queue, key -> { }));
        pi.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                enqueueOwner(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                if (old != pod) {
                    enqueueOwner(pod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                enqueueOwner(pod);
            }
        });
    }

    private void enqueueOwner(Pod pod) {
        OwnerReference ref = Owners.controllerOf(pod).orElse(null);
        if (ref != null && StatefulSet.KIND.equals(ref.kind())) {
            sets.get(pod.metadata().namespace(), ref.name()).filter(s -> Objects.equals(s.metadata().uid(), ref.uid()))
                    .ifPresent(s -> queue.add(Indexer.keyOf(s)));
        }
    }

    /** The ordinal of a pod named {@code <set>-<n>}, or -1. */
    static int ordinal(String set, String pod) {
        if (pod == null || !pod.startsWith(set + "-")) {
            return -1;
        }
        try {
            int n = Integer.parseInt(pod.substring(set.length() + 1));
            return n >= 0 ? n : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String claimName(String template, String set, int ordinal) {
        return template + "-" + set + "-" + ordinal;
    }

    private static boolean runningAndReady(Pod p) {
        return "Running".equals(PodConditions.phase(p)) && PodConditions.ready(p) && p.metadata().deletionTimestamp() == null;
    }

    private static String revision(Pod p) {
        return p.metadata().labels().get(REVISION_LABEL);
    }

    @Override
    public void reconcile(String key) {
        StatefulSet set = sets.getByKey(key).orElse(null);
        if (set == null || set.metadata().deletionTimestamp() != null) {
            return;
        }
        StatefulSetSpec spec = set.spec();
        String name = set.metadata().name();
        int replicas = spec.replicas() == null ? 1 : spec.replicas();
        boolean parallel = "Parallel".equals(spec.podManagementPolicy());
        String updateRevision = name + "-" + TemplateHash.of(CODEC, spec.template(), null);
        TreeMap<Integer, Pod> current = new TreeMap<>();
        List<Pod> condemned = new ArrayList<>();
        for (Pod p : pods.byIndex(Owners.CONTROLLER_UID_INDEX, set.metadata().uid())) {
            int ord = ordinal(name, p.metadata().name());
            if (ord >= 0 && ord < replicas) {
                current.put(ord, p);
            } else {
                condemned.add(p);
            }
        }
        try {
            sync(set, replicas, parallel, updateRevision, current, condemned);
        } finally {
            updateStatus(set, replicas, updateRevision, current);
        }
    }

    private void sync(StatefulSet set, int replicas, boolean parallel, String updateRevision,
                      TreeMap<Integer, Pod> current, List<Pod> condemned) {
        for (int ord = 0; ord < replicas; ord++) {
            Pod p = current.get(ord);
            if (p == null) {
                ensureClaims(set, ord);
                create(set, ord, updateRevision);
                if (!parallel) {
                    return;
                }
                continue;
            }
            if ("Failed".equals(PodConditions.phase(p)) && p.metadata().deletionTimestamp() == null) {
                delete(set, p);
                if (!parallel) {
                    return;
                }
                continue;
            }
            if (!parallel && !runningAndReady(p)) {
                return;
            }
        }
        condemned.sort((a, b) -> Integer.compare(ordinal(set.metadata().name(), b.metadata().name()),
                ordinal(set.metadata().name(), a.metadata().name())));
        for (Pod p : condemned) {
            if (p.metadata().deletionTimestamp() != null) {
                if (!parallel) {
                    return;
                }
                continue;
            }
            delete(set, p);
            if (!parallel) {
                return;
            }
        }
        var strategy = set.spec().updateStrategy();
        if (strategy != null && "OnDelete".equals(strategy.type())) {
            return;
        }
        int partition = strategy == null || strategy.rollingUpdate() == null || strategy.rollingUpdate().partition() == null
                ? 0 : strategy.rollingUpdate().partition();
        // one pod at a time, highest ordinal first, while every replica is ready
        for (Pod p : current.values()) {
            if (!runningAndReady(p)) {
                return;
            }
        }
        for (int ord = replicas - 1; ord >= partition; ord--) {
            Pod p = current.get(ord);
            if (p != null && !updateRevision.equals(revision(p))) {
                delete(set, p);
                return;
            }
        }
    }

    private void ensureClaims(StatefulSet set, int ord) {
        String ns = set.metadata().namespace();
        for (PersistentVolumeClaim template : set.spec().volumeClaimTemplates()) {
            String claim = claimName(template.metadata().name(), set.metadata().name(), ord);
            if (claims.get(ns, claim).isPresent()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>(template.metadata().labels());
            if (set.spec().selector() != null) {
                labels.putAll(set.spec().selector().matchLabels());
            }
            PersistentVolumeClaim pvc = new PersistentVolumeClaim(null, null, ObjectMeta.builder().namespace(ns).name(claim)
                    .labels(labels).annotations(template.metadata().annotations()).build(), template.spec(), null);
            try {
                ctx.client().persistentVolumeClaims().inNamespace(ns).create(pvc);
                ctx.events().record(name(), set, ControllerEvents.NORMAL, "SuccessfulCreate",
                        "create Claim " + claim + " Pod " + set.metadata().name() + "-" + ord + " in StatefulSet " + set.metadata().name() + " success");
            } catch (ApiException e) {
                if (e.reason() != StatusReason.ALREADY_EXISTS) {
                    ctx.events().record(name(), set, ControllerEvents.WARNING, "FailedCreate",
                            "create Claim " + claim + " failed: " + e.getMessage());
                    throw e;
                }
            }
        }
    }

    private void create(StatefulSet set, int ord, String revision) {
        String setName = set.metadata().name();
        String podName = setName + "-" + ord;
        PodTemplateSpec t = set.spec().template();
        Map<String, String> labels = new LinkedHashMap<>(t.metadata() == null ? Map.of() : t.metadata().labels());
        labels.put(REVISION_LABEL, revision);
        labels.put(POD_NAME_LABEL, podName);
        Map<String, Volume> volumes = new LinkedHashMap<>();
        t.spec().volumes().forEach(v -> volumes.put(v.name(), v));
        for (PersistentVolumeClaim template : set.spec().volumeClaimTemplates()) {
            String claim = claimName(template.metadata().name(), setName, ord);
            volumes.put(template.metadata().name(), new Volume(template.metadata().name(), null, null, null, null,
                    new PersistentVolumeClaimVolumeSource(claim, null)));
        }
        PodSpec spec = t.spec().toBuilder().hostname(podName).subdomain(set.spec().serviceName())
                .volumes(List.copyOf(volumes.values())).build();
        Pod pod = PodTemplates.pod(set, new PodTemplateSpec(t.metadata(), spec), null, podName, labels);
        try {
            ctx.client().pods().inNamespace(set.metadata().namespace()).create(pod);
            ctx.events().record(name(), set, ControllerEvents.NORMAL, "SuccessfulCreate",
                    "create Pod " + podName + " in StatefulSet " + setName + " successful");
        } catch (ApiException e) {
            if (e.reason() != StatusReason.ALREADY_EXISTS) {
                ctx.events().record(name(), set, ControllerEvents.WARNING, "FailedCreate",
                        "create Pod " + podName + " in StatefulSet " + setName + " failed error: " + e.getMessage());
                throw e;
            }
        }
    }

    private void delete(StatefulSet set, Pod p) {
        try {
            ctx.client().pods().inNamespace(p.metadata().namespace()).delete(p.metadata().name(),
                    DeleteOptions.DEFAULTS.withPreconditions(DeleteOptions.Preconditions.uid(p.metadata().uid())));
            ctx.events().record(name(), set, ControllerEvents.NORMAL, "SuccessfulDelete",
                    "delete Pod " + p.metadata().name() + " in StatefulSet " + set.metadata().name() + " successful");
        } catch (ApiException e) {
            if (e.reason() != StatusReason.NOT_FOUND && e.reason() != StatusReason.CONFLICT) {
                throw e;
            }
        }
    }

    private void updateStatus(StatefulSet set, int replicas, String updateRevision, TreeMap<Integer, Pod> current) {
        Instant now = ctx.clock().instant();
        int minReady = set.spec().minReadySeconds() == null ? 0 : set.spec().minReadySeconds();
        StatefulSetStatus old = set.status();
        String currentRevision = old == null || old.currentRevision() == null ? updateRevision : old.currentRevision();
        int count = 0;
        int ready = 0;
        int available = 0;
        int atCurrent = 0;
        int updated = 0;
        Duration recheck = null;
        for (Pod p : current.values()) {
            if (!PodConditions.active(p)) {
                continue;
            }
            count++;
            if (PodConditions.ready(p)) {
                ready++;
                if (PodConditions.available(p, minReady, now)) {
                    available++;
                } else {
                    recheck = PodConditions.untilAvailable(p, minReady, now);
                }
            }
            if (currentRevision.equals(revision(p))) {
                atCurrent++;
            }
            if (updateRevision.equals(revision(p))) {
                updated++;
            }
        }
        if (updated == replicas && ready == replicas) {
            currentRevision = updateRevision;
            atCurrent = updated;
        }
        StatefulSetStatus next = new StatefulSetStatus(set.metadata().generation(), count, ready, atCurrent, updated, available,
                currentRevision, updateRevision, old == null ? null : old.collisionCount(), old == null ? null : old.conditions());
        if (!next.equals(old)) {
            try {
                ctx.client().statefulSets().inNamespace(set.metadata().namespace())
                        .updateStatus(set.withStatus(next).withMetadata(set.metadata().toBuilder().resourceVersion(null).build()));
            } catch (ApiException e) {
                if (e.reason() != StatusReason.NOT_FOUND) {
                    throw e;
                }
            }
        }
        if (recheck != null) {
            queue.addAfter(Indexer.keyOf(set), recheck.plusMillis(50));
        }
    }
}
