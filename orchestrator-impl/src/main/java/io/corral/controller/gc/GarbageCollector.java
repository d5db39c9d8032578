package io.corral.controller.gc;

import io.corral.api.client.DeleteOptions;
import io.corral.api.client.PropagationPolicy;
import io.corral.api.client.informer.Indexer;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.OwnerReference;
import io.corral.api.model.meta.ResourceKind;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.controller.Controller;
import io.corral.controller.ControllerContext;
import io.corral.controller.ControllerEvents;
import io.corral.controller.Owners;
import io.corral.controller.WorkQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The garbage collector: deletes objects whose owners are all gone, and carries out the
 * {@code Orphan} and {@code Foreground} deletion policies that the API server records as finalizers.
 *
 * <ul>
 *   <li><b>Background</b> (the default): the API server removes the owner at once; an object whose every
 *       owner reference points to an object that no longer exists (by uid, confirmed with a live read when
 *       the cache does not have it) is deleted; one with some owners left loses only the dangling references.</li>
 *   <li><b>Foreground</b>: the owner stays with a deletionTimestamp and the {@code foregroundDeletion}
 *       finalizer; its dependents are deleted (themselves in the foreground when they have dependents), and
 *       once none with {@code blockOwnerDeletion: true} remains the finalizer is removed, which lets the
 *       API server delete the owner.</li>
 *   <li><b>Orphan</b>: the owner stays with the {@code orphan} finalizer until every dependent's owner
 *       reference to it is removed; then the finalizer is removed.</li>
 * </ul>
 * Dependents are found among the kinds in {@link #WATCHED}; owners may be of any registered kind.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class GarbageCollector implements Controller {
    /** The finalizer of the Orphan policy. */
    public static final String ORPHAN_FINALIZER = "orphan";
    /** The finalizer of the Foreground policy. */
    public static final String FOREGROUND_FINALIZER = "foregroundDeletion";
    /** The kinds whose objects may be dependents (and are watched). */
    public static final List<ResourceKind<?>> WATCHED = List.of(ResourceKinds.POD, ResourceKinds.REPLICA_SET,
            ResourceKinds.REPLICATION_CONTROLLER, ResourceKinds.DEPLOYMENT, ResourceKinds.STATEFUL_SET,
            ResourceKinds.DAEMON_SET, ResourceKinds.JOB, ResourceKinds.PERSISTENT_VOLUME_CLAIM,
            ResourceKinds.CONFIG_MAP, ResourceKinds.SECRET, ResourceKinds.SERVICE, ResourceKinds.ENDPOINTS);
    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

    private final Map<String, SharedInformer<?>> informers = new LinkedHashMap<>();
    private final Map<String, ResourceKind<?>> kinds = new LinkedHashMap<>();
    private ControllerContext ctx;
    private WorkQueue queue;

    @Override
    public String name() {
        return "garbagecollector";
    }

    @Override
    public int workers() {
        return 4;
    }

    @Override
    public void register(ControllerContext context, WorkQueue workQueue) {
        this.ctx = context;
        this.queue = workQueue;
        for (ResourceKind<?> kind : WATCHED) {
            watch(kind);
        }
    }

    private <T extends KubernetesObject<T>> void watch(ResourceKind<T> kind) {
        SharedInformer<T> informer = ctx.informers().of(kind);
        informers.put(kind.groupResource(), informer);
        kinds.put(kind.groupResource(), kind);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                if (interesting(object)) {
                    queue.add(key(kind, object));
                }
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                if (interesting(newObject)) {
                    queue.add(key(kind, newObject));
                }
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                // its dependents may now be garbage; an owner waiting in the foreground may now be free
                for (KubernetesObject<?> d : dependents(object.metadata().uid())) {
                    queue.add(key(kindOf(d), d));
                }
                for (OwnerReference ref : object.metadata().ownerReferences()) {
                    findCached(ref).ifPresent(o -> queue.add(key(kindOf(o), o)));
                }
            }
        });
    }

    private static ResourceKind<?> kindOf(KubernetesObject<?> o) {
        return ResourceKinds.byApiVersionAndKind(o.apiVersion(), o.kind())
                .orElseThrow(() -> new IllegalStateException("unknown kind " + o.apiVersion() + "/" + o.kind()));
    }

    private static boolean interesting(KubernetesObject<?> o) {
        return !o.metadata().ownerReferences().isEmpty() || o.metadata().deletionTimestamp() != null
                && (o.metadata().finalizers().contains(ORPHAN_FINALIZER)
                || o.metadata().finalizers().contains(FOREGROUND_FINALIZER));
    }

    private static String key(ResourceKind<?> kind, KubernetesObject<?> o) {
        return kind.groupResource() + "|" + Indexer.keyOf(o);
    }

    /** Every cached object with an owner reference to {@code uid}. */
    List<KubernetesObject<?>> dependents(String uid) {
        List<KubernetesObject<?>> out = new ArrayList<>();
        if (uid == null) {
            return out;
        }
        for (SharedInformer<?> informer : informers.values()) {
            out.addAll(informer.indexer().byIndex(Owners.OWNER_UID_INDEX, uid));
        }
        return out;
    }

    private Optional<KubernetesObject<?>> findCached(OwnerReference ref) {
        Optional<ResourceKind<?>> kind = ResourceKinds.byApiVersionAndKind(ref.apiVersion(), ref.kind());
        if (kind.isEmpty() || ref.uid() == null) {
            return Optional.empty();
        }
        SharedInformer<?> informer = informers.get(kind.get().groupResource());
        if (informer == null) {
            return Optional.empty();
        }
        List<? extends KubernetesObject<?>> found = informer.indexer().byIndex(Owners.UID_INDEX, ref.uid());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public void reconcile(String key) {
        int bar = key.indexOf('|');
        ResourceKind<?> kind = kinds.get(key.substring(0, bar));
        KubernetesObject<?> object = informers.get(kind.groupResource()).indexer().getByKey(key.substring(bar + 1)).orElse(null);
        if (object == null) {
            return;
        }
        processRaw(object, kind);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void processRaw(KubernetesObject<?> object, ResourceKind<?> kind) {
        process((KubernetesObject) object, (ResourceKind) kind);
    }

    private <T extends KubernetesObject<T>> void process(T object, ResourceKind<T> kind) {
        List<String> finalizers = object.metadata().finalizers();
        if (object.metadata().deletionTimestamp() != null) {
            if (finalizers.contains(ORPHAN_FINALIZER)) {
                orphanDependents(object, kind);
                return;
            }
            if (finalizers.contains(FOREGROUND_FINALIZER)) {
                deleteDependentsInForeground(object, kind);
                return;
            }
        }
        checkOwners(object, kind);
    }

    private <T extends KubernetesObject<T>> void orphanDependents(T owner, ResourceKind<T> kind) {
        String uid = owner.metadata().uid();
        for (KubernetesObject<?> d : dependents(uid)) {
            editDependent(d, uid);
        }
        edit(kind, owner, o -> Owners.withoutFinalizer(o, ORPHAN_FINALIZER));
        LOG.debug("orphaned the dependents of {} {}", kind.kind(), Indexer.keyOf(owner));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void editDependent(KubernetesObject<?> dependent, String ownerUid) {
        edit((ResourceKind) kindOf(dependent), (KubernetesObject) dependent,
                o -> Owners.withoutOwner((KubernetesObject) o, ownerUid));
    }

    private <T extends KubernetesObject<T>> void deleteDependentsInForeground(T owner, ResourceKind<T> kind) {
        String uid = owner.metadata().uid();
        boolean blocked = false;
        for (KubernetesObject<?> d : dependents(uid)) {
            boolean blocks = d.metadata().ownerReferences().stream()
                    .anyMatch(r -> uid.equals(r.uid()) && Boolean.TRUE.equals(r.blockOwnerDeletion()));
            blocked |= blocks;
            if (d.metadata().deletionTimestamp() == null) {
                delete(d, owner, dependents(d.metadata().uid()).isEmpty() ? PropagationPolicy.BACKGROUND
                        : PropagationPolicy.FOREGROUND);
            }
        }
        if (!blocked) {
            edit(kind, owner, o -> Owners.withoutFinalizer(o, FOREGROUND_FINALIZER));
            LOG.debug("deleted the dependents of {} {} in the foreground", kind.kind(), Indexer.keyOf(owner));
        }
    }

    private enum OwnerState { ABSENT, PRESENT, FOREGROUND_DELETING }

    private <T extends KubernetesObject<T>> void checkOwners(T object, ResourceKind<T> kind) {
        List<OwnerReference> refs = object.metadata().ownerReferences();
        if (refs.isEmpty()) {
            return;
        }
        List<OwnerReference> dangling = new ArrayList<>();
        boolean waitedOnInForeground = false;
        for (OwnerReference ref : refs) {
            OwnerState state = ownerState(ref, object.metadata().namespace());
            if (state == OwnerState.ABSENT) {
                dangling.add(ref);
            } else if (state == OwnerState.FOREGROUND_DELETING && Boolean.TRUE.equals(ref.blockOwnerDeletion())) {
                waitedOnInForeground = true;
            }
        }
        if (dangling.size() == refs.size()) {
            if (object.metadata().deletionTimestamp() == null) {
                delete(object, null, PropagationPolicy.BACKGROUND);
            }
        } else if (waitedOnInForeground) {
            if (object.metadata().deletionTimestamp() == null) {
                delete(object, null, dependents(object.metadata().uid()).isEmpty() ? PropagationPolicy.BACKGROUND
                        : PropagationPolicy.FOREGROUND);
            }
        } else if (!dangling.isEmpty()) {
            String objectUid = object.metadata().uid();
            edit(kind, object, o -> {
                if (!Objects.equals(o.metadata().uid(), objectUid)) {
                    return o;
                }
                T out = o;
                for (OwnerReference r : dangling) {
                    out = Owners.withoutOwner(out, r.uid());
                }
                return out;
            });
        }
    }

    private OwnerState ownerState(OwnerReference ref, String namespace) {
        Optional<ResourceKind<?>> kind = ResourceKinds.byApiVersionAndKind(ref.apiVersion(), ref.kind());
        if (kind.isEmpty()) {
            // a kind we do not know: never collect on its account
            return OwnerState.PRESENT;
        }
        KubernetesObject<?> owner = findCached(ref).orElse(null);
        if (owner == null) {
            // the cache may lag behind: confirm with the server
            ResourceKind<?> k = kind.get();
            owner = (k.namespaced() ? ctx.client().resources(k).inNamespace(namespace) : ctx.client().resources(k))
                    .get(ref.name()).filter(o -> Objects.equals(o.metadata().uid(), ref.uid())).orElse(null);
        }
        if (owner == null) {
            return OwnerState.ABSENT;
        }
        if (owner.metadata().deletionTimestamp() != null && owner.metadata().finalizers().contains(FOREGROUND_FINALIZER)) {
            return OwnerState.FOREGROUND_DELETING;
        }
        return OwnerState.PRESENT;
    }

    private void delete(KubernetesObject<?> object, KubernetesObject<?> because, PropagationPolicy policy) {
        ResourceKind<?> kind = kindOf(object);
        try {
            var client = kind.namespaced() ? ctx.client().resources(kind).inNamespace(object.metadata().namespace())
                    : ctx.client().resources(kind);
            client.delete(object.metadata().name(), DeleteOptions.DEFAULTS.withPropagationPolicy(policy)
                    .withPreconditions(DeleteOptions.Preconditions.uid(object.metadata().uid())));
            LOG.debug("garbage collected {} {} ({})", kind.kind(), Indexer.keyOf(object), policy.wireName());
            if (because != null) {
                ctx.events().record(name(), because, ControllerEvents.NORMAL, "DependentDeleted",
                        "Deleted dependent " + kind.kind() + " " + object.metadata().name());
            }
        } catch (ApiException e) {
            if (e.reason() != StatusReason.NOT_FOUND && e.reason() != StatusReason.CONFLICT) {
                throw e;
            }
        }
    }

    private <T extends KubernetesObject<T>> void edit(ResourceKind<T> kind, T object, java.util.function.UnaryOperator<T> change) {
        try {
            var client = kind.namespaced() ? ctx.client().resources(kind).inNamespace(object.metadata().namespace())
                    : ctx.client().resources(kind);
            client.edit(object.metadata().name(), change);
        } catch (ApiException e) {
            if (e.reason() != StatusReason.NOT_FOUND) {
                throw e;
            }
        }
    }
}
