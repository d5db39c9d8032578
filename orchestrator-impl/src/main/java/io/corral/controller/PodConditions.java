package io.corral.controller;

import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodCondition;
import io.corral.api.model.core.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import org.apiguardian.api.API;

/** What controllers read from a pod's status: active, ready, available; and which pod to delete first. */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class PodConditions {
    private PodConditions() {
    }

    /** The pod's phase, {@code Pending} when it has no status yet. */
    public static String phase(Pod pod) {
        return pod.status() == null || pod.status().phase() == null ? "Pending" : pod.status().phase();
    }

    /** Not finished ({@code Succeeded}/{@code Failed}) and not being deleted. */
    public static boolean active(Pod pod) {
        String phase = phase(pod);
        return !phase.equals("Succeeded") && !phase.equals("Failed") && pod.metadata().deletionTimestamp() == null;
    }

    /** The pod's {@code Ready} condition is {@code True}. */
    public static boolean ready(Pod pod) {
        return readyCondition(pod) != null;
    }

    /** Since when the pod is ready (its Ready condition's transition time, else its start or creation); null when not ready. */
    public static Instant readySince(Pod pod) {
        PodCondition c = readyCondition(pod);
        if (c == null) {
            return null;
        }
        if (c.lastTransitionTime() != null) {
            return c.lastTransitionTime();
        }
        PodStatus s = pod.status();
        return s.startTime() != null ? s.startTime() : pod.metadata().creationTimestamp();
    }

    /** Ready for at least {@code minReadySeconds} at {@code now}. */
    public static boolean available(Pod pod, int minReadySeconds, Instant now) {
        Instant since = readySince(pod);
        if (since == null) {
            return false;
        }
        return minReadySeconds <= 0 || !since.plusSeconds(minReadySeconds).isAfter(now);
    }

    /** How long until a ready pod becomes available; null when it is not ready or already available. */
    public static Duration untilAvailable(Pod pod, int minReadySeconds, Instant now) {
        Instant since = readySince(pod);
        if (since == null || minReadySeconds <= 0) {
            return null;
        }
        Duration left = Duration.between(now, since.plusSeconds(minReadySeconds));
        return left.isNegative() || left.isZero() ? null : left;
    }

    /** True when {@code labels} hold every label of {@code required}. */
    public static boolean hasLabels(Map<String, String> labels, Map<String, String> required) {
        return required.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static PodCondition readyCondition(Pod pod) {
        if (pod.status() == null) {
            return null;
        }
        for (PodCondition c : pod.status().conditions()) {
            if ("Ready".equals(c.type())) {
                return "True".equals(c.status()) ? c : null;
            }
        }
        return null;
    }

    private static int phaseRank(Pod pod) {
        return switch (phase(pod)) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 3;
        };
    }

    /**
     * Orders pods by how readily they are given up when scaling down, first to go first: not scheduled
     * before scheduled; Pending, Unknown, then Running; not ready before ready; ready for less time
     * before ready for longer; newer before older.
     */
    public static final Comparator<Pod> DELETE_FIRST = Comparator
            .comparing((Pod p) -> p.spec() != null && p.spec().nodeName() != null && !p.spec().nodeName().isEmpty())
            .thenComparingInt(PodConditions::phaseRank)
            .thenComparing(PodConditions::ready)
            .thenComparing(p -> readySince(p), Comparator.nullsFirst(Comparator.<Instant>reverseOrder()))
            .thenComparing(p -> p.metadata().creationTimestamp(), Comparator.nullsFirst(Comparator.<Instant>reverseOrder()));
}
