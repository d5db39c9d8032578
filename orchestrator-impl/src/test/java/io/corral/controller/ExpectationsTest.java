package io.corral.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final Expectations expectations = new Expectations(clock);

    @Test
    void satisfiedOnceEveryCreateAndDeleteWasObserved() {
        assertThat(expectations.satisfied("ns/rs")).isTrue();
        expectations.expect("ns/rs", 2, Set.of("ns/p1"));
        assertThat(expectations.satisfied("ns/rs")).isFalse();
        expectations.creationObserved("ns/rs");
        expectations.creationObserved("ns/rs");
        assertThat(expectations.satisfied("ns/rs")).isFalse();
        expectations.deletionObserved("ns/rs", "ns/other");
        assertThat(expectations.satisfied("ns/rs")).isFalse();
        expectations.deletionObserved("ns/rs", "ns/p1");
        assertThat(expectations.satisfied("ns/rs")).isTrue();
    }

    @Test
    void aDeletionSeenTwiceCountsOnce() {
        expectations.expect("k", 0, Set.of("a", "b"));
        expectations.deletionObserved("k", "a");
        expectations.deletionObserved("k", "a");
        assertThat(expectations.satisfied("k")).isFalse();
    }

    @Test
    void expectationsExpireAfterTheirTtl() {
        expectations.expect("k", 1, Set.of());
        now = now.plus(Expectations.TTL);
        assertThat(expectations.satisfied("k")).isFalse();
        now = now.plusSeconds(1);
        assertThat(expectations.satisfied("k")).isTrue();
    }

    @Test
    void forgetDropsPendingExpectations() {
        expectations.expect("k", 3, Set.of());
        expectations.forget("k");
        assertThat(expectations.satisfied("k")).isTrue();
    }
}
