package io.corral.leader;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The settings of a {@link LeaderElector}, with client-go's meaning and defaults.
 *
 * @param leaseNamespace the lease's namespace, not null
 * @param leaseName      the lease's name, not null
 * @param identity       this candidate's identity, unique among candidates, not null or empty
 * @param leaseDuration  how long candidates wait, from when they observed the last change of the
 *                       lease, before they take it over (default 15 s)
 * @param renewDeadline  how long the leader keeps trying to renew before it gives up leadership
 *                       (default 10 s); shorter than {@code leaseDuration}
 * @param retryPeriod    how often candidates try to acquire and the leader renews (default 2 s);
 *                       shorter than {@code renewDeadline}
 * @param clock          the clock of observations and deadlines; by default a monotonic one
 *                       (durations follow {@link System#nanoTime()}) anchored at the system time
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record LeaderElectionConfig(String leaseNamespace, String leaseName, String identity, Duration leaseDuration,
                                   Duration renewDeadline, Duration retryPeriod, Clock clock) {
    /** client-go's default lease duration. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
    /** client-go's default renew deadline. */
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    /** client-go's default retry period. */
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    public LeaderElectionConfig {
        require(leaseNamespace, "leaseNamespace");
        require(leaseName, "leaseName");
        require(identity, "identity");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(renewDeadline, "renewDeadline");
        Objects.requireNonNull(retryPeriod, "retryPeriod");
        Objects.requireNonNull(clock, "clock");
        if (leaseDuration.toMillis() < 1000) {
            throw new IllegalArgumentException("leaseDuration must be at least 1s (leases count whole seconds), was " + leaseDuration);
        }
        if (retryPeriod.isNegative() || retryPeriod.isZero()) {
            throw new IllegalArgumentException("retryPeriod must be positive, was " + retryPeriod);
        }
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("renewDeadline (" + renewDeadline + ") must be shorter than leaseDuration ("
                    + leaseDuration + ")");
        }
        if (retryPeriod.compareTo(renewDeadline) >= 0) {
            throw new IllegalArgumentException("retryPeriod (" + retryPeriod + ") must be shorter than renewDeadline ("
                    + renewDeadline + ")");
        }
    }

    private static void require(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    /** The lease as {@code namespace/name}. */
    public String lease() {
        return leaseNamespace + "/" + leaseName;
    }

    /** A builder with the defaults; namespace, name and identity must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised from this configuration. */
    public Builder toBuilder() {
        return new Builder().lease(leaseNamespace, leaseName).identity(identity).leaseDuration(leaseDuration)
                .renewDeadline(renewDeadline).retryPeriod(retryPeriod).clock(clock);
    }

    /** Builds {@link LeaderElectionConfig}; not thread-safe. */
    public static final class Builder {
        private String leaseNamespace;
        private String leaseName;
        private String identity;
        private Duration leaseDuration = DEFAULT_LEASE_DURATION;
        private Duration renewDeadline = DEFAULT_RENEW_DEADLINE;
        private Duration retryPeriod = DEFAULT_RETRY_PERIOD;
        private Clock clock;

        private Builder() {
        }

        /** The lease's namespace and name. */
        public Builder lease(String namespace, String name) {
            this.leaseNamespace = namespace;
            this.leaseName = name;
            return this;
        }

        /** This candidate's identity. */
        public Builder identity(String identity) {
            this.identity = identity;
            return this;
        }

        /** See {@link LeaderElectionConfig#leaseDuration()}. */
        public Builder leaseDuration(Duration duration) {
            this.leaseDuration = duration;
            return this;
        }

        /** See {@link LeaderElectionConfig#renewDeadline()}. */
        public Builder renewDeadline(Duration deadline) {
            this.renewDeadline = deadline;
            return this;
        }

        /** See {@link LeaderElectionConfig#retryPeriod()}. */
        public Builder retryPeriod(Duration period) {
            this.retryPeriod = period;
            return this;
        }

        /** See {@link LeaderElectionConfig#clock()}. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException when a setting is missing or the durations are not ordered
         *                                  {@code retryPeriod < renewDeadline < leaseDuration}
         */
        public LeaderElectionConfig build() {
            return new LeaderElectionConfig(leaseNamespace, leaseName, identity, leaseDuration, renewDeadline, retryPeriod,
                    clock != null ? clock : MonotonicClock.system());
        }
    }
}
