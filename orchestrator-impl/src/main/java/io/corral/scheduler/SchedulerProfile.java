package io.corral.scheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * What a scheduler runs: its filters in order, its scores with weights, and how many nodes it looks
 * at. Immutable. Start from {@link io.corral.scheduler.plugins.DefaultPlugins#profile} for the
 * built-in plugins and add host-defined ones:
 *
 * <pre>{@code
 * SchedulerProfile profile = DefaultPlugins.profile(volumes)
 *         .filter(new GpuModelFilter())
 *         .score(new SameRackScore(), 2)
 *         .build();
 * }</pre>
 *
 * @param schedulerName            the {@code spec.schedulerName} this scheduler serves
 * @param filters                  filters, run in this order; the first that rejects a node decides its reasons
 * @param scores                   score plugins with their weights
 * @param percentageOfNodesToScore how many nodes to find feasible before scoring, in percent of all
 *                                 nodes (at least 100 nodes); 0 means kube-scheduler's adaptive default
 *                                 ({@code 50 - nodes/125}, at least 5); 100 means every node
 * @param parallelism              threads filtering and scoring nodes; 1 runs everything on the scheduling thread
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record SchedulerProfile(String schedulerName, List<FilterPlugin> filters, List<WeightedScore> scores,
                               int percentageOfNodesToScore, int parallelism) {
    /** The scheduler name pods get when they name none. */
    public static final String DEFAULT_SCHEDULER_NAME = "default-scheduler";

    /**
     * A score plugin and its weight.
     *
     * @param plugin the plugin
     * @param weight a positive multiplier of its {@code [0, 100]} score
     */
    public record WeightedScore(ScorePlugin plugin, int weight) {
        /** Checks the weight. */
        public WeightedScore {
            Objects.requireNonNull(plugin, "plugin");
            if (weight <= 0) {
                throw new IllegalArgumentException("weight of score plugin " + plugin.name() + " must be positive, was " + weight);
            }
        }
    }

    /** Checks the fields. */
    public SchedulerProfile {
        Objects.requireNonNull(schedulerName, "schedulerName");
        filters = List.copyOf(filters);
        scores = List.copyOf(scores);
        if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
            throw new IllegalArgumentException("percentageOfNodesToScore must be within [0, 100], was " + percentageOfNodesToScore);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        unique(filters.stream().map(FilterPlugin::name).toList(), "filter");
        unique(scores.stream().map(s -> s.plugin().name()).toList(), "score");
    }

    private static void unique(List<String> names, String what) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException("duplicate " + what + " plugin name: " + n);
            }
        }
    }

    /** An empty builder: no plugins, the default scheduler name, adaptive sampling, parallelism 1. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this profile's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.schedulerName = schedulerName;
        b.filters.addAll(filters);
        b.scores.addAll(scores);
        b.percentageOfNodesToScore = percentageOfNodesToScore;
        b.parallelism = parallelism;
        return b;
    }

    /** Builds a {@link SchedulerProfile}; not thread-safe. */
    public static final class Builder {
        private String schedulerName = DEFAULT_SCHEDULER_NAME;
        private final List<FilterPlugin> filters = new ArrayList<>();
        private final List<WeightedScore> scores = new ArrayList<>();
        private int percentageOfNodesToScore;
        private int parallelism = 1;

        private Builder() {
        }

        /** The {@code spec.schedulerName} served; pods naming another scheduler are ignored. */
        public Builder schedulerName(String name) {
            this.schedulerName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Appends a filter. */
        public Builder filter(FilterPlugin plugin) {
            filters.add(Objects.requireNonNull(plugin, "plugin"));
            return this;
        }

        /** Appends a score plugin with a positive weight. */
        public Builder score(ScorePlugin plugin, int weight) {
            scores.add(new WeightedScore(plugin, weight));
            return this;
        }

        /** Removes every filter and score plugin named {@code name}. */
        public Builder without(String name) {
            filters.removeIf(p -> p.name().equals(name));
            scores.removeIf(s -> s.plugin().name().equals(name));
            return this;
        }

        /** Removes all score plugins. */
        public Builder withoutScores() {
            scores.clear();
            return this;
        }

        /** See {@link SchedulerProfile#percentageOfNodesToScore()}. */
        public Builder percentageOfNodesToScore(int percentage) {
            this.percentageOfNodesToScore = percentage;
            return this;
        }

        /** See {@link SchedulerProfile#parallelism()}. */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /**
         * Builds the profile.
         *
         * @throws IllegalArgumentException on duplicate plugin names or out-of-range settings
         */
        public SchedulerProfile build() {
            return new SchedulerProfile(schedulerName, filters, scores, percentageOfNodesToScore, parallelism);
        }
    }
}
