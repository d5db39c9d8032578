package io.corral.apiserver.registry;

import io.corral.api.model.meta.KubernetesObject;
import io.corral.api.validation.FieldError;
import io.corral.api.validation.ObjectValidator;
import java.util.List;

/** Validation of a decoded object before it is stored: the model's rules for its kind. */
final class Validation {
    private Validation() {
    }

    static List<FieldError> validate(KubernetesObject<?> object) {
        return ObjectValidator.validate(object);
    }
}
