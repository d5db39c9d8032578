package io.corral.api.validation;

import io.corral.api.model.coordination.Lease;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.LimitRange;
import io.corral.api.model.core.LimitRangeItem;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.ResourceQuota;
import io.corral.api.model.core.Taint;
import io.corral.api.quantity.Quantity;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules of nodes, namespaces, quotas, limit ranges, events and leases. */
final class ClusterValidation {
    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> QUOTA_SCOPES = List.of("Terminating", "NotTerminating", "BestEffort",
            "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity");
    private static final List<String> LIMIT_TYPES = List.of("Pod", "Container", "PersistentVolumeClaim");

    private ClusterValidation() {
    }

    static void node(Node node, Errors errors) {
        if (node.spec() == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.spec().taints().size(); i++) {
            Taint t = node.spec().taints().get(i);
            FieldPath tp = SPEC.child("taints").index(i);
            if (errors.required(tp.child("key"), t.key())) {
                errors.qualifiedName(tp.child("key"), t.key());
            }
            if (t.value() != null && !t.value().isEmpty()) {
                Labels.valueErrors(t.value()).forEach(m -> errors.add(FieldError.invalid(tp.child("value"), t.value(), m)));
            }
            if (errors.required(tp.child("effect"), t.effect())) {
                errors.oneOf(tp.child("effect"), t.effect(), PodValidation.TAINT_EFFECTS);
            }
            if (!seen.add(t.key() + ":" + t.effect())) {
                errors.add(FieldError.duplicate(tp, t.key() + ":" + t.effect()));
            }
        }
    }

    static void namespace(Namespace ns, Errors errors) {
        if (ns.status() != null) {
            errors.oneOf(FieldPath.root("status").child("phase"), ns.status().phase(), List.of("Active", "Terminating"));
        }
        if (ns.spec() != null) {
            for (int i = 0; i < ns.spec().finalizers().size(); i++) {
                errors.qualifiedName(SPEC.child("finalizers").index(i), ns.spec().finalizers().get(i));
            }
        }
    }

    static void resourceQuota(ResourceQuota quota, Errors errors) {
        if (quota.spec() == null) {
            return;
        }
        errors.quantities(SPEC.child("hard"), quota.spec().hard());
        for (int i = 0; i < quota.spec().scopes().size(); i++) {
            errors.oneOf(SPEC.child("scopes").index(i), quota.spec().scopes().get(i), QUOTA_SCOPES);
        }
    }

    static void limitRange(LimitRange lr, Errors errors) {
        if (!errors.required(SPEC, lr.spec())) {
            return;
        }
        for (int i = 0; i < lr.spec().limits().size(); i++) {
            LimitRangeItem item = lr.spec().limits().get(i);
            FieldPath ip = SPEC.child("limits").index(i);
            if (errors.required(ip.child("type"), item.type())) {
                errors.oneOf(ip.child("type"), item.type(), LIMIT_TYPES);
            }
            errors.quantities(ip.child("max"), item.max());
            errors.quantities(ip.child("min"), item.min());
            errors.quantities(ip.child("default"), item.defaultLimits());
            errors.quantities(ip.child("defaultRequest"), item.defaultRequest());
            // min <= defaultRequest <= default <= max, per resource
            notAbove(item.min(), item.max(), ip.child("min"), "max", errors);
            notAbove(item.defaultRequest(), item.defaultLimits(), ip.child("defaultRequest"), "default", errors);
            notAbove(item.defaultLimits(), item.max(), ip.child("default"), "max", errors);
            notAbove(item.min(), item.defaultRequest(), ip.child("min"), "defaultRequest", errors);
        }
    }

    private static void notAbove(Map<String, Quantity> low, Map<String, Quantity> high, FieldPath path, String highName,
            Errors errors) {
        low.forEach((resource, q) -> {
            Quantity h = high.get(resource);
            if (q != null && h != null && q.compareTo(h) > 0) {
                errors.add(FieldError.invalid(path.key(resource), q.toString(),
                        "must be less than or equal to " + highName + " value " + h));
            }
        });
    }

    static void event(Event event, Errors errors) {
        FieldPath io = FieldPath.root("involvedObject");
        if (errors.required(io, event.involvedObject())) {
            errors.required(io.child("kind"), event.involvedObject().kind());
            errors.required(io.child("name"), event.involvedObject().name());
        }
        errors.oneOf(FieldPath.root("type"), event.type(), List.of("Normal", "Warning"));
        errors.nonNegative(FieldPath.root("count"), event.count());
        if (event.reason() != null && event.reason().length() > 128) {
            errors.add(FieldError.tooLong(FieldPath.root("reason"), event.reason(), 128));
        }
    }

    static void lease(Lease lease, Errors errors) {
        if (lease.spec() == null) {
            return;
        }
        errors.positive(SPEC.child("leaseDurationSeconds"), lease.spec().leaseDurationSeconds());
        errors.nonNegative(SPEC.child("leaseTransitions"), lease.spec().leaseTransitions());
        if (lease.spec().holderIdentity() != null && lease.spec().holderIdentity().length() > 253) {
            errors.add(FieldError.tooLong(SPEC.child("holderIdentity"), lease.spec().holderIdentity(), 253));
        }
    }
}
