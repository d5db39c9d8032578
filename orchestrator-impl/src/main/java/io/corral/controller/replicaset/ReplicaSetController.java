package io.corral.controller.replicaset;

import io.corral.api.client.DeleteOptions;
import io.corral.api.client.informer.Indexer;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.labels.Selector;
import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.apps.ReplicaSetStatus;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.core.ReplicationController;
import io.corral.api.model.core.ReplicationControllerStatus;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.OwnerReference;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.controller.ObjectKeyEvents;
import io.corral.controller.Controller;
import io.corral.controller.ControllerContext;
import io.corral.controller.ControllerEvents;
import io.corral.controller.Expectations;
import io.corral.controller.Owners;
import io.corral.controller.PodConditions;
import io.corral.controller.PodTemplates;
import io.corral.controller.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code spec.replicas} pods running for each ReplicaSet (set-based selector) or
 * ReplicationController (equality selector; an empty one means the template's labels).
 *
 * <p>Each reconcile: claims pods (adopts matching orphans by setting its controller reference,
 * releases owned pods whose labels stopped matching), creates missing pods ({@code generateName
 * <name>-}) in slow-start batches of 1, 2, 4, ... (at most {@link #BURST} per reconcile), or deletes
 * extras in the order of {@link PodConditions#DELETE_FIRST}; then writes the status (replicas,
 * fullyLabeledReplicas, readyReplicas, availableReplicas after {@code minReadySeconds}, observedGeneration).
 * Creates and deletes in flight are tracked by {@link Expectations}; nothing is created or deleted for a
 * key until the cache has seen the previous ones. An owner being deleted is not scaled.
 *
 * @param <T> ReplicaSet or ReplicationController
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ReplicaSetController<T extends KubernetesObject<T>> implements Controller {
    /** The most pods created or deleted in one reconcile. */
    public static final int BURST = 500;
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetController.class);

    private final Source<T> source;
    private ControllerContext ctx;
    private WorkQueue queue;
    private Indexer<T> owners;
    private Indexer<Pod> pods;
    private Expectations expectations;

    private ReplicaSetController(Source<T> source) {
        this.source = source;
    }

    /** The ReplicaSet controller. */
    public static ReplicaSetController<ReplicaSet> forReplicaSets() {
        return new ReplicaSetController<>(new ReplicaSets());
    }

    /** The ReplicationController controller. */
    public static ReplicaSetController<ReplicationController> forReplicationControllers() {
        return new ReplicaSetController<>(new ReplicationControllers());
    }

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public int workers() {
        return 4;
    }

    @Override
    public void register(ControllerContext context, WorkQueue workQueue) {
        this.ctx = context;
        this.queue = workQueue;
        this.expectations = new Expectations(context.clock());
        SharedInformer<T> ownerInformer = context.informers().of(source.kind());
        SharedInformer<Pod> podInformer = context.informers().of(ResourceKinds.POD);
        this.owners = ownerInformer.indexer();
        this.pods = podInformer.indexer();
        ownerInformer.addEventHandler(ObjectKeyEvents.enqueue(queue, key -> {
            expectations.forget(key);
            queue.add(key);
        }));
        podInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                if (pod.metadata().deletionTimestamp() != null) {
                    onDelete(pod, false);
                    return;
                }
                String owner = ownerKey(pod);
                if (owner != null) {
                    expectations.creationObserved(owner);
                    queue.add(owner);
                } else if (Owners.controllerOf(pod).isEmpty()) {
                    matchingOwners(pod).forEach(queue::add);
                }
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                if (old == pod) {
                    return;
                }
                String oldOwner = ownerKey(old);
                String owner = ownerKey(pod);
                if (pod.metadata().deletionTimestamp() != null && old.metadata().deletionTimestamp() == null
                        && owner != null) {
                    expectations.deletionObserved(owner, Indexer.keyOf(pod));
                }
                if (oldOwner != null && !oldOwner.equals(owner)) {
                    queue.add(oldOwner);
                }
                if (owner != null) {
                    queue.add(owner);
                    int minReady = owners.getByKey(owner).map(source::minReadySeconds).orElse(0);
                    if (minReady > 0 && !PodConditions.ready(old) && PodConditions.ready(pod)) {
                        queue.addAfter(owner, Duration.ofSeconds(minReady).plusMillis(100));
                    }
                } else if (Owners.controllerOf(pod).isEmpty()
                        && (!old.metadata().labels().equals(pod.metadata().labels()) || Owners.controllerOf(old).isPresent())) {
                    matchingOwners(pod).forEach(queue::add);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                String owner = ownerKey(pod);
                if (owner != null) {
                    expectations.deletionObserved(owner, Indexer.keyOf(pod));
                    queue.add(owner);
                }
            }
        });
    }

    /** The key of the owner of our kind that controls {@code pod}, if it is in the cache with that uid. */
    private String ownerKey(Pod pod) {
        OwnerReference ref = Owners.controllerOf(pod).orElse(null);
        if (ref == null || !source.kind().kind().equals(ref.kind())) {
            return null;
        }
        T owner = owners.get(pod.metadata().namespace(), ref.name()).orElse(null);
        if (owner == null || !Objects.equals(owner.metadata().uid(), ref.uid())) {
            return null;
        }
        return Indexer.keyOf(owner);
    }

    private List<String> matchingOwners(Pod pod) {
        List<String> keys = new ArrayList<>();
        for (T owner : owners.byIndex(Indexer.NAMESPACE_INDEX, pod.metadata().namespace())) {
            Selector s = source.selector(owner);
            if (!s.isEmpty() && s.matches(pod.metadata().labels())) {
                keys.add(Indexer.keyOf(owner));
            }
        }
        return keys;
    }

    @Override
    public void reconcile(String key) throws Exception {
        T owner = owners.getByKey(key).orElse(null);
        if (owner == null) {
            expectations.forget(key);
            return;
        }
        boolean needsSync = expectations.satisfied(key);
        List<Pod> owned = claimPods(owner);
        List<Pod> active = owned.stream().filter(PodConditions::active).toList();
        Exception failure = null;
        if (needsSync && owner.metadata().deletionTimestamp() == null) {
            try {
                manageReplicas(key, owner, active);
            } catch (Exception e) {
                failure = e;
            }
        }
        updateStatus(key, owner, active);
        if (failure != null) {
            throw failure;
        }
    }

    /** The active and inactive pods this owner controls after adopting orphans and releasing mismatches. */
    private List<Pod> claimPods(T owner) {
        String ns = owner.metadata().namespace();
        String uid = owner.metadata().uid();
        Selector selector = source.selector(owner);
        Map<String, Pod> candidates = new LinkedHashMap<>();
        for (Pod p : pods.byIndex(Owners.CONTROLLER_UID_INDEX, uid)) {
            candidates.put(Indexer.keyOf(p), p);
        }
        if (!selector.isEmpty()) {
            for (Pod p : pods.list(ns, selector)) {
                candidates.putIfAbsent(Indexer.keyOf(p), p);
            }
        }
        List<Pod> claimed = new ArrayList<>();
        AtomicReference<Boolean> fresh = new AtomicReference<>();
        for (Pod p : candidates.values()) {
            OwnerReference ref = Owners.controllerOf(p).orElse(null);
            boolean matches = !selector.isEmpty() && selector.matches(p.metadata().labels());
            if (ref != null) {
                if (!uid.equals(ref.uid())) {
                    continue;
                }
                if (matches) {
                    claimed.add(p);
                } else if (owner.metadata().deletionTimestamp() == null) {
                    release(owner, p);
                }
                continue;
            }
            if (!matches || owner.metadata().deletionTimestamp() != null || p.metadata().deletionTimestamp() != null) {
                continue;
            }
            if (fresh.get() == null) {
                // the cache may be stale: adopt only for an owner that still exists with this uid
                fresh.set(ctx.client().resources(source.kind()).inNamespace(ns).get(owner.metadata().name())
                        .map(o -> uid.equals(o.metadata().uid()) && o.metadata().deletionTimestamp() == null).orElse(false));
            }
            if (fresh.get()) {
                Pod adopted = adopt(owner, p);
                if (adopted != null) {
                    claimed.add(adopted);
                }
            }
        }
        return claimed;
    }

    private Pod adopt(T owner, Pod pod) {
        OwnerReference ref = Owners.controllerRef(owner);
        String podUid = pod.metadata().uid();
        try {
            Pod result = ctx.client().pods().inNamespace(pod.metadata().namespace()).edit(pod.metadata().name(),
                    p -> Objects.equals(p.metadata().uid(), podUid) ? Owners.withController(p, ref) : p);
            if (Owners.controllerOf(result).map(r -> r.uid().equals(ref.uid())).orElse(false)) {
                LOG.debug("{} {}: adopted pod {}", name(), Indexer.keyOf(owner), pod.metadata().name());
                return result;
            }
        } catch (ApiException e) {
            if (e.reason() != StatusReason.NOT_FOUND) {
                throw e;
            }
        }
        return null;
    }

    private void release(T owner, Pod pod) {
        String ownerUid = owner.metadata().uid();
        String podUid = pod.metadata().uid();
        try {
            ctx.client().pods().inNamespace(pod.metadata().namespace()).edit(pod.metadata().name(),
                    p -> Objects.equals(p.metadata().uid(), podUid) ? Owners.withoutOwner(p, ownerUid) : p);
            LOG.debug("{} {}: released pod {}", name(), Indexer.keyOf(owner), pod.metadata().name());
        } catch (ApiException e) {
            if (e.reason() != StatusReason.NOT_FOUND) {
                throw e;
            }
        }
    }

    private void manageReplicas(String key, T owner, List<Pod> active) throws Exception {
        int diff = active.size() - source.replicas(owner);
        if (diff < 0) {
            int n = Math.min(-diff, BURST);
            expectations.expect(key, n, Set.of());
            PodTemplateSpec template = source.template(owner);
            Map<String, String> labels = template.metadata() == null ? Map.of() : template.metadata().labels();
            Pod pod = PodTemplates.pod(owner, template, owner.metadata().name() + "-", null, labels);
            int created = slowStart(n, () -> create(owner, pod));
            for (int i = created; i < n; i++) {
                expectations.creationObserved(key);
            }
            if (created < n) {
                throw new IllegalStateException("created " + created + " of " + n + " pods for " + key);
            }
        } else if (diff > 0) {
            int n = Math.min(diff, BURST);
            List<Pod> victims = active.stream().sorted(PodConditions.DELETE_FIRST).limit(n).toList();
            Set<String> keys = new HashSet<>();
            victims.forEach(p -> keys.add(Indexer.keyOf(p)));
            expectations.expect(key, 0, keys);
            List<Future<Boolean>> results = new ArrayList<>();
            for (Pod victim : victims) {
                results.add(ctx.writers().submit(() -> delete(key, owner, victim)));
            }
            int failed = 0;
            for (Future<Boolean> f : results) {
                if (!f.get()) {
                    failed++;
                }
            }
            if (failed > 0) {
                throw new IllegalStateException("could not delete " + failed + " pods of " + key);
            }
        }
    }

    /** A unit of work in a slow-start batch; true on success. */
    @FunctionalInterface
    interface Attempt {
        boolean run() throws Exception;
    }

    /**
     * Runs {@code count} attempts in batches of 1, 2, 4, ... on the writer pool, stopping after a batch
     * with a failure (so a misconfigured template costs one failed call, not hundreds). Returns how many
     * succeeded; attempts never started are not counted.
     */
    int slowStart(int count, Attempt attempt) throws Exception {
        int done = 0;
        int batch = 1;
        while (done < count) {
            int size = Math.min(batch, count - done);
            List<Future<Boolean>> fs = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                fs.add(ctx.writers().submit(attempt::run));
            }
            int ok = 0;
            for (Future<Boolean> f : fs) {
                if (f.get()) {
                    ok++;
                }
            }
            if (ok < size) {
                return done + ok;
            }
            done += size;
            batch *= 2;
        }
        return done;
    }

    private boolean create(T owner, Pod pod) {
        try {
            Pod created = ctx.client().pods().inNamespace(owner.metadata().namespace()).create(pod);
            ctx.events().record(name(), owner, ControllerEvents.NORMAL, "SuccessfulCreate",
                    "Created pod: " + created.metadata().name());
            return true;
        } catch (RuntimeException e) {
            ctx.events().record(name(), owner, ControllerEvents.WARNING, "FailedCreate", "Error creating: " + e.getMessage());
            LOG.debug("{} {}: creating a pod failed: {}", name(), Indexer.keyOf(owner), e.getMessage());
            return false;
        }
    }

    private boolean delete(String key, T owner, Pod pod) {
        String podKey = Indexer.keyOf(pod);
        try {
            ctx.client().pods().inNamespace(pod.metadata().namespace()).delete(pod.metadata().name(),
                    DeleteOptions.DEFAULTS.withPreconditions(DeleteOptions.Preconditions.uid(pod.metadata().uid())));
            ctx.events().record(name(), owner, ControllerEvents.NORMAL, "SuccessfulDelete",
                    "Deleted pod: " + pod.metadata().name());
            return true;
        } catch (RuntimeException e) {
            expectations.deletionObserved(key, podKey);
            if (e instanceof ApiException a && (a.reason() == StatusReason.NOT_FOUND || a.reason() == StatusReason.CONFLICT)) {
                return true;
            }
            ctx.events().record(name(), owner, ControllerEvents.WARNING, "FailedDelete", "Error deleting: " + e.getMessage());
            return false;
        }
    }

    private void updateStatus(String key, T owner, List<Pod> active) {
        Instant now = ctx.clock().instant();
        int minReady = source.minReadySeconds(owner);
        PodTemplateSpec template = source.template(owner);
        Map<String, String> templateLabels = template == null || template.metadata() == null ? Map.of()
                : template.metadata().labels();
        int fully = 0;
        int ready = 0;
        int available = 0;
        Duration recheck = null;
        for (Pod p : active) {
            if (PodConditions.hasLabels(p.metadata().labels(), templateLabels)) {
                fully++;
            }
            if (PodConditions.ready(p)) {
                ready++;
                if (PodConditions.available(p, minReady, now)) {
                    available++;
                } else {
                    Duration left = PodConditions.untilAvailable(p, minReady, now);
                    if (left != null && (recheck == null || left.compareTo(recheck) < 0)) {
                        recheck = left;
                    }
                }
            }
        }
        Counts counts = new Counts(active.size(), fully, ready, available, owner.metadata().generation());
        if (!counts.equals(source.counts(owner))) {
            try {
                T next = source.withCounts(owner, counts);
                ctx.client().resources(source.kind()).inNamespace(owner.metadata().namespace())
                        .updateStatus(next.withMetadata(owner.metadata().toBuilder().resourceVersion(null).build()));
            } catch (ApiException e) {
                if (e.reason() != StatusReason.NOT_FOUND) {
                    throw e;
                }
            }
        }
        if (recheck != null) {
            queue.addAfter(key, recheck.plusMillis(50));
        }
    }

    /** The counts of a status. */
    record Counts(int replicas, int fullyLabeled, int ready, int available, Long observedGeneration) {
    }

    /** How the controller reads and writes one kind. */
    interface Source<T extends KubernetesObject<T>> {
        String name();

        ResourceKind<T> kind();

        Selector selector(T owner);

        int replicas(T owner);

        int minReadySeconds(T owner);

        PodTemplateSpec template(T owner);

        Counts counts(T owner);

        T withCounts(T owner, Counts counts);
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    static final class ReplicaSets implements Source<ReplicaSet> {
        @Override
        public String name() {
            return "replicaset";
        }

        @Override
        public ResourceKind<ReplicaSet> kind() {
            return ResourceKinds.REPLICA_SET;
        }

        @Override
        public Selector selector(ReplicaSet rs) {
            return rs.spec() == null || rs.spec().selector() == null ? Selector.nothing() : Selector.from(rs.spec().selector());
        }

        @Override
        public int replicas(ReplicaSet rs) {
            return rs.spec() == null || rs.spec().replicas() == null ? 1 : rs.spec().replicas();
        }

        @Override
        public int minReadySeconds(ReplicaSet rs) {
            return rs.spec() == null ? 0 : orZero(rs.spec().minReadySeconds());
        }

        @Override
        public PodTemplateSpec template(ReplicaSet rs) {
            return rs.spec() == null ? null : rs.spec().template();
        }

        @Override
        public Counts counts(ReplicaSet rs) {
            ReplicaSetStatus s = rs.status();
            return s == null ? null : new Counts(orZero(s.replicas()), orZero(s.fullyLabeledReplicas()),
                    orZero(s.readyReplicas()), orZero(s.availableReplicas()), s.observedGeneration());
        }

        @Override
        public ReplicaSet withCounts(ReplicaSet rs, Counts c) {
            List<io.corral.api.model.apps.ReplicaSetCondition> conditions = rs.status() == null ? List.of() : rs.status().conditions();
            return rs.withStatus(new ReplicaSetStatus(c.replicas(), c.fullyLabeled(), c.ready(), c.available(),
                    c.observedGeneration(), conditions));
        }
    }

    static final class ReplicationControllers implements Source<ReplicationController> {
        @Override
        public String name() {
            return "replicationcontroller";
        }

        @Override
        public ResourceKind<ReplicationController> kind() {
            return ResourceKinds.REPLICATION_CONTROLLER;
        }

        @Override
        public Selector selector(ReplicationController rc) {
            if (rc.spec() == null) {
                return Selector.nothing();
            }
            Map<String, String> sel = rc.spec().selector();
            if (sel.isEmpty() && rc.spec().template() != null && rc.spec().template().metadata() != null) {
                sel = rc.spec().template().metadata().labels();
            }
            return sel.isEmpty() ? Selector.nothing()
                    : Selector.from(io.corral.api.labels.LabelSelector.matchLabels(sel));
        }

        @Override
        public int replicas(ReplicationController rc) {
            return rc.spec() == null || rc.spec().replicas() == null ? 1 : rc.spec().replicas();
        }

        @Override
        public int minReadySeconds(ReplicationController rc) {
            return rc.spec() == null ? 0 : orZero(rc.spec().minReadySeconds());
        }

        @Override
        public PodTemplateSpec template(ReplicationController rc) {
            return rc.spec() == null ? null : rc.spec().template();
        }

        @Override
        public Counts counts(ReplicationController rc) {
            ReplicationControllerStatus s = rc.status();
            return s == null ? null : new Counts(orZero(s.replicas()), orZero(s.fullyLabeledReplicas()),
                    orZero(s.readyReplicas()), orZero(s.availableReplicas()), s.observedGeneration());
        }

        @Override
        public ReplicationController withCounts(ReplicationController rc, Counts c) {
            return rc.withStatus(new ReplicationControllerStatus(c.replicas(), c.fullyLabeled(), c.ready(),
                    c.available(), c.observedGeneration()));
        }
    }
}
