package io.corral.scheduler;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Ranks the nodes that passed every filter. Each plugin's scores end in {@code [0, 100]}
 * ({@link #MAX_SCORE} best); the scheduler multiplies them by the plugin's weight (see
 * {@link SchedulerProfile.Builder#score(ScorePlugin, int)}), adds them up and takes the highest total,
 * breaking ties at random.
 *
 * <p>Contract:
 * <ol>
 *   <li>{@link #preScore} is called once per cycle with the feasible nodes, before any {@link #score}.</li>
 *   <li>{@link #score} MUST be thread-safe and free of side effects. Raw scores may be on any scale
 *       when {@link #normalize} maps them into {@code [0, 100]}; scores outside it after
 *       normalisation are clamped.</li>
 *   <li>No method may block on I/O.</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public interface ScorePlugin {
    /** The best score a plugin gives a node. */
    long MAX_SCORE = 100;

    /** A unique, stable name. */
    String name();

    /** Prepares scoring {@code feasible} nodes for {@code pod}. */
    default void preScore(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeInfo> feasible) {
    }

    /** The raw score of {@code node} for {@code pod}. */
    long score(CycleState state, PodInfo pod, NodeInfo node);

    /**
     * Rewrites raw scores in place into {@code [0, 100]}; {@code scores[i]} belongs to {@code nodes.get(i)}.
     * The default leaves them as they are.
     */
    default void normalize(CycleState state, PodInfo pod, List<NodeInfo> nodes, long[] scores) {
    }

    /**
     * Scales {@code scores} so the highest becomes 100 (or, with {@code reverse}, the highest becomes
     * 0 and 0 becomes 100), as kube-scheduler's {@code DefaultNormalizeScore}. All zero stays zero
     * (or all 100 when reversed).
     */
    static void normalizeToMax(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            if (max == 0) {
                scores[i] = reverse ? MAX_SCORE : 0;
            } else {
                long s = scores[i] * MAX_SCORE / max;
                scores[i] = reverse ? MAX_SCORE - s : s;
            }
        }
    }
}
