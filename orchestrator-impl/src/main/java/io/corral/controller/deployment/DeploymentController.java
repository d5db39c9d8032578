package io.corral.controller.deployment;

import io.corral.api.client.ResourceClient;
import io.corral.api.client.informer.Indexer;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.codec.ObjectCodec;
import io.corral.api.labels.LabelSelector;
import io.corral.api.labels.Selector;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.DeploymentCondition;
import io.corral.api.model.apps.DeploymentSpec;
import io.corral.api.model.apps.DeploymentStatus;
import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.apps.ReplicaSetSpec;
import io.corral.api.model.apps.RollingUpdateDeployment;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.meta.IntOrString;
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
import io.corral.controller.WorkQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls Deployments out through ReplicaSets, as kube-controller-manager's deployment controller.
 *
 * <ul>
 *   <li>The ReplicaSet of the current template ("new") is named {@code <deployment>-<hash>}, where
 *       {@code hash} ({@link TemplateHash}) is also its {@value #HASH_LABEL} label, selector term and pod
 *       label, so ReplicaSets of different templates never select each other's pods. A name taken by a
 *       ReplicaSet of another template raises {@code status.collisionCount} and hashes again.</li>
 *   <li>Revisions: the new ReplicaSet gets annotation {@value #REVISION} = highest revision + 1 (also when
 *       an old ReplicaSet becomes new again by a rollback); the Deployment carries its new ReplicaSet's revision.</li>
 *   <li>{@code RollingUpdate}: the new ReplicaSet grows while the total (of sizes, and of the active pods, which may outlive a scale-down for a moment) stays within
 *       {@code replicas + maxSurge}; old ones shrink (unhealthy ones first, oldest first) while at least
 *       {@code replicas - maxUnavailable} pods are available (ready for {@code minReadySeconds}).
 *       {@code Recreate}: old ReplicaSets go to 0 and their pods must be gone before the new one scales up.</li>
 *   <li>Scaling during a rollout: the difference is shared among the ReplicaSets with replicas in
 *       proportion to their size (the rounding rest goes to the new ReplicaSet on scale up, the oldest on
 *       scale down) — Kubernetes' proportional scaling, simplified.</li>
 *   <li>Rollback: set the template back (what {@code kubectl rollout undo} does), or set the annotation
 *       {@value #ROLLBACK_TO} to a revision ({@code 0} = the previous one); the controller copies that
 *       revision's template into the Deployment and removes the annotation.</li>
 *   <li>{@code paused}: the template is not rolled out, but scaling applies; the {@code Progressing}
 *       condition is Unknown/DeploymentPaused, and the progress deadline restarts on resume.</li>
 *   <li>Conditions: {@code Available} (at least {@code replicas - maxUnavailable} available) and
 *       {@code Progressing} (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated,
 *       NewReplicaSetAvailable; False/ProgressDeadlineExceeded after {@code progressDeadlineSeconds}
 *       without progress).</li>
 *   <li>{@code revisionHistoryLimit}: once a rollout is complete, old ReplicaSets with no replicas beyond the
 *       limit are deleted, oldest revision first.</li>
 * </ul>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class DeploymentController implements Controller {
    /** The label and selector term that tells the ReplicaSets of different templates apart. */
    public static final String HASH_LABEL = "pod-template-hash";
    /** The revision annotation of Deployments and their ReplicaSets. */
    public static final String REVISION = "deployment.kubernetes.io/revision";
    /** The Deployment's replicas when the ReplicaSet was last sized. */
    public static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    /** replicas + maxSurge when the ReplicaSet was last sized. */
    public static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    /** Set on a Deployment to roll back to that revision (0: the previous one). */
    public static final String ROLLBACK_TO = io.corral.api.client.rollout.Rollouts.ROLLBACK_TO;

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);
    private static final ObjectCodec CODEC = new ObjectCodec();

    private ControllerContext ctx;
    private WorkQueue queue;
    private Indexer<Deployment> deployments;
    private Indexer<ReplicaSet> replicaSets;
    private Indexer<Pod> pods;

    @Override
    public String name() {
        return "deployment";
    }

    @Override
    public int workers() {
        return 4;
    }

    @Override
    public void register(ControllerContext context, WorkQueue workQueue) {
        this.ctx = context;
        this.queue = workQueue;
        SharedInformer<Deployment> di = context.informers().of(ResourceKinds.DEPLOYMENT);
        SharedInformer<ReplicaSet> ri = context.informers().of(ResourceKinds.REPLICA_SET);
        SharedInformer<Pod> pi = context.informers().of(ResourceKinds.POD);
        deployments = di.indexer();
        replicaSets = ri.indexer();
        pods = pi.indexer();
        di.addEventHandler(ObjectKeyEvents.enqueue(queue));
        ri.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                enqueueFor(rs);
            }

            @Override
            public void onUpdate(ReplicaSet old, ReplicaSet rs) {
                if (old == rs) {
                    return;
                }
                enqueueFor(rs);
                Optional<String> before = deploymentKey(old);
                if (before.isPresent() && !before.equals(deploymentKey(rs))) {
                    queue.add(before.get());
                }
            }

            @Override
            public void onDelete(ReplicaSet rs, boolean finalStateUnknown) {
                deploymentKey(rs).ifPresent(queue::add);
            }
        });
        pi.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onUpdate(Pod old, Pod pod) {
                // a surge waits for old pods to stop counting as active
                if (PodConditions.active(old) && !PodConditions.active(pod)) {
                    enqueueOwnerOf(pod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                // Recreate waits for the old pods to be gone
                enqueueOwnerOf(pod);
            }
        });
    }

    private void enqueueOwnerOf(Pod pod) {
        OwnerReference ref = Owners.controllerOf(pod).orElse(null);
        if (ref != null && ReplicaSet.KIND.equals(ref.kind())) {
            replicaSets.get(pod.metadata().namespace(), ref.name()).flatMap(this::deploymentKey).ifPresent(queue::add);
        }
    }

    private void enqueueFor(ReplicaSet rs) {
        Optional<String> owner = deploymentKey(rs);
        if (owner.isPresent()) {
            queue.add(owner.get());
        } else if (Owners.controllerOf(rs).isEmpty()) {
            for (Deployment d : deployments.byIndex(Indexer.NAMESPACE_INDEX, rs.metadata().namespace())) {
                if (selector(d).matches(rs.metadata().labels())) {
                    queue.add(Indexer.keyOf(d));
                }
            }
        }
    }

    private Optional<String> deploymentKey(ReplicaSet rs) {
        OwnerReference ref = Owners.controllerOf(rs).orElse(null);
        if (ref == null || !Deployment.KIND.equals(ref.kind())) {
            return Optional.empty();
        }
        return deployments.get(rs.metadata().namespace(), ref.name())
                .filter(d -> Objects.equals(d.metadata().uid(), ref.uid())).map(Indexer::keyOf);
    }

    private static Selector selector(Deployment d) {
        return d.spec() == null || d.spec().selector() == null ? Selector.nothing() : Selector.from(d.spec().selector());
    }

    // ------------------------------------------------------------------ reconcile

    @Override
    public void reconcile(String key) {
        Deployment d = deployments.getByKey(key).orElse(null);
        if (d == null) {
            return;
        }
        Selector selector = selector(d);
        if (selector.isEmpty()) {
            ctx.events().record(name(), d, ControllerEvents.WARNING, "SelectingAll",
                    "This deployment is selecting all pods. A non-empty selector is required.");
            return;
        }
        List<ReplicaSet> owned = claimReplicaSets(d, selector);
        if (d.metadata().deletionTimestamp() != null) {
            return;
        }
        String rollbackTo = d.metadata().annotations().get(ROLLBACK_TO);
        if (rollbackTo != null) {
            rollback(d, owned, rollbackTo);
            return;
        }
        boolean paused = Boolean.TRUE.equals(d.spec().paused());
        boolean recreate = "Recreate".equals(strategyType(d));
        ReplicaSet found = findNew(d, owned);
        List<ReplicaSet> old = owned.stream().filter(rs -> rs != found).toList();
        ReplicaSet newRs = found;
        boolean created = false;
        if (newRs == null && !paused && (!recreate || activeCount(old) == 0 && oldPodsGone(old))) {
            newRs = createNew(d, old);
            created = newRs != null;
            if (newRs == null) {
                return;
            }
        }
        ReplicaSet current = newRs;
        if (current != null) {
            current = syncRevision(d, current, old);
        }
        if (paused || isScalingEvent(d, current, old)) {
            scale(d, current, old);
        } else if (recreate) {
            rolloutRecreate(d, current, old);
        } else {
            rolloutRolling(d, current, old);
        }
        List<ReplicaSet> all = new ArrayList<>(old);
        if (current != null) {
            all.add(current);
        }
        List<ReplicaSet> fresh = all.stream().map(rs -> replicaSets.getByKey(Indexer.keyOf(rs)).orElse(rs)).toList();
        ReplicaSet freshNew = current == null ? null : replicaSets.getByKey(Indexer.keyOf(current)).orElse(current);
        DeploymentStatus status = updateStatus(key, d, freshNew, fresh, created);
        if (!paused && isComplete(d, status)) {
            cleanup(d, fresh.stream().filter(rs -> freshNew == null || !Indexer.keyOf(rs).equals(Indexer.keyOf(freshNew))).toList());
        }
    }

    private static String strategyType(Deployment d) {
        return d.spec().strategy() == null || d.spec().strategy().type() == null ? "RollingUpdate" : d.spec().strategy().type();
    }

    private List<ReplicaSet> claimReplicaSets(Deployment d, Selector selector) {
        String uid = d.metadata().uid();
        Map<String, ReplicaSet> candidates = new LinkedHashMap<>();
        replicaSets.byIndex(Owners.CONTROLLER_UID_INDEX, uid).forEach(rs -> candidates.put(Indexer.keyOf(rs), rs));
        replicaSets.list(d.metadata().namespace(), selector).forEach(rs -> candidates.putIfAbsent(Indexer.keyOf(rs), rs));
        List<ReplicaSet> owned = new ArrayList<>();
        boolean deleting = d.metadata().deletionTimestamp() != null;
        ResourceClient<ReplicaSet> client = ctx.client().replicaSets().inNamespace(d.metadata().namespace());
        for (ReplicaSet rs : candidates.values()) {
            OwnerReference ref = Owners.controllerOf(rs).orElse(null);
            boolean matches = selector.matches(rs.metadata().labels());
            if (ref != null) {
                if (!uid.equals(ref.uid())) {
                    continue;
                }
                if (matches) {
                    owned.add(rs);
                } else if (!deleting) {
                    ignoreNotFound(() -> client.edit(rs.metadata().name(), r -> Owners.withoutOwner(r, uid)));
                }
            } else if (matches && !deleting && rs.metadata().deletionTimestamp() == null) {
                String rsUid = rs.metadata().uid();
                OwnerReference mine = Owners.controllerRef(d);
                ReplicaSet adopted = ignoreNotFound(() -> client.edit(rs.metadata().name(),
                        r -> Objects.equals(r.metadata().uid(), rsUid) ? Owners.withController(r, mine) : r));
                if (adopted != null && Owners.controllerOf(adopted).map(r -> uid.equals(r.uid())).orElse(false)) {
                    owned.add(adopted);
                }
            }
        }
        return owned;
    }

    /** The ReplicaSet whose template equals the Deployment's (ignoring the hash label); the oldest if several. */
    private static ReplicaSet findNew(Deployment d, List<ReplicaSet> owned) {
        PodTemplateSpec want = withoutHash(d.spec().template());
        return owned.stream().filter(rs -> rs.spec() != null && Objects.equals(withoutHash(rs.spec().template()), want))
                .min(Comparator.comparing((ReplicaSet rs) -> rs.metadata().creationTimestamp(),
                        Comparator.nullsLast(Comparator.naturalOrder()))).orElse(null);
    }

    static PodTemplateSpec withoutHash(PodTemplateSpec t) {
        if (t == null) {
            return null;
        }
        ObjectMeta m = t.metadata() == null ? ObjectMeta.EMPTY : t.metadata();
        Map<String, String> labels = new LinkedHashMap<>(m.labels());
        labels.remove(HASH_LABEL);
        return new PodTemplateSpec(m.toBuilder().labels(labels).build(), t.spec());
    }

    static long revision(ReplicaSet rs) {
        try {
            return Long.parseLong(rs.metadata().annotations().getOrDefault(REVISION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long maxRevision(List<ReplicaSet> sets) {
        return sets.stream().mapToLong(DeploymentController::revision).max().orElse(0);
    }

    private static int replicas(Deployment d) {
        return d.spec().replicas() == null ? 1 : d.spec().replicas();
    }

    private static int replicas(ReplicaSet rs) {
        return rs.spec() == null || rs.spec().replicas() == null ? 0 : rs.spec().replicas();
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static int activeCount(List<ReplicaSet> sets) {
        return sets.stream().mapToInt(DeploymentController::replicas).sum();
    }

    /** The pods of these ReplicaSets that run or will run (not finished, not terminating). */
    private int activePods(List<ReplicaSet> sets) {
        int n = 0;
        for (ReplicaSet rs : sets) {
            n += (int) pods.byIndex(Owners.CONTROLLER_UID_INDEX, rs.metadata().uid()).stream().filter(PodConditions::active).count();
        }
        return n;
    }

    private boolean oldPodsGone(List<ReplicaSet> old) {
        for (ReplicaSet rs : old) {
            if (pods.byIndex(Owners.CONTROLLER_UID_INDEX, rs.metadata().uid()).stream()
                    .anyMatch(p -> !PodConditions.phase(p).equals("Succeeded") && !PodConditions.phase(p).equals("Failed"))) {
                return false;
            }
        }
        return true;
    }

    /** maxSurge and maxUnavailable resolved against replicas; never both 0 (then maxUnavailable is 1). */
    static int[] surgeAndUnavailable(Deployment d) {
        int replicas = replicas(d);
        if (!"RollingUpdate".equals(strategyType(d))) {
            return new int[] {0, 0};
        }
        RollingUpdateDeployment ru = d.spec().strategy() == null ? null : d.spec().strategy().rollingUpdate();
        IntOrString surge = ru == null || ru.maxSurge() == null ? IntOrString.of("25%") : ru.maxSurge();
        IntOrString unavailable = ru == null || ru.maxUnavailable() == null ? IntOrString.of("25%") : ru.maxUnavailable();
        int s = surge.resolve(replicas, true);
        int u = unavailable.resolve(replicas, false);
        if (s == 0 && u == 0) {
            u = 1;
        }
        return new int[] {s, Math.min(u, replicas)};
    }

    private ReplicaSet createNew(Deployment d, List<ReplicaSet> old) {
        Integer collisions = d.status() == null ? null : d.status().collisionCount();
        String hash = TemplateHash.of(CODEC, d.spec().template(), collisions);
        PodTemplateSpec t = d.spec().template();
        ObjectMeta tm = t.metadata() == null ? ObjectMeta.EMPTY : t.metadata();
        Map<String, String> podLabels = new LinkedHashMap<>(tm.labels());
        podLabels.put(HASH_LABEL, hash);
        LabelSelector sel = d.spec().selector();
        Map<String, String> matchLabels = new LinkedHashMap<>(sel.matchLabels());
        matchLabels.put(HASH_LABEL, hash);
        int replicas = replicas(d);
        int[] su = surgeAndUnavailable(d);
        int initial;
        if ("Recreate".equals(strategyType(d))) {
            initial = replicas;
        } else {
            int maxTotal = replicas + su[0];
            initial = Math.max(0, Math.min(replicas, maxTotal - activeCount(old)));
        }
        Map<String, String> annotations = new LinkedHashMap<>(d.metadata().annotations());
        annotations.remove(ROLLBACK_TO);
        annotations.put(REVISION, Long.toString(maxRevision(old) + 1));
        annotations.put(DESIRED_REPLICAS, Integer.toString(replicas));
        annotations.put(MAX_REPLICAS, Integer.toString(replicas + su[0]));
        ReplicaSet rs = ReplicaSet.builder()
                .metadata(ObjectMeta.builder().namespace(d.metadata().namespace()).name(d.metadata().name() + "-" + hash)
                        .labels(podLabels).annotations(annotations)
                        .ownerReferences(List.of(Owners.controllerRef(d))).build())
                .spec(new ReplicaSetSpec(initial, d.spec().minReadySeconds(),
                        new LabelSelector(matchLabels, sel.matchExpressions()),
                        new PodTemplateSpec(tm.toBuilder().labels(podLabels).build(), t.spec())))
                .build();
        ResourceClient<ReplicaSet> client = ctx.client().replicaSets().inNamespace(d.metadata().namespace());
        try {
            ReplicaSet created = client.create(rs);
            ctx.events().record(name(), d, ControllerEvents.NORMAL, "ScalingReplicaSet",
                    "Scaled up replica set " + created.metadata().name() + " to " + initial);
            return created;
        } catch (ApiException e) {
            if (e.reason() != StatusReason.ALREADY_EXISTS) {
                throw e;
            }
            ReplicaSet existing = client.get(rs.metadata().name()).orElse(null);
            if (existing != null && Owners.controllerOf(existing).map(r -> r.uid().equals(d.metadata().uid())).orElse(false)
                    && Objects.equals(withoutHash(existing.spec().template()), withoutHash(t))) {
                return existing;
            }
            // another template has this name: hash again with a higher collision count
            int next = collisions == null ? 1 : collisions + 1;
            ctx.client().deployments().inNamespace(d.metadata().namespace()).updateStatus(d.withStatus(withCollisions(d.status(), next))
                    .withMetadata(d.metadata().toBuilder().resourceVersion(null).build()));
            LOG.debug("deployment {}: hash collision on {}, collisionCount {}", Indexer.keyOf(d), rs.metadata().name(), next);
            return null;
        }
    }

    private static DeploymentStatus withCollisions(DeploymentStatus s, int collisions) {
        if (s == null) {
            return new DeploymentStatus(null, null, null, null, null, null, null, collisions);
        }
        return new DeploymentStatus(s.observedGeneration(), s.replicas(), s.updatedReplicas(), s.readyReplicas(),
                s.availableReplicas(), s.unavailableReplicas(), s.conditions(), collisions);
    }

    /** Gives the new ReplicaSet the highest revision (+1 when it is an old one brought back) and records it on the Deployment. */
    private ReplicaSet syncRevision(Deployment d, ReplicaSet newRs, List<ReplicaSet> old) {
        long maxOld = maxRevision(old);
        ReplicaSet rs = newRs;
        if (revision(newRs) <= maxOld) {
            String rev = Long.toString(maxOld + 1);
            rs = ctx.client().replicaSets().inNamespace(d.metadata().namespace()).edit(newRs.metadata().name(), r -> {
                Map<String, String> a = new LinkedHashMap<>(r.metadata().annotations());
                a.put(REVISION, rev);
                return r.withMetadata(r.metadata().toBuilder().annotations(a).build());
            });
        }
        if (!Objects.equals(rs.spec().minReadySeconds(), d.spec().minReadySeconds())) {
            rs = ctx.client().replicaSets().inNamespace(d.metadata().namespace()).edit(rs.metadata().name(),
                    r -> r.withSpec(new ReplicaSetSpec(r.spec().replicas(), d.spec().minReadySeconds(), r.spec().selector(),
                            r.spec().template())));
        }
        String rev = rs.metadata().annotations().get(REVISION);
        if (rev != null && !rev.equals(d.metadata().annotations().get(REVISION))) {
            ctx.client().deployments().inNamespace(d.metadata().namespace()).edit(d.metadata().name(), x -> {
                Map<String, String> a = new LinkedHashMap<>(x.metadata().annotations());
                a.put(REVISION, rev);
                return x.withMetadata(x.metadata().toBuilder().annotations(a).build());
            });
        }
        return rs;
    }

    private void rollback(Deployment d, List<ReplicaSet> owned, String to) {
        long target;
        try {
            target = Long.parseLong(to.trim());
        } catch (NumberFormatException e) {
            target = -1;
        }
        ReplicaSet found = null;
        if (target == 0) {
            // the previous revision: the highest below the current one
            long current = maxRevision(owned);
            found = owned.stream().filter(rs -> revision(rs) < current)
                    .max(Comparator.comparingLong(DeploymentController::revision)).orElse(null);
        } else if (target > 0) {
            long t = target;
            found = owned.stream().filter(rs -> revision(rs) == t).findFirst().orElse(null);
        }
        PodTemplateSpec template = found == null ? null : withoutHash(found.spec().template());
        if (found == null) {
            ctx.events().record(name(), d, ControllerEvents.WARNING, "RollbackRevisionNotFound",
                    "Unable to find the revision " + to + " to roll back to");
        } else {
            ctx.events().record(name(), d, ControllerEvents.NORMAL, "DeploymentRollback",
                    "Rolled back deployment \"" + d.metadata().name() + "\" to revision " + revision(found));
        }
        ctx.client().deployments().inNamespace(d.metadata().namespace()).edit(d.metadata().name(), x -> {
            Map<String, String> a = new LinkedHashMap<>(x.metadata().annotations());
            a.remove(ROLLBACK_TO);
            Deployment y = x.withMetadata(x.metadata().toBuilder().annotations(a).build());
            if (template != null) {
                DeploymentSpec s = y.spec();
                y = y.withSpec(s.toBuilder().template(template).build());
            }
            return y;
        });
    }

    /** True when some ReplicaSet with replicas was sized for another replica count than the Deployment's. */
    private static boolean isScalingEvent(Deployment d, ReplicaSet newRs, List<ReplicaSet> old) {
        String want = Integer.toString(replicas(d));
        List<ReplicaSet> all = new ArrayList<>(old);
        if (newRs != null) {
            all.add(newRs);
        }
        for (ReplicaSet rs : all) {
            if (replicas(rs) > 0) {
                String desired = rs.metadata().annotations().get(DESIRED_REPLICAS);
                if (desired != null && !desired.equals(want)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Proportional scaling of the ReplicaSets with replicas (or the new one alone when it is the only one). */
    private void scale(Deployment d, ReplicaSet newRs, List<ReplicaSet> old) {
        int replicas = replicas(d);
        List<ReplicaSet> active = new ArrayList<>(old.stream().filter(rs -> replicas(rs) > 0).toList());
        if (newRs != null && (replicas(newRs) > 0 || active.isEmpty())) {
            active.add(newRs);
        }
        if (active.isEmpty()) {
            return;
        }
        if (active.size() == 1) {
            setReplicas(d, active.get(0), replicas);
            return;
        }
        int[] su = surgeAndUnavailable(d);
        int allowed = replicas + su[0];
        int current = active.stream().mapToInt(DeploymentController::replicas).sum();
        int toAdd = allowed - current;
        Map<ReplicaSet, Integer> sizes = new HashMap<>();
        int given = 0;
        for (ReplicaSet rs : active) {
            int share = current == 0 ? 0 : (int) ((long) replicas(rs) * toAdd / current);
            share = Math.max(share, -replicas(rs));
            sizes.put(rs, replicas(rs) + share);
            given += share;
        }
        int rest = toAdd - given;
        // the rest goes to the newest ReplicaSet when growing, the oldest when shrinking
        List<ReplicaSet> order = new ArrayList<>(active);
        order.sort(Comparator.comparingLong(DeploymentController::revision));
        ReplicaSet target = rest > 0 ? order.get(order.size() - 1) : order.get(0);
        for (ReplicaSet rs : rest >= 0 ? List.of(target) : order) {
            if (rest == 0) {
                break;
            }
            int size = sizes.get(rs);
            int change = rest > 0 ? rest : Math.max(rest, -size);
            sizes.put(rs, size + change);
            rest -= change;
        }
        for (ReplicaSet rs : active) {
            setReplicas(d, rs, sizes.get(rs));
        }
    }

    private void rolloutRecreate(Deployment d, ReplicaSet newRs, List<ReplicaSet> old) {
        for (ReplicaSet rs : old) {
            if (replicas(rs) > 0) {
                setReplicas(d, rs, 0);
            }
        }
        if (activeCount(old) > 0 || !oldPodsGone(old)) {
            return;
        }
        if (newRs != null) {
            setReplicas(d, newRs, replicas(d));
        }
    }

    private void rolloutRolling(Deployment d, ReplicaSet newRs, List<ReplicaSet> old) {
        int replicas = replicas(d);
        int[] su = surgeAndUnavailable(d);
        if (newRs != null) {
            int newReplicas = replicas(newRs);
            if (newReplicas > replicas) {
                setReplicas(d, newRs, replicas);
            } else if (newReplicas < replicas) {
                // pods, not only sizes: an old ReplicaSet's pods may outlive its scale-down for a moment
                int total = Math.max(activeCount(old) + newReplicas, activePods(old) + activePods(List.of(newRs)));
                int maxTotal = replicas + su[0];
                if (total < maxTotal) {
                    setReplicas(d, newRs, newReplicas + Math.min(maxTotal - total, replicas - newReplicas));
                }
            } else {
                setReplicas(d, newRs, replicas);
            }
        }
        int oldCount = activeCount(old);
        if (oldCount == 0) {
            return;
        }
        int minAvailable = replicas - su[1];
        int allPods = oldCount + (newRs == null ? 0 : replicas(newRs));
        int newUnavailable = newRs == null ? 0 : Math.max(0, replicas(newRs) - orZero(newRs.status() == null ? null : newRs.status().availableReplicas()));
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return;
        }
        List<ReplicaSet> oldest = new ArrayList<>(old);
        oldest.sort(Comparator.comparing((ReplicaSet rs) -> rs.metadata().creationTimestamp(),
                Comparator.nullsFirst(Comparator.naturalOrder())));
        // first the pods that are not available anyway
        int cleaned = 0;
        Map<String, Integer> sizes = new HashMap<>();
        for (ReplicaSet rs : oldest) {
            if (cleaned >= maxScaledDown) {
                break;
            }
            int size = replicas(rs);
            int available = orZero(rs.status() == null ? null : rs.status().availableReplicas());
            int unhealthy = size - available;
            if (size == 0 || unhealthy <= 0) {
                sizes.put(Indexer.keyOf(rs), size);
                continue;
            }
            int down = Math.min(maxScaledDown - cleaned, unhealthy);
            sizes.put(Indexer.keyOf(rs), size - down);
            cleaned += down;
        }
        // then available ones, while enough stay available
        int availableAll = old.stream().mapToInt(rs -> orZero(rs.status() == null ? null : rs.status().availableReplicas())).sum()
                + (newRs == null ? 0 : orZero(newRs.status() == null ? null : newRs.status().availableReplicas()));
        int canDown = Math.min(availableAll - minAvailable, maxScaledDown - cleaned);
        for (ReplicaSet rs : oldest) {
            int size = sizes.getOrDefault(Indexer.keyOf(rs), replicas(rs));
            if (canDown > 0 && size > 0) {
                int down = Math.min(size, canDown);
                size -= down;
                canDown -= down;
            }
            if (size != replicas(rs)) {
                setReplicas(d, rs, size);
            }
        }
    }

    private void setReplicas(Deployment d, ReplicaSet rs, int size) {
        int[] su = surgeAndUnavailable(d);
        String desired = Integer.toString(replicas(d));
        String max = Integer.toString(replicas(d) + su[0]);
        if (replicas(rs) == size && desired.equals(rs.metadata().annotations().get(DESIRED_REPLICAS))
                && max.equals(rs.metadata().annotations().get(MAX_REPLICAS))) {
            return;
        }
        ReplicaSet scaled = ignoreNotFound(() -> ctx.client().replicaSets().inNamespace(rs.metadata().namespace())
                .edit(rs.metadata().name(), r -> {
                    Map<String, String> a = new LinkedHashMap<>(r.metadata().annotations());
                    a.put(DESIRED_REPLICAS, desired);
                    a.put(MAX_REPLICAS, max);
                    return r.withMetadata(r.metadata().toBuilder().annotations(a).build())
                            .withSpec(new ReplicaSetSpec(size, r.spec().minReadySeconds(), r.spec().selector(), r.spec().template()));
                }));
        if (scaled != null && replicas(rs) != size) {
            ctx.events().record(name(), d, ControllerEvents.NORMAL, "ScalingReplicaSet",
                    "Scaled " + (size > replicas(rs) ? "up" : "down") + " replica set " + rs.metadata().name() + " to " + size);
        }
    }

    // ------------------------------------------------------------------ status

    private static boolean isComplete(Deployment d, DeploymentStatus s) {
        int r = replicas(d);
        return orZero(s.updatedReplicas()) == r && orZero(s.replicas()) == r && orZero(s.availableReplicas()) == r;
    }

    private DeploymentStatus updateStatus(String key, Deployment d, ReplicaSet newRs, List<ReplicaSet> all, boolean created) {
        Instant now = ctx.clock().instant();
        int replicas = 0;
        int ready = 0;
        int available = 0;
        for (ReplicaSet rs : all) {
            if (rs.status() != null) {
                replicas += orZero(rs.status().replicas());
                ready += orZero(rs.status().readyReplicas());
                available += orZero(rs.status().availableReplicas());
            }
        }
        int updated = newRs == null || newRs.status() == null ? 0 : orZero(newRs.status().replicas());
        int want = replicas(d);
        DeploymentStatus old = d.status();
        List<DeploymentCondition> conditions = new ArrayList<>(old == null ? List.of() : old.conditions());
        int minAvailable = want - surgeAndUnavailable(d)[1];
        if (available >= minAvailable) {
            setCondition(conditions, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now, false);
        } else {
            setCondition(conditions, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now, false);
        }
        DeploymentStatus next = new DeploymentStatus(d.metadata().generation(), replicas, updated, ready, available,
                Math.max(0, want - available), conditions, old == null ? null : old.collisionCount());
        String rsName = newRs == null ? "" : newRs.metadata().name();
        DeploymentCondition progressing = find(conditions, "Progressing");
        Integer deadline = d.spec().progressDeadlineSeconds();
        if (Boolean.TRUE.equals(d.spec().paused())) {
            setCondition(conditions, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now, true);
        } else if (progressing != null && "DeploymentPaused".equals(progressing.reason())) {
            setCondition(conditions, "Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed", now, true);
        } else if (isComplete(d, next) && newRs != null) {
            setCondition(conditions, "Progressing", "True", "NewReplicaSetAvailable",
                    "ReplicaSet \"" + rsName + "\" has successfully progressed.", now,
                    progressing == null || !"NewReplicaSetAvailable".equals(progressing.reason()));
        } else if (created) {
            setCondition(conditions, "Progressing", "True", "NewReplicaSetCreated", "Created new replica set \"" + rsName + "\"", now, true);
        } else if (progressing == null) {
            setCondition(conditions, "Progressing", "True", "FoundNewReplicaSet", "Found new replica set \"" + rsName + "\"", now, true);
        } else if (madeProgress(old, next)) {
            setCondition(conditions, "Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"" + rsName + "\" is progressing.", now, true);
        } else if (deadline != null && !"ProgressDeadlineExceeded".equals(progressing.reason())
                && progressing.lastUpdateTime() != null
                && !progressing.lastUpdateTime().plusSeconds(deadline).isAfter(now)) {
            setCondition(conditions, "Progressing", "False", "ProgressDeadlineExceeded",
                    "ReplicaSet \"" + rsName + "\" has timed out progressing.", now, true);
            ctx.events().record(name(), d, ControllerEvents.WARNING, "ProgressDeadlineExceeded",
                    "Deployment \"" + d.metadata().name() + "\" has timed out progressing");
        }
        next = new DeploymentStatus(next.observedGeneration(), next.replicas(), next.updatedReplicas(), next.readyReplicas(),
                next.availableReplicas(), next.unavailableReplicas(), conditions, next.collisionCount());
        if (!next.equals(old)) {
            DeploymentStatus written = next;
            ignoreNotFound(() -> ctx.client().deployments().inNamespace(d.metadata().namespace())
                    .updateStatus(d.withStatus(written).withMetadata(d.metadata().toBuilder().resourceVersion(null).build())));
        }
        DeploymentCondition p = find(conditions, "Progressing");
        if (deadline != null && p != null && "True".equals(p.status()) && !isComplete(d, next) && p.lastUpdateTime() != null
                && !Boolean.TRUE.equals(d.spec().paused())) {
            Duration left = Duration.between(now, p.lastUpdateTime().plusSeconds(deadline));
            queue.addAfter(key, left.isNegative() ? Duration.ofMillis(10) : left.plusMillis(100));
        }
        return next;
    }

    private static boolean madeProgress(DeploymentStatus old, DeploymentStatus next) {
        if (old == null) {
            return true;
        }
        int oldOld = orZero(old.replicas()) - orZero(old.updatedReplicas());
        int newOld = orZero(next.replicas()) - orZero(next.updatedReplicas());
        return orZero(next.updatedReplicas()) > orZero(old.updatedReplicas())
                || orZero(next.availableReplicas()) > orZero(old.availableReplicas())
                || orZero(next.readyReplicas()) > orZero(old.readyReplicas())
                || newOld < oldOld;
    }

    private static DeploymentCondition find(List<DeploymentCondition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).findFirst().orElse(null);
    }

    /** Sets a condition; the transition time moves when the status changes, the update time when {@code touch} or it changes. */
    private static void setCondition(List<DeploymentCondition> conditions, String type, String status, String reason,
                                     String message, Instant now, boolean touch) {
        DeploymentCondition old = find(conditions, type);
        if (old != null && old.status().equals(status) && Objects.equals(old.reason(), reason) && !touch) {
            return;
        }
        Instant transition = old != null && old.status().equals(status) ? old.lastTransitionTime() : now;
        Instant update = old != null && !touch && old.status().equals(status) ? old.lastUpdateTime() : now;
        DeploymentCondition next = new DeploymentCondition(type, status, update, transition, reason, message);
        if (old != null) {
            conditions.set(conditions.indexOf(old), next);
        } else {
            conditions.add(next);
        }
    }

    // ------------------------------------------------------------------ cleanup

    private void cleanup(Deployment d, List<ReplicaSet> old) {
        Integer limit = d.spec().revisionHistoryLimit();
        if (limit == null) {
            return;
        }
        List<ReplicaSet> idle = old.stream().filter(rs -> replicas(rs) == 0 && rs.metadata().deletionTimestamp() == null
                        && (rs.status() == null || orZero(rs.status().replicas()) == 0))
                .sorted(Comparator.comparingLong(DeploymentController::revision)).toList();
        for (int i = 0; i < idle.size() - limit; i++) {
            ReplicaSet rs = idle.get(i);
            ctx.client().replicaSets().inNamespace(rs.metadata().namespace()).delete(rs.metadata().name(),
                    io.corral.api.client.DeleteOptions.DEFAULTS.withPreconditions(
                            io.corral.api.client.DeleteOptions.Preconditions.uid(rs.metadata().uid())));
            LOG.debug("deployment {}: deleted old replica set {} (revision {})", Indexer.keyOf(d), rs.metadata().name(), revision(rs));
        }
    }

    private static <R> R ignoreNotFound(java.util.function.Supplier<R> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            if (e.reason() == StatusReason.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }
}
