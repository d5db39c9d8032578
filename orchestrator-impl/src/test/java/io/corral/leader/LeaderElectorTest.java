package io.corral.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.api.client.CorralClient;
import io.corral.api.model.coordination.Lease;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The election's state machine, one {@code tick()} at a time on a virtual clock. */
class LeaderElectorTest {
    private static final String NS = "kube-system";
    private static final String NAME = "test-lease";

    private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryLeaseApi api = new InMemoryLeaseApi();
    private final CorralClient client = CorralClient.over(api);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    @DisplayName("the first candidate creates the lease and leads with fencing token 0")
    void acquiresAFreshLease() {
        Candidate a = candidate("a");
        assertThat(a.elector.tick()).isTrue();

        Lease lease = api.lease(NS, NAME);
        assertThat(lease.spec().holderIdentity()).isEqualTo("a");
        assertThat(lease.spec().leaseDurationSeconds()).isEqualTo(15);
        assertThat(lease.spec().leaseTransitions()).isZero();
        assertThat(a.events).containsExactly("new:a", "started:0");
        assertThat(a.elector.isLeader()).isTrue();
        assertThat(registry.get(LeaderElector.IS_LEADER_METRIC).tag("identity", "a").gauge().value()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("the leader renews every round; a renewed lease never expires for the others")
    void renewsAndKeepsOthersOut() {
        Candidate a = candidate("a");
        Candidate b = candidate("b");
        a.elector.tick();
        Instant acquired = api.lease(NS, NAME).spec().acquireTime();
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(2));
            assertThat(a.elector.tick()).isTrue();
            assertThat(b.elector.tick()).isFalse();
        }
        Lease lease = api.lease(NS, NAME);
        assertThat(lease.spec().holderIdentity()).isEqualTo("a");
        assertThat(lease.spec().renewTime()).isEqualTo(clock.instant());
        assertThat(lease.spec().acquireTime()).isEqualTo(acquired);
        assertThat(lease.spec().leaseTransitions()).isZero();
        assertThat(b.events).containsExactly("new:a");
        assertThat(b.elector.observedLeader()).isEqualTo("a");
    }

    @Test
    @DisplayName("a lease not renewed for leaseDuration, as observed locally, is taken over and transitions grows")
    void expiredLeaseIsTakenOver() {
        Candidate a = candidate("a");
        Candidate b = candidate("b");
        a.elector.tick();
        LeaderContext first = a.elector.context().orElseThrow();
        clock.advance(Duration.ofSeconds(5));
        b.elector.tick(); // b first sees the lease now: its 15 s count from here, not from renewTime
        clock.advance(Duration.ofSeconds(14));
        assertThat(b.elector.tick()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(b.elector.tick()).isTrue();

        Lease lease = api.lease(NS, NAME);
        assertThat(lease.spec().holderIdentity()).isEqualTo("b");
        assertThat(lease.spec().leaseTransitions()).isEqualTo(1);
        assertThat(lease.spec().acquireTime()).isEqualTo(clock.instant());
        assertThat(b.elector.context().orElseThrow().fencingToken()).isEqualTo(1);
        // the old leader stopped trusting itself long ago (renew deadline), and steps down on its next round
        assertThat(first.isStillLeader()).isFalse();
        assertThat(a.elector.tick()).isFalse();
        assertThat(a.events).containsExactly("new:a", "started:0", "new:b", "stopped");
        assertThat(registry.get(LeaderElector.TRANSITIONS_METRIC).tag("identity", "a").counter().count()).isEqualTo(2.0);
    }

    @Test
    @DisplayName("a leader that cannot renew keeps leading until the renew deadline, then steps down")
    void stepsDownAfterTheRenewDeadline() {
        Candidate a = candidate("a");
        a.elector.tick();
        LeaderContext term = a.elector.context().orElseThrow();
        api.failures.set(1_000);
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(2));
            assertThat(a.elector.tick()).isTrue();
        }
        clock.advance(Duration.ofMillis(1_999));
        assertThat(term.isStillLeader()).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(term.isStillLeader()).isFalse();
        assertThat(a.elector.tick()).isFalse();
        assertThat(a.events).containsExactly("new:a", "started:0", "stopped");

