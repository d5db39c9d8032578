package io.corral.api.validation;

import io.corral.api.labels.LabelSelector;
import io.corral.api.labels.Selector;
import java.util.Map;

/**
 * Checks of structured label selectors inside objects, delegating to {@link Selector}: well-formed
 * requirements, and whether a controller's selector matches its own pod template.
 */
final class SelectorValidation {

    private SelectorValidation() {
    }

    static void validate(LabelSelector selector, FieldPath path, Errors errors) {
        errors.addAll(Selector.validate(path, selector));
    }

    /**
     * Whether {@code selector} selects {@code labels}. A selector that is itself invalid counts as
     * matching: its own errors are reported where it is validated, not as a template mismatch.
     */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (!Selector.validate(FieldPath.root("selector"), selector).isEmpty()) {
            return true;
        }
        return Selector.from(selector).matches(labels);
    }

    static boolean isEmpty(LabelSelector selector) {
        return selector.matchLabels().isEmpty() && selector.matchExpressions().isEmpty();
    }
}
