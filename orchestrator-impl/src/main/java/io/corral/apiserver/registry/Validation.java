package io.corral.apiserver.registry;

import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.Service;
import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.validation.FieldError;
import io.corral.api.validation.FieldPath;
import io.corral.api.validation.Labels;
import io.corral.api.validation.ObjectNames;
import java.util.ArrayList;
import java.util.List;

/** Validation of a decoded object before it is stored: the model's rules. */
final class Validation {
    private Validation() {
    }

    static List<FieldError> validate(KubernetesObject<?> object) {
        List<FieldError> errors = new ArrayList<>();
        ObjectMeta meta = object.metadata();
        FieldPath m = FieldPath.root("metadata");
        boolean label = object instanceof Namespace || object instanceof Service;
        if (isBlank(meta.name()) && isBlank(meta.generateName())) {
            errors.add(FieldError.required(m.child("name"), "name or generateName is required"));
        } else if (!isBlank(meta.name())) {
            errors.addAll(label ? ObjectNames.validateLabel(m.child("name"), meta.name())
                    : ObjectNames.validateSubdomain(m.child("name"), meta.name()));
        }
        errors.addAll(Labels.validateLabels(m.child("labels"), meta.labels()));
        errors.addAll(Labels.validateAnnotations(m.child("annotations"), meta.annotations()));
        return errors;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isEmpty();
    }
}