        // once the store answers again it re-acquires its own lease: a new term, same holder, same token
        api.failures.set(0);
        clock.advance(Duration.ofSeconds(2));
        assertThat(a.elector.tick()).isTrue();
        assertThat(a.elector.context().orElseThrow()).isNotSameAs(term);
        assertThat(api.lease(NS, NAME).spec().leaseTransitions()).isZero();
    }

    @Test
    @DisplayName("of two candidates racing for an expired lease, the one whose update conflicts loses")
    void conflictLosesTheRace() {
        Candidate old = candidate("old");
        Candidate a = candidate("a");
        Candidate b = candidate("b");
        old.elector.tick();
        a.elector.tick();
        b.elector.tick();
        clock.advance(Duration.ofSeconds(16));
        // b reads the expired lease; before its write lands, a takes it
        api.beforeNextUpdate.set(() -> assertThat(a.elector.tick()).isTrue());
        assertThat(b.elector.tick()).isFalse();

        assertThat(api.lease(NS, NAME).spec().holderIdentity()).isEqualTo("a");
        assertThat(api.lease(NS, NAME).spec().leaseTransitions()).isEqualTo(1);
        assertThat(b.events).doesNotContain("started:1");
        // b now sees a's fresh lease and waits again
        clock.advance(Duration.ofSeconds(2));
        assertThat(b.elector.tick()).isFalse();
        assertThat(b.events).contains("new:a");
    }

    @Test
    @DisplayName("close stops leading first, then releases the lease so a successor needs no expiry")
    void releaseOnClose() {
        Candidate a = candidate("a");
        Candidate b = candidate("b");
        a.elector.tick();
        b.elector.tick();
        LeaderContext term = a.elector.context().orElseThrow();
        a.elector.close();

        Lease released = api.lease(NS, NAME);
        assertThat(released.spec().holderIdentity()).isNull();
        assertThat(released.spec().leaseDurationSeconds()).isEqualTo(1);
        assertThat(released.spec().leaseTransitions()).isZero();
        assertThat(term.isStillLeader()).isFalse();
        assertThat(a.events).endsWith("stopped");
        assertThat(registry.get(LeaderElector.IS_LEADER_METRIC).tag("identity", "a").gauge().value()).isZero();

        clock.advance(Duration.ofMillis(100));
        assertThat(b.elector.tick()).isTrue();
        assertThat(api.lease(NS, NAME).spec().leaseTransitions()).isEqualTo(1);
        assertThat(b.elector.context().orElseThrow().fencingToken()).isEqualTo(1);
        a.elector.close(); // idempotent
    }

    @Test
    @DisplayName("every change of holder increments leaseTransitions, so fencing tokens only grow")
    void transitionsCountEveryChangeOfHolder() {
        Candidate a = candidate("a");
        Candidate b = candidate("b");
        List<Long> tokens = new CopyOnWriteArrayList<>();
        Candidate leader = a;
        Candidate other = b;
        leader.elector.tick();
        tokens.add(leader.elector.context().orElseThrow().fencingToken());
        for (int i = 0; i < 4; i++) {
            other.elector.tick();
            clock.advance(Duration.ofSeconds(15));
            assertThat(other.elector.tick()).isTrue();
            tokens.add(other.elector.context().orElseThrow().fencingToken());
            assertThat(leader.elector.tick()).isFalse();
            Candidate t = leader;
            leader = other;
            other = t;
        }
        assertThat(tokens).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(api.lease(NS, NAME).spec().leaseTransitions()).isEqualTo(4);
    }

    @Test
    @DisplayName("settings out of order are refused, naming the setting")
    void validatesSettings() {
        assertThatThrownBy(() -> LeaderElectionConfig.builder().lease(NS, NAME).identity("a")
                .renewDeadline(Duration.ofSeconds(15)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("renewDeadline");
        assertThatThrownBy(() -> LeaderElectionConfig.builder().lease(NS, NAME).identity("a")
                .retryPeriod(Duration.ofSeconds(10)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryPeriod");
        assertThatThrownBy(() -> LeaderElectionConfig.builder().lease(NS, NAME).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity");
    }

    @Test
    @DisplayName("started on its own thread, an elector acquires and renews on the system clock")
    void runsOnItsOwnThread() {
        CorralClient c = CorralClient.over(new InMemoryLeaseApi());
        List<String> events = new CopyOnWriteArrayList<>();
        LeaderElectionConfig config = LeaderElectionConfig.builder().lease(NS, NAME).identity("solo")
                .leaseDuration(Duration.ofSeconds(2)).renewDeadline(Duration.ofMillis(1500)).retryPeriod(Duration.ofMillis(50)).build();
        try (LeaderElector e = new LeaderElector(c.leases(), config, recorder(events), new SimpleMeterRegistry())) {
            e.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(e::isLeader);
        }
        assertThat(events).containsExactly("new:solo", "started:0", "stopped");
    }

    private record Candidate(LeaderElector elector, List<String> events) {
    }

    private Candidate candidate(String identity) {
        List<String> events = new CopyOnWriteArrayList<>();
        LeaderElectionConfig config = LeaderElectionConfig.builder().lease(NS, NAME).identity(identity).clock(clock).build();
        return new Candidate(new LeaderElector(client.leases(), config, recorder(events), registry), events);
    }

    private static LeaderCallbacks recorder(List<String> events) {
        return new LeaderCallbacks() {
            @Override
            public void onStartedLeading(LeaderContext context) {
                events.add("started:" + context.fencingToken());
            }

            @Override
            public void onStoppedLeading() {
                events.add("stopped");
            }

            @Override
            public void onNewLeader(String identity) {
                events.add("new:" + identity);
            }
        };
    }

    /** A clock that moves only when told. */
    static final class VirtualClock extends Clock {
        private volatile Instant now;

        VirtualClock(Instant start) {
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
}
