package io.corral.scheduler.plugins;

import io.corral.api.model.core.Taint;
import io.corral.api.model.core.Toleration;
import java.util.List;
import java.util.Objects;

/** Toleration matching, as Kubernetes' {@code Toleration.ToleratesTaint}. */
final class Tolerations {
    static final String NO_SCHEDULE = "NoSchedule";
    static final String NO_EXECUTE = "NoExecute";
    static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";

    private Tolerations() {
    }

    static boolean tolerates(List<Toleration> tolerations, Taint taint) {
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    static boolean tolerates(Toleration t, Taint taint) {
        if (t.effect() != null && !t.effect().isEmpty() && !t.effect().equals(taint.effect())) {
            return false;
        }
        String key = t.key() == null ? "" : t.key();
        String op = t.operator() == null || t.operator().isEmpty() ? "Equal" : t.operator();
        if (!key.isEmpty() && !key.equals(taint.key())) {
            return false;
        }
        if (op.equals("Exists")) {
            return true;
        }
        // an empty key with Equal is not valid; it tolerates nothing
        return op.equals("Equal") && !key.isEmpty()
                && Objects.equals(t.value() == null ? "" : t.value(), taint.value() == null ? "" : taint.value());
    }

    /** The message Kubernetes gives for a taint the pod does not tolerate. */
    static String untolerated(Taint taint) {
        return "node(s) had untolerated taint {" + taint.key() + ": " + (taint.value() == null ? "" : taint.value()) + "}";
    }
}
