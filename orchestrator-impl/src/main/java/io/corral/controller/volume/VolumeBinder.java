package io.corral.controller.volume;

import io.corral.api.client.informer.Indexer;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.labels.Selector;
import io.corral.api.model.core.HostPathVolumeSource;
import io.corral.api.model.core.ObjectReference;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.PersistentVolumeClaimSpec;
import io.corral.api.model.core.PersistentVolumeClaimStatus;
import io.corral.api.model.core.PersistentVolumeSpec;
import io.corral.api.model.core.PersistentVolumeStatus;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.ResourceKinds;
import io.corral.api.quantity.Quantity;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.controller.Controller;
import io.corral.controller.ControllerContext;
import io.corral.controller.ControllerEvents;
import io.corral.controller.WorkQueue;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Binds PersistentVolumeClaims to PersistentVolumes, and provisions a host-directory volume for a
 * claim that nothing matches.
 *
 * <ul>
 *   <li>A volume matches a claim when it is not bound to another claim, offers every requested access
 *       mode, has at least the requested {@code storage}, the same storage class (absent = {@code ""})
 *       and volume mode, and its labels match the claim's selector. The smallest match wins. A claim
 *       naming {@code spec.volumeName} binds only to that volume.</li>
 *   <li>Binding writes the volume's {@code claimRef} (with the claim's uid) and phase {@code Bound}, then
 *       the claim's {@code volumeName} and status {@code Bound} with the volume's capacity and modes.</li>
 *   <li>With no match and a storage class other than {@code ""}, the default provisioner creates volume
 *       {@code pvc-<claim uid>} with a {@code hostPath} under the configured base directory (the node
 *       agent creates the directory when a pod mounts it), reclaim policy {@code Delete}, already claimed by
 *       the claim. A claim with class {@code ""} waits for a matching volume.</li>
 *   <li>A bound volume whose claim is gone is {@code Released}; with reclaim policy {@code Delete} it is
 *       deleted. A bound claim whose volume is gone is {@code Lost}.</li>
 * </ul>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class VolumeBinder implements Controller {
    /** The annotation naming the provisioner of a dynamically provisioned volume. */
    public static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    /** The provisioner name of the built-in host-directory provisioner. */
    public static final String HOST_PATH_PROVISIONER = "corral.io/host-path";
    /** Where provisioned volumes live by default. */
    public static final String DEFAULT_BASE_DIRECTORY = "/var/lib/corral/volumes";
    private static final String CLAIM = "claim|";
    private static final String VOLUME = "volume|";

    private final String baseDirectory;
    private ControllerContext ctx;
    private Indexer<PersistentVolume> volumes;
    private Indexer<PersistentVolumeClaim> claims;
    private WorkQueue queue;

    /** A binder provisioning under {@link #DEFAULT_BASE_DIRECTORY}. */
    public VolumeBinder() {
        this(DEFAULT_BASE_DIRECTORY);
    }

    /** A binder provisioning host directories under {@code baseDirectory}. */
    public VolumeBinder(String baseDirectory) {
        this.baseDirectory = Objects.requireNonNull(baseDirectory, "baseDirectory");
    }

    @Override
    public String name() {
        return "volumebinder";
    }

    @Override
    public int workers() {
        // one worker: two claims must never be bound to the same volume by racing workers
        return 1;
    }

    @Override
    public void register(ControllerContext context, WorkQueue workQueue) {
        this.ctx = context;
        this.queue = workQueue;
        SharedInformer<PersistentVolume> vi = context.informers().of(ResourceKinds.PERSISTENT_VOLUME);
        SharedInformer<PersistentVolumeClaim> ci = context.informers().of(ResourceKinds.PERSISTENT_VOLUME_CLAIM);
        volumes = vi.indexer();
        claims = ci.indexer();
        vi.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolume v) {
                queue.add(VOLUME + v.metadata().name());
                // a new volume may be what a pending claim waits for
                claims.list().stream().filter(c -> c.spec() == null || c.spec().volumeName() == null)
                        .forEach(c -> queue.add(CLAIM + Indexer.keyOf(c)));
            }

            @Override
            public void onUpdate(PersistentVolume old, PersistentVolume v) {
                queue.add(VOLUME + v.metadata().name());
            }

            @Override
            public void onDelete(PersistentVolume v, boolean finalStateUnknown) {
                ObjectReference ref = v.spec() == null ? null : v.spec().claimRef();
                if (ref != null) {
                    queue.add(CLAIM + ref.namespace() + "/" + ref.name());
                }
            }
        });
        ci.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(PersistentVolumeClaim c) {
                queue.add(CLAIM + Indexer.keyOf(c));
            }

            @Override
            public void onUpdate(PersistentVolumeClaim old, PersistentVolumeClaim c) {
                queue.add(CLAIM + Indexer.keyOf(c));
            }

            @Override
            public void onDelete(PersistentVolumeClaim c, boolean finalStateUnknown) {
                String v = c.spec() == null ? null : c.spec().volumeName();
                if (v != null) {
                    queue.add(VOLUME + v);
                }
            }
        });
    }

    @Override
    public void reconcile(String key) {
        if (key.startsWith(CLAIM)) {
            claims.getByKey(key.substring(CLAIM.length())).ifPresent(this::syncClaim);
        } else {
            volumes.getByKey(key.substring(VOLUME.length())).ifPresent(this::syncVolume);
        }
    }

    private static String phase(PersistentVolumeClaim c) {
        return c.status() == null || c.status().phase() == null ? "Pending" : c.status().phase();
    }

    private static String className(String s) {
        return s == null ? "" : s;
    }

    private static Quantity request(PersistentVolumeClaimSpec spec) {
        if (spec.resources() == null) {
            return Quantity.ZERO;
        }
        return spec.resources().requests().getOrDefault("storage", Quantity.ZERO);
    }

    private static Quantity capacity(PersistentVolume v) {
        return v.spec() == null ? Quantity.ZERO : v.spec().capacity().getOrDefault("storage", Quantity.ZERO);
    }

    private static boolean claimedBy(PersistentVolume v, PersistentVolumeClaim c) {
        ObjectReference ref = v.spec() == null ? null : v.spec().claimRef();
        return ref != null && Objects.equals(ref.namespace(), c.metadata().namespace()) && Objects.equals(ref.name(), c.metadata().name())
                && (ref.uid() == null || ref.uid().equals(c.metadata().uid()));
    }

    /** Whether volume {@code v} can serve claim {@code c} (ignoring whether it is bound). */
    static boolean matches(PersistentVolume v, PersistentVolumeClaim c) {
        PersistentVolumeClaimSpec cs = c.spec();
        PersistentVolumeSpec vs = v.spec();
        if (cs == null || vs == null) {
            return false;
        }
        if (!new HashSet<>(vs.accessModes()).containsAll(cs.accessModes())) {
            return false;
        }
        if (capacity(v).compareTo(request(cs)) < 0) {
            return false;
        }
        if (!className(vs.storageClassName()).equals(className(cs.storageClassName()))) {
            return false;
        }
        if (!Objects.equals(vs.volumeMode() == null ? "Filesystem" : vs.volumeMode(),
                cs.volumeMode() == null ? "Filesystem" : cs.volumeMode())) {
            return false;
        }
        return cs.selector() == null || Selector.from(cs.selector()).matches(v.metadata().labels());
    }

    private void syncClaim(PersistentVolumeClaim c) {
        if (c.metadata().deletionTimestamp() != null) {
            return;
        }
        String bound = c.spec().volumeName();
        if (bound != null && !bound.isEmpty() && "Bound".equals(phase(c))) {
            Optional<PersistentVolume> v = volumes.getByKey(bound);
            if (v.isEmpty() && ctx.client().persistentVolumes().get(bound).isEmpty()) {
                writeClaimStatus(c, new PersistentVolumeClaimStatus("Lost", c.status().accessModes(), c.status().capacity()));
                ctx.events().record(name(), c, ControllerEvents.WARNING, "ClaimLost", "Bound claim has lost its PersistentVolume");
            }
            return;
        }
        PersistentVolume target;
        if (bound != null && !bound.isEmpty()) {
            target = volumes.getByKey(bound).filter(v -> claimedBy(v, c) || v.spec().claimRef() == null).orElse(null);
            if (target == null) {
                return;
            }
        } else {
            target = volumes.list().stream()
                    .filter(v -> v.metadata().deletionTimestamp() == null)
                    .filter(v -> claimedBy(v, c) || v.spec() != null && v.spec().claimRef() == null
                            && !"Released".equals(v.status() == null ? null : v.status().phase()))
                    .filter(v -> matches(v, c))
                    .min(Comparator.comparing((PersistentVolume v) -> !claimedBy(v, c)).thenComparing(VolumeBinder::capacity))
                    .orElse(null);
        }
        if (target == null) {
            if (!className(c.spec().storageClassName()).isEmpty() || c.spec().storageClassName() == null) {
                target = provision(c);
            } else {
                return;
            }
        }
        bind(target, c);
    }

    private PersistentVolume provision(PersistentVolumeClaim c) {
        String name = "pvc-" + c.metadata().uid();
        Optional<PersistentVolume> existing = volumes.getByKey(name).or(() -> ctx.client().persistentVolumes().get(name));
        if (existing.isPresent()) {
            return existing.get();
        }
        String path = baseDirectory + "/" + c.metadata().namespace() + "-" + c.metadata().name() + "-" + c.metadata().uid();
        Quantity size = request(c.spec());
        PersistentVolume pv = new PersistentVolume(null, null,
                ObjectMeta.builder().name(name).annotations(Map.of(PROVISIONED_BY, HOST_PATH_PROVISIONER)).build(),
                new PersistentVolumeSpec(Map.of("storage", size.signum() > 0 ? size : Quantity.parse("1Gi")),
                        c.spec().accessModes().isEmpty() ? List.of("ReadWriteOnce") : c.spec().accessModes(),
                        "Delete", c.spec().storageClassName(), c.spec().volumeMode(),
                        new HostPathVolumeSource(path, "DirectoryOrCreate"), null, null, claimRef(c), null), null);
        try {
            PersistentVolume created = ctx.client().persistentVolumes().create(pv);
            ctx.events().record(name(), c, ControllerEvents.NORMAL, "ProvisioningSucceeded",
                    "Successfully provisioned volume " + name + " at " + path);
            return created;
        } catch (ApiException e) {
            if (e.reason() == StatusReason.ALREADY_EXISTS) {
                return ctx.client().persistentVolumes().require(name);
            }
            ctx.events().record(name(), c, ControllerEvents.WARNING, "ProvisioningFailed", e.getMessage());
            throw e;
        }
    }

    private static ObjectReference claimRef(PersistentVolumeClaim c) {
        return new ObjectReference("PersistentVolumeClaim", c.metadata().namespace(), c.metadata().name(), c.metadata().uid(),
                "v1", null, null);
    }

    private void bind(PersistentVolume v, PersistentVolumeClaim c) {
        PersistentVolume boundVolume = ctx.client().persistentVolumes().edit(v.metadata().name(), x -> {
            if (x.spec().claimRef() != null && !claimedBy(x, c)) {
                throw ApiException.conflict("persistentvolumes", x.metadata().name(), "volume already bound to another claim");
            }
            return x.withSpec(copyWithClaim(x.spec(), claimRef(c)));
        });
        if (!"Bound".equals(boundVolume.status() == null ? null : boundVolume.status().phase())) {
            ctx.client().persistentVolumes().updateStatus(boundVolume.withStatus(new PersistentVolumeStatus("Bound", null, null))
                    .withMetadata(boundVolume.metadata().toBuilder().resourceVersion(null).build()));
        }
        PersistentVolumeClaim updated = ctx.client().persistentVolumeClaims().inNamespace(c.metadata().namespace())
                .edit(c.metadata().name(), x -> x.withSpec(new PersistentVolumeClaimSpec(x.spec().accessModes(), x.spec().selector(),
                        x.spec().resources(), v.metadata().name(), x.spec().storageClassName(), x.spec().volumeMode())));
        writeClaimStatus(updated, new PersistentVolumeClaimStatus("Bound", boundVolume.spec().accessModes(), boundVolume.spec().capacity()));
        ctx.events().record(name(), c, ControllerEvents.NORMAL, "Bound", "Bound to volume " + v.metadata().name());
    }

    private static PersistentVolumeSpec copyWithClaim(PersistentVolumeSpec s, ObjectReference ref) {
        return new PersistentVolumeSpec(s.capacity(), s.accessModes(), s.persistentVolumeReclaimPolicy(), s.storageClassName(),
                s.volumeMode(), s.hostPath(), s.local(), s.nodeAffinity(), ref, s.mountOptions());
    }

    private void writeClaimStatus(PersistentVolumeClaim c, PersistentVolumeClaimStatus status) {
        ctx.client().persistentVolumeClaims().inNamespace(c.metadata().namespace()).updateStatus(
                c.withStatus(status).withMetadata(c.metadata().toBuilder().resourceVersion(null).build()));
    }

    private void syncVolume(PersistentVolume v) {
        ObjectReference ref = v.spec() == null ? null : v.spec().claimRef();
        String phase = v.status() == null ? null : v.status().phase();
        if (ref == null) {
            if (!"Available".equals(phase)) {
                ctx.client().persistentVolumes().updateStatus(v.withStatus(new PersistentVolumeStatus("Available", null, null))
                        .withMetadata(v.metadata().toBuilder().resourceVersion(null).build()));
            }
            return;
        }
        Optional<PersistentVolumeClaim> claim = claims.get(ref.namespace(), ref.name())
                .or(() -> ctx.client().persistentVolumeClaims().inNamespace(ref.namespace()).get(ref.name()));
        boolean gone = claim.isEmpty() || ref.uid() != null && !ref.uid().equals(claim.get().metadata().uid());
        if (!gone) {
            return;
        }
        if ("Delete".equals(v.spec().persistentVolumeReclaimPolicy())) {
            try {
                ctx.client().persistentVolumes().delete(v.metadata().name());
            } catch (ApiException e) {
                if (e.reason() != StatusReason.NOT_FOUND) {
                    throw e;
                }
            }
        } else if (!"Released".equals(phase)) {
            ctx.client().persistentVolumes().updateStatus(v.withStatus(new PersistentVolumeStatus("Released", null, null))
                    .withMetadata(v.metadata().toBuilder().resourceVersion(null).build()));
        }
    }
}
