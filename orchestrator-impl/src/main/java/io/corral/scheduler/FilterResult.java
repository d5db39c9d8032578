package io.corral.scheduler;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The outcome of a filter: the pod fits, or it does not for the given reasons. Reasons are the short
 * phrases Kubernetes counts in its failure message, e.g. {@code Insufficient cpu} or
 * {@code node(s) had untolerated taint {dedicated: gpu}}; equal reasons on different nodes are
 * counted together, so they must not name the node.
 *
 * @param reasons why the pod does not fit; empty when it fits
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record FilterResult(List<String> reasons) {
    private static final FilterResult FITS = new FilterResult(List.of());

    /** Copies the reasons. */
    public FilterResult {
        reasons = List.copyOf(reasons);
    }

    /** The pod fits. */
    public static FilterResult fits() {
        return FITS;
    }

    /** The pod does not fit, for at least one reason. */
    public static FilterResult unschedulable(String reason, String... more) {
        return new FilterResult(more.length == 0 ? List.of(reason) : concat(reason, more));
    }

    /** The pod does not fit for these reasons. */
    public static FilterResult unschedulable(List<String> reasons) {
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("an unschedulable result needs a reason");
        }
        return new FilterResult(reasons);
    }

    /** Whether the pod fits. */
    public boolean isFit() {
        return reasons.isEmpty();
    }

    private static List<String> concat(String first, String[] more) {
        String[] all = new String[more.length + 1];
        all[0] = first;
        System.arraycopy(more, 0, all, 1, more.length);
        return List.of(all);
    }
}
