package io.corral.scheduler.plugins;

import io.corral.scheduler.CycleState;
import io.corral.scheduler.FilterPlugin;
import io.corral.scheduler.FilterResult;
import io.corral.scheduler.NodeInfo;
import io.corral.scheduler.PodInfo;
import io.corral.scheduler.Resources;
import io.corral.scheduler.ScorePlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * Resource requests against what is left of a node's allocatable resources.
 *
 * <p>Filter: {@code Too many pods} when the node already runs its {@code pods} allocatable;
 * {@code Insufficient cpu}, {@code Insufficient memory}, {@code Insufficient ephemeral-storage} or
 * {@code Insufficient <resource>} for each requested resource whose request exceeds
 * allocatable minus the requests of the pods already there (several reasons on one node count
 * separately, as in Kubernetes).
 *
 * <p>Score, over CPU and memory with pods without requests counted at
 * {@link PodInfo#DEFAULT_SCORE_MILLI_CPU} and {@link PodInfo#DEFAULT_SCORE_MEMORY}:
 * <ul>
 *   <li>{@link ScoringStrategy#LEAST_ALLOCATED}: the mean free fraction after placing the pod, times 100 (spreads load);</li>
 *   <li>{@link ScoringStrategy#MOST_ALLOCATED}: the mean used fraction, times 100 (packs nodes);</li>
 *   <li>{@link ScoringStrategy#BALANCED_ALLOCATION}: 100 times one minus the standard deviation of the
 *       CPU and memory fractions (prefers nodes whose resources stay in proportion).</li>
 * </ul>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {
    /** The plugin's name. */
    public static final String NAME = "NodeResourcesFit";
    /** The reason for a full node. */
    public static final String TOO_MANY_PODS = "Too many pods";

    /** How nodes are ranked. */
    public enum ScoringStrategy { LEAST_ALLOCATED, MOST_ALLOCATED, BALANCED_ALLOCATION }

    private final ScoringStrategy strategy;

    /** A plugin scoring with {@link ScoringStrategy#LEAST_ALLOCATED}. */
    public NodeResourcesFit() {
        this(ScoringStrategy.LEAST_ALLOCATED);
    }

    /** A plugin scoring with {@code strategy}. */
    public NodeResourcesFit(ScoringStrategy strategy) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
    }

    /** The scoring strategy. */
    public ScoringStrategy strategy() {
        return strategy;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public FilterResult filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<String> reasons = null;
        if (node.pods().size() + 1 > node.allowedPodCount()) {
            reasons = add(null, TOO_MANY_PODS);
        }
        Resources want = pod.requests();
        if (want.isZero()) {
            return reasons == null ? FilterResult.fits() : FilterResult.unschedulable(reasons);
        }
        Resources have = node.allocatable();
        Resources used = node.requested();
        if (want.milliCpu() > 0 && want.milliCpu() > have.milliCpu() - used.milliCpu()) {
            reasons = add(reasons, "Insufficient " + Resources.CPU);
        }
        if (want.memory() > 0 && want.memory() > have.memory() - used.memory()) {
            reasons = add(reasons, "Insufficient " + Resources.MEMORY);
        }
        if (want.ephemeralStorage() > 0 && want.ephemeralStorage() > have.ephemeralStorage() - used.ephemeralStorage()) {
            reasons = add(reasons, "Insufficient " + Resources.EPHEMERAL_STORAGE);
        }
        for (Map.Entry<String, Long> e : want.scalars().entrySet()) {
            String name = e.getKey();
            if (e.getValue() > 0 && e.getValue() > have.get(name) - used.get(name)) {
                reasons = add(reasons, "Insufficient " + name);
            }
        }
        return reasons == null ? FilterResult.fits() : FilterResult.unschedulable(reasons);
    }

    private static List<String> add(List<String> reasons, String reason) {
        List<String> r = reasons == null ? new ArrayList<>(2) : reasons;
        r.add(reason);
        return r;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long cpuCap = node.allocatable().milliCpu();
        long memCap = node.allocatable().memory();
        long cpu = node.nonZeroRequestedMilliCpu() + pod.scoreMilliCpu();
        long mem = node.nonZeroRequestedMemory() + pod.scoreMemory();
        return switch (strategy) {
            case LEAST_ALLOCATED -> (free(cpu, cpuCap) + free(mem, memCap)) / 2;
            case MOST_ALLOCATED -> (used(cpu, cpuCap) + used(mem, memCap)) / 2;
            case BALANCED_ALLOCATION -> {
                double fc = fraction(cpu, cpuCap);
                double fm = fraction(mem, memCap);
                // the standard deviation of two values is half their distance
                double std = Math.abs(fc - fm) / 2;
                yield (long) ((1 - std) * MAX_SCORE);
            }
        };
    }

    private static long free(long requested, long capacity) {
        if (capacity <= 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * MAX_SCORE / capacity;
    }

    private static long used(long requested, long capacity) {
        if (capacity <= 0 || requested > capacity) {
            return 0;
        }
        return requested * MAX_SCORE / capacity;
    }

    private static double fraction(long requested, long capacity) {
        return capacity <= 0 ? 1 : Math.min(1.0, (double) requested / capacity);
    }
}
