package io.corral.api.validation;

import io.corral.api.labels.LabelSelector;
import io.corral.api.labels.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * Checks of structured label selectors: well-formed requirements, and a simple evaluation used to
 * check that a controller's selector matches its own pod template.
 */
final class SelectorValidation {
    private static final List<String> OPERATORS = List.of(LabelSelectorRequirement.IN, LabelSelectorRequirement.NOT_IN,
            LabelSelectorRequirement.EXISTS, LabelSelectorRequirement.DOES_NOT_EXIST);

    private SelectorValidation() {
    }

    static void validate(LabelSelector selector, FieldPath path, Errors errors) {
        errors.addAll(Labels.validateLabels(path.child("matchLabels"), selector.matchLabels()));
        for (int i = 0; i < selector.matchExpressions().size(); i++) {
            LabelSelectorRequirement r = selector.matchExpressions().get(i);
            FieldPath p = path.child("matchExpressions").index(i);
            errors.qualifiedName(p.child("key"), r.key());
            errors.oneOf(p.child("operator"), r.operator(), OPERATORS);
            boolean needsValues = r.operator().equals(LabelSelectorRequirement.IN)
                    || r.operator().equals(LabelSelectorRequirement.NOT_IN);
            if (needsValues && r.values().isEmpty()) {
                errors.add(FieldError.required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
            } else if (!needsValues && !r.values().isEmpty()) {
                errors.add(FieldError.forbidden(p.child("values"),
                        "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
            }
            for (int j = 0; j < r.values().size(); j++) {
                String v = r.values().get(j);
                FieldPath vp = p.child("values").index(j);
                Labels.valueErrors(v).forEach(m -> errors.add(FieldError.invalid(vp, v, m)));
            }
        }
    }

    /**
     * Whether {@code selector} selects {@code labels}. A deliberately small evaluation for
     * validation; {@code io.corral.api.labels} holds the full matcher.
     */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement r : selector.matchExpressions()) {
            String value = labels.get(r.key());
            boolean ok = switch (r.operator()) {
                case LabelSelectorRequirement.IN -> value != null && r.values().contains(value);
                case LabelSelectorRequirement.NOT_IN -> value == null || !r.values().contains(value);
                case LabelSelectorRequirement.EXISTS -> labels.containsKey(r.key());
                case LabelSelectorRequirement.DOES_NOT_EXIST -> !labels.containsKey(r.key());
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean isEmpty(LabelSelector selector) {
        return selector.matchLabels().isEmpty() && selector.matchExpressions().isEmpty();
    }
}
