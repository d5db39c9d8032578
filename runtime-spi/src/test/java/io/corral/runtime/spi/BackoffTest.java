package io.corral.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final String KEY = "pod-uid/app/1f";

    /** A clock tests move by hand. */
    static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Backoff backoff = Backoff.withDefaults(clock);

    @Test
    void aContainerWithoutHistoryIsNotInBackOff() {
        assertThat(backoff.isInBackOffSince(KEY, clock.instant())).isFalse();
        assertThat(backoff.delay(KEY)).isZero();
    }

    @Test
    void theFirstRestartStartsAtTheInitialDelay() {
        Instant exited = clock.instant();
        backoff.next(KEY, exited);

        assertThat(backoff.delay(KEY)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.isInBackOffSince(KEY, exited)).isTrue();
        clock.advance(Duration.ofSeconds(9));
        assertThat(backoff.isInBackOffSince(KEY, exited)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(backoff.isInBackOffSince(KEY, exited)).isFalse();
    }

    @Test
    void theDelayDoublesUpToTheMaximum() {
        Duration[] expected = {Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
                Duration.ofSeconds(80), Duration.ofSeconds(160), Duration.ofSeconds(300), Duration.ofSeconds(300)};
        for (Duration d : expected) {
            backoff.next(KEY, clock.instant());
            assertThat(backoff.delay(KEY)).isEqualTo(d);
            clock.advance(d);
        }
    }

    @Test
    void anEntryExpiresAfterTwiceTheMaximumWithoutRestarts() {
        backoff.next(KEY, clock.instant());
        backoff.next(KEY, clock.instant());
        assertThat(backoff.delay(KEY)).isEqualTo(Duration.ofSeconds(20));

        clock.advance(Duration.ofSeconds(601));
        backoff.next(KEY, clock.instant());
        assertThat(backoff.delay(KEY)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void gcForgetsExpiredEntriesAndResetForgetsOne() {
        backoff.next(KEY, clock.instant());
        backoff.next("other", clock.instant());
        backoff.reset("other");
        assertThat(backoff.delay("other")).isZero();

        clock.advance(Duration.ofSeconds(601));
        backoff.gc();
        assertThat(backoff.delay(KEY)).isZero();
    }

    @Test
    void retryAtIsTheExitTimePlusTheDelay() {
        Instant exited = clock.instant();
        backoff.next(KEY, exited);
        assertThat(backoff.retryAt(KEY, exited)).isEqualTo(exited.plusSeconds(10));
    }

    @Test
    void keysDifferPerPodContainerAndSpec() {
        ContainerDescription app = ContainerDescription.builder("app", "busybox").command("sleep", "1").build();
        PodDescription pod = PodDescription.builder("uid-1", "web", "default").container(app).build();
        PodDescription other = pod.toBuilder().build();
        ContainerDescription changed = app.toBuilder().command("sleep", "2").build();

        assertThat(Backoff.key(pod, app)).isEqualTo(Backoff.key(other, app)).startsWith("uid-1/app/");
        assertThat(Backoff.key(pod, changed)).isNotEqualTo(Backoff.key(pod, app));
    }

    @Test
    void rejectsAMaximumBelowTheInitialDelay() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(5), clock))
                .isInstanceOf(ContainerRuntimeException.class).hasMessageContaining("max");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(5), clock))
                .hasMessageContaining("initial");
    }
}
