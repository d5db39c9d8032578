package io.corral.api.validation;

import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaimSpec;
import io.corral.api.model.core.PersistentVolumeSpec;
import io.corral.api.quantity.Quantity;
import java.util.List;

/** Rules of persistent volumes and claims. */
final class StorageValidation {
    static final List<String> ACCESS_MODES = List.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod");
    private static final FieldPath SPEC = FieldPath.root("spec");

    private StorageValidation() {
    }

    static void persistentVolume(PersistentVolume pv, Errors errors) {
        PersistentVolumeSpec spec = pv.spec();
        if (!errors.required(SPEC, spec)) {
            return;
        }
        accessModes(spec.accessModes(), SPEC.child("accessModes"), errors);
        FieldPath cap = SPEC.child("capacity");
        if (errors.required(cap, spec.capacity())) {
            errors.quantities(cap, spec.capacity());
            if (!spec.capacity().containsKey("storage")) {
                errors.add(FieldError.required(cap.key("storage"), ""));
            }
        }
        errors.oneOf(SPEC.child("persistentVolumeReclaimPolicy"), spec.persistentVolumeReclaimPolicy(),
                List.of("Retain", "Delete", "Recycle"));
        errors.oneOf(SPEC.child("volumeMode"), spec.volumeMode(), List.of("Filesystem", "Block"));
        if (spec.storageClassName() != null && !spec.storageClassName().isEmpty()) {
            errors.subdomain(SPEC.child("storageClassName"), spec.storageClassName());
        }
        if (spec.hostPath() == null && spec.local() == null) {
            errors.add(FieldError.required(SPEC, "must specify a volume type"));
        } else if (spec.hostPath() != null && spec.local() != null) {
            errors.add(FieldError.forbidden(SPEC.child("local"), "may not specify more than 1 volume type"));
        }
        if (spec.hostPath() != null) {
            errors.required(SPEC.child("hostPath").child("path"), spec.hostPath().path());
        }
        if (spec.local() != null) {
            errors.required(SPEC.child("local").child("path"), spec.local().path());
            errors.required(SPEC.child("nodeAffinity"), spec.nodeAffinity());
        }
        if (spec.nodeAffinity() != null && spec.nodeAffinity().required() != null) {
            PodValidation.nodeSelector(spec.nodeAffinity().required(), SPEC.child("nodeAffinity").child("required"),
                    errors);
        }
    }

    static void claimSpec(PersistentVolumeClaimSpec spec, FieldPath path, Errors errors) {
        if (!errors.required(path, spec)) {
            return;
        }
        accessModes(spec.accessModes(), path.child("accessModes"), errors);
        FieldPath storage = path.child("resources").child("requests").key("storage");
        Quantity request = spec.resources() == null ? null : spec.resources().requests().get("storage");
        if (request == null) {
            errors.add(FieldError.required(storage, ""));
        } else if (request.signum() <= 0) {
            errors.add(FieldError.invalid(storage, request.toString(), "must be greater than zero"));
        }
        if (spec.resources() != null) {
            errors.quantities(path.child("resources").child("requests"), spec.resources().requests());
            errors.quantities(path.child("resources").child("limits"), spec.resources().limits());
        }
        if (spec.selector() != null) {
            SelectorValidation.validate(spec.selector(), path.child("selector"), errors);
        }
        errors.oneOf(path.child("volumeMode"), spec.volumeMode(), List.of("Filesystem", "Block"));
        if (spec.storageClassName() != null && !spec.storageClassName().isEmpty()) {
            errors.subdomain(path.child("storageClassName"), spec.storageClassName());
        }
    }

    private static void accessModes(List<String> modes, FieldPath path, Errors errors) {
        if (!errors.required(path, modes)) {
            return;
        }
        for (int i = 0; i < modes.size(); i++) {
            errors.oneOf(path.index(i), modes.get(i), ACCESS_MODES);
        }
        if (modes.contains("ReadWriteOncePod") && modes.size() > 1) {
            errors.add(FieldError.forbidden(path, "may not use ReadWriteOncePod with other access modes"));
        }
    }
}
