package io.corral.controller.daemonset;

import io.corral.api.client.DeleteOptions;
import io.corral.api.client.informer.Indexer;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.model.apps.DaemonSet;
import io.corral.api.model.apps.DaemonSetSpec;
import io.corral.api.model.apps.DaemonSetStatus;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.core.Taint;
import io.corral.api.model.core.Toleration;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.model.meta.OwnerReference;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.controller.Controller;
import io.corral.controller.ControllerContext;
import io.corral.controller.ControllerEvents;
import io.corral.controller.Expectations;
import io.corral.controller.ObjectKeyEvents;
import io.corral.controller.OwnedPodEvents;
import io.corral.controller.Owners;
import io.corral.controller.PodConditions;
import io.corral.controller.PodTemplates;
import io.corral.controller.WorkQueue;
import io.corral.controller.deployment.TemplateHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Runs one pod of each DaemonSet on every node that should run it: the node's labels match the pod
 * template's {@code nodeSelector}, and the pod tolerates the node's {@code NoSchedule}/{@code NoExecute}
 * taints (DaemonSet pods also tolerate the node conditions' taints, {@code not-ready}, {@code unreachable},
 * {@code unschedulable} and the pressure taints, as in Kubernetes). Pods are created bound
 * ({@code spec.nodeName} set), so no scheduler is involved; required node affinity is not evaluated.
 *
 * <p>Extra pods on a node (keeping the oldest), pods on nodes that should not run them or no longer exist,
 * and failed pods are deleted. {@code RollingUpdate} replaces pods of an older template (label
 * {@value #REVISION_LABEL}) while at most {@code maxUnavailable} (default 1) of the desired pods are
 * unavailable; {@code maxSurge} is not supported (old pods go before new ones come). {@code OnDelete}
 * waits for pods to be deleted by hand.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DaemonSetController implements Controller {
    /** The pod label naming the template revision a pod was made from. */
    public static final String REVISION_LABEL = "controller-revision-hash";
    private static final ObjectCodec CODEC = new ObjectCodec();
    private static final List<Toleration> DAEMON_TOLERATIONS = List.of(
            new Toleration("node.kubernetes.io/not-ready", "Exists", null, "NoExecute", null),
            new Toleration("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", null),
            new Toleration("node.kubernetes.io/disk-pressure", "Exists", null, "NoSchedule", null),
            new Toleration("node.kubernetes.io/memory-pressure", "Exists", null, "NoSchedule", null),
            new Toleration("node.kubernetes.io/pid-pressure", "Exists", null, "NoSchedule", null),
            new Toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule", null));

    private ControllerContext ctx;
    private WorkQueue queue;
    private Indexer<DaemonSet> sets;
    private Indexer<Node> nodes;
    private Indexer<Pod> pods;
    private Expectations expectations;

    @Override
    public String name() {
        return "daemonset";
    }

    @Override
    public void register(ControllerContext context, WorkQueue workQueue) {
        this.ctx = context;
        this.queue = workQueue;
        this.expectations = new Expectations(context.clock());
        SharedInformer<DaemonSet> di = context.informers().of(ResourceKinds.DAEMON_SET);
        SharedInformer<Node> ni = context.informers().of(ResourceKinds.NODE);
        SharedInformer<Pod> pi = context.informers().of(ResourceKinds.POD);
        sets = di.indexer();
        nodes = ni.indexer();
        pods = pi.indexer();
        di.addEventHandler(ObjectKeyEvents.enqueue(queue, expectations::forget));
        ni.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                enqueueAll();
            }

            @Override
            public void onUpdate(Node old, Node node) {
                if (old != node && (!old.metadata().labels().equals(node.metadata().labels())
                        || !Objects.equals(old.spec(), node.spec()))) {
                    enqueueAll();
                }
            }

            @Override
            public void onDelete(Node node, boolean finalStateUnknown) {
                enqueueAll();
            }
        });
        pi.addEventHandler(OwnedPodEvents.handler(this::ownerKey, expectations, queue));
    }

    private void enqueueAll() {
        sets.keys().forEach(queue::add);
    }

    private String ownerKey(Pod pod) {
        OwnerReference ref = Owners.controllerOf(pod).orElse(null);
        if (ref == null || !DaemonSet.KIND.equals(ref.kind())) {
            return null;
        }
        return sets.get(pod.metadata().namespace(), ref.name()).filter(d -> Objects.equals(d.metadata().uid(), ref.uid()))
                .map(Indexer::keyOf).orElse(null);
    }

    /** Whether a pod with {@code spec} should run on {@code node}: node selector and taints. */
    static boolean shouldRun(PodSpec spec, Node node) {
        Map<String, String> labels = node.metadata().labels();
        for (Map.Entry<String, String> e : spec.nodeSelector().entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        List<Taint> taints = node.spec() == null ? List.of() : node.spec().taints();
        List<Toleration> tolerations = new ArrayList<>(spec.tolerations());
        tolerations.addAll(DAEMON_TOLERATIONS);
        for (Taint t : taints) {
            if (!"NoSchedule".equals(t.effect()) && !"NoExecute".equals(t.effect())) {
                continue;
            }
            if (tolerations.stream().noneMatch(tol -> tolerates(tol, t))) {
                return false;
            }
        }
        return true;
    }

    static boolean tolerates(Toleration tol, Taint taint) {
        if (tol.effect() != null && !tol.effect().isEmpty() && !tol.effect().equals(taint.effect())) {
            return false;
        }
        if (tol.key() == null || tol.key().isEmpty()) {
            return "Exists".equals(tol.operator());
        }
        if (!tol.key().equals(taint.key())) {
            return false;
        }
        if ("Exists".equals(tol.operator())) {
            return true;
        }
        return Objects.equals(tol.value() == null ? "" : tol.value(), taint.value() == null ? "" : taint.value());
    }

    @Override
    public void reconcile(String key) {
        DaemonSet ds = sets.getByKey(key).orElse(null);
        if (ds == null || ds.metadata().deletionTimestamp() != null) {
            return;
        }
        DaemonSetSpec spec = ds.spec();
        String revision = ds.metadata().name() + "-" + TemplateHash.of(CODEC, spec.template(), null);
        Map<String, List<Pod>> byNode = new HashMap<>();
        List<Pod> toDelete = new ArrayList<>();
        for (Pod p : pods.byIndex(Owners.CONTROLLER_UID_INDEX, ds.metadata().uid())) {
            if (p.metadata().deletionTimestamp() != null) {
                byNode.computeIfAbsent(p.spec().nodeName(), n -> new ArrayList<>()).add(p);
                continue;
            }
            if ("Failed".equals(PodConditions.phase(p))) {
                toDelete.add(p);
                continue;
            }
            byNode.computeIfAbsent(p.spec() == null ? null : p.spec().nodeName(), n -> new ArrayList<>()).add(p);
        }
        List<Node> allNodes = nodes.list();
        Set<String> nodeNames = new HashSet<>();
        List<String> toCreate = new ArrayList<>();
        List<Pod> desired = new ArrayList<>();
        int misscheduled = 0;
        int shouldRun = 0;
        for (Node node : allNodes) {
            String n = node.metadata().name();
            nodeNames.add(n);
            List<Pod> here = byNode.getOrDefault(n, List.of());
            List<Pod> live = here.stream().filter(p -> p.metadata().deletionTimestamp() == null)
                    .sorted(Comparator.comparing((Pod p) -> p.metadata().creationTimestamp(),
                            Comparator.nullsLast(Comparator.naturalOrder()))).toList();
            if (shouldRun(spec.template().spec(), node)) {
                shouldRun++;
                if (live.isEmpty()) {
                    if (here.isEmpty()) {
                        toCreate.add(n);
                    }
                } else {
                    desired.add(live.get(0));
                    toDelete.addAll(live.subList(1, live.size()));
                }
            } else if (!live.isEmpty()) {
                misscheduled++;
                toDelete.addAll(live);
            }
        }
        byNode.forEach((n, list) -> {
            if (n == null || !nodeNames.contains(n)) {
                list.stream().filter(p -> p.metadata().deletionTimestamp() == null).forEach(toDelete::add);
            }
        });
        int desiredCount = shouldRun;
        if (expectations.satisfied(key)) {
            toDelete.addAll(rollingUpdateVictims(ds, revision, desired, desiredCount, desiredCount - desired.size()));
            manage(key, ds, revision, toCreate, toDelete);
        }
        updateStatus(ds, revision, desired, desiredCount, misscheduled);
    }

    private List<Pod> rollingUpdateVictims(DaemonSet ds, String revision, List<Pod> desired, int desiredCount, int missing) {
        var strategy = ds.spec().updateStrategy();
        if (strategy != null && "OnDelete".equals(strategy.type())) {
            return List.of();
        }
        IntOrString max = strategy == null || strategy.rollingUpdate() == null || strategy.rollingUpdate().maxUnavailable() == null
                ? IntOrString.of(1) : strategy.rollingUpdate().maxUnavailable();
        int maxUnavailable = Math.max(1, max.resolve(desiredCount, true));
        Instant now = ctx.clock().instant();
        int minReady = ds.spec().minReadySeconds() == null ? 0 : ds.spec().minReadySeconds();
        int unavailable = missing + (int) desired.stream().filter(p -> !PodConditions.available(p, minReady, now)).count();
        List<Pod> victims = new ArrayList<>();
        // unavailable old pods first: replacing them costs no availability
        List<Pod> old = desired.stream().filter(p -> !revision.equals(p.metadata().labels().get(REVISION_LABEL)))
                .sorted(Comparator.comparing((Pod p) -> PodConditions.available(p, minReady, now))).toList();
        for (Pod p : old) {
            boolean available = PodConditions.available(p, minReady, now);
            if (!available) {
                victims.add(p);
            } else if (unavailable < maxUnavailable) {
                victims.add(p);
                unavailable++;
            }
        }
        return victims;
    }

    private void manage(String key, DaemonSet ds, String revision, List<String> toCreate, List<Pod> toDelete) {
        Set<String> deleteKeys = new HashSet<>();
        toDelete.forEach(p -> deleteKeys.add(Indexer.keyOf(p)));
        expectations.expect(key, toCreate.size(), deleteKeys);
        PodTemplateSpec t = ds.spec().template();
        Map<String, String> labels = new LinkedHashMap<>(t.metadata() == null ? Map.of() : t.metadata().labels());
        labels.put(REVISION_LABEL, revision);
        RuntimeException failure = null;
        for (String node : toCreate) {
            List<Toleration> tolerations = new ArrayList<>(t.spec().tolerations());
            DAEMON_TOLERATIONS.stream().filter(d -> !tolerations.contains(d)).forEach(tolerations::add);
            PodSpec spec = t.spec().toBuilder().nodeName(node).tolerations(tolerations).build();
            Pod pod = PodTemplates.pod(ds, new PodTemplateSpec(t.metadata(), spec), ds.metadata().name() + "-", null, labels);
            try {
                ctx.client().pods().inNamespace(ds.metadata().namespace()).create(pod);
                ctx.events().record(name(), ds, ControllerEvents.NORMAL, "SuccessfulCreate", "Created pod on node " + node);
            } catch (RuntimeException e) {
                expectations.creationObserved(key);
                ctx.events().record(name(), ds, ControllerEvents.WARNING, "FailedCreate", "Error creating: " + e.getMessage());
                failure = e;
            }
        }
        for (Pod p : toDelete) {
            try {
                ctx.client().pods().inNamespace(p.metadata().namespace()).delete(p.metadata().name(),
                        DeleteOptions.DEFAULTS.withPreconditions(DeleteOptions.Preconditions.uid(p.metadata().uid())));
                ctx.events().record(name(), ds, ControllerEvents.NORMAL, "SuccessfulDelete", "Deleted pod: " + p.metadata().name());
            } catch (ApiException e) {
                expectations.deletionObserved(key, Indexer.keyOf(p));
                if (e.reason() != StatusReason.NOT_FOUND && e.reason() != StatusReason.CONFLICT) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void updateStatus(DaemonSet ds, String revision, List<Pod> desired, int desiredCount, int misscheduled) {
        Instant now = ctx.clock().instant();
        int minReady = ds.spec().minReadySeconds() == null ? 0 : ds.spec().minReadySeconds();
        int ready = (int) desired.stream().filter(PodConditions::ready).count();
        int available = (int) desired.stream().filter(p -> PodConditions.available(p, minReady, now)).count();
        int updated = (int) desired.stream().filter(p -> revision.equals(p.metadata().labels().get(REVISION_LABEL))).count();
        DaemonSetStatus old = ds.status();
        DaemonSetStatus next = new DaemonSetStatus(desired.size(), misscheduled, desiredCount, ready, ds.metadata().generation(),
                updated, available, Math.max(0, desiredCount - available), old == null ? null : old.collisionCount(),
                old == null ? null : old.conditions());
        if (!next.equals(old)) {
            try {
                ctx.client().daemonSets().inNamespace(ds.metadata().namespace())
                        .updateStatus(ds.withStatus(next).withMetadata(ds.metadata().toBuilder().resourceVersion(null).build()));
            } catch (ApiException e) {
                if (e.reason() != StatusReason.NOT_FOUND) {
                    throw e;
                }
            }
        }
        if (minReady > 0) {
            desired.stream().map(p -> PodConditions.untilAvailable(p, minReady, now)).filter(Objects::nonNull)
                    .min(Comparator.naturalOrder()).ifPresent(d -> queue.addAfter(Indexer.keyOf(ds), d.plusMillis(50)));
        }
    }
}
