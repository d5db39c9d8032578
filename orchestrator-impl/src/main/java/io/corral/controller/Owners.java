package io.corral.controller;

import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.model.meta.OwnerReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/** Owner references: finding an object's controller, and making and dropping references. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class Owners {
    /** Informer index: the uid of an object's controller (the owner reference with {@code controller: true}). */
    public static final String CONTROLLER_UID_INDEX = "controller-uid";
    /** Informer index: the uids of all of an object's owners. */
    public static final String OWNER_UID_INDEX = "owner-uid";
    /** Informer index: an object's own uid. */
    public static final String UID_INDEX = "uid";

    private Owners() {
    }

    /** The owner reference marked {@code controller: true}, if any. */
    public static Optional<OwnerReference> controllerOf(KubernetesObject<?> object) {
        for (OwnerReference ref : object.metadata().ownerReferences()) {
            if (Boolean.TRUE.equals(ref.controller())) {
                return Optional.of(ref);
            }
        }
        return Optional.empty();
    }

    /** A controller reference to {@code owner}, blocking its foreground deletion. */
    public static OwnerReference controllerRef(KubernetesObject<?> owner) {
        return new OwnerReference(owner.apiVersion(), owner.kind(), owner.metadata().name(), owner.metadata().uid(),
                true, true);
    }

    /** {@code object} with {@code ref} added as its controller; unchanged if it already has a controller. */
    public static <T extends KubernetesObject<T>> T withController(T object, OwnerReference ref) {
        if (controllerOf(object).isPresent()) {
            return object;
        }
        List<OwnerReference> refs = new ArrayList<>(object.metadata().ownerReferences());
        refs.add(ref);
        return object.withMetadata(object.metadata().toBuilder().ownerReferences(refs).build());
    }

    /** {@code object} without the owner references to {@code ownerUid}. */
    public static <T extends KubernetesObject<T>> T withoutOwner(T object, String ownerUid) {
        List<OwnerReference> refs = object.metadata().ownerReferences().stream()
                .filter(r -> !ownerUid.equals(r.uid())).toList();
        if (refs.size() == object.metadata().ownerReferences().size()) {
            return object;
        }
        return object.withMetadata(object.metadata().toBuilder().ownerReferences(refs).build());
    }

    /** {@code object} without {@code finalizer}. */
    public static <T extends KubernetesObject<T>> T withoutFinalizer(T object, String finalizer) {
        ObjectMeta m = object.metadata();
        if (!m.finalizers().contains(finalizer)) {
            return object;
        }
        return object.withMetadata(m.toBuilder().finalizers(m.finalizers().stream().filter(f -> !f.equals(finalizer)).toList()).build());
    }

    /** True when {@code object} has a deletionTimestamp. */
    public static boolean deleting(KubernetesObject<?> object) {
        return object.metadata().deletionTimestamp() != null;
    }
}
