package io.corral.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Components started and stopped with the terms of an election, on a virtual clock. */
class ElectedComponentsTest {
    private static final String NS = "kube-system";
    private static final String NAME = "components";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final LeaderElectorTest.VirtualClock clock = new LeaderElectorTest.VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final InMemoryLeaseApi api = new InMemoryLeaseApi();
    private final CorralClient client = CorralClient.over(api);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    @DisplayName("components start in order when leading, stop in reverse when the lease is lost, and start again on regaining it")
    void followsTheTerms() {
        ElectedComponents a = candidate("a");
        ElectedComponents b = candidate("b");

        assertThat(a.elector().tick()).isTrue();
        await().atMost(WAIT).until(() -> log.size() == 2);
        assertThat(log).containsExactly("a:one:start:0", "a:two:start:0");
        assertThat(a.isLeader()).isTrue();
        assertThat(a.isRunning("one")).isTrue();
        assertThat(gauge("a", "two")).isEqualTo(1.0);

        // a stalls (no renewal); b takes over once the lease expired by b's own observation
        assertThat(b.elector().tick()).isFalse();
        clock.advance(Duration.ofSeconds(16));
        assertThat(b.elector().tick()).isTrue();
        assertThat(a.elector().tick()).isFalse();
        await().atMost(WAIT).until(() -> log.size() == 6);
        assertThat(log.subList(2, 6)).containsExactlyInAnyOrder("a:two:stop", "a:one:stop", "b:one:start:1", "b:two:start:1");
        assertThat(log.indexOf("a:two:stop")).isLessThan(log.indexOf("a:one:stop"));
        assertThat(a.isRunning("one")).isFalse();
        assertThat(gauge("a", "two")).isZero();
        assertThat(a.termsLed()).isEqualTo(1);

        // b leaves cleanly: a regains the lease at its next round and starts its components again
        b.close();
        assertThat(log).contains("b:two:stop", "b:one:stop");
        clock.advance(Duration.ofMillis(100));
        assertThat(a.elector().tick()).isTrue();
        await().atMost(WAIT).until(() -> a.isRunning("two"));
        assertThat(log).endsWith("a:one:start:2", "a:two:start:2");
        assertThat(a.termsLed()).isEqualTo(2);

        a.close();
        assertThat(log).endsWith("a:two:stop", "a:one:stop");
        assertThat(api.lease(NS, NAME).spec().holderIdentity()).isNull();
    }

    @Test
    @DisplayName("a component that fails to start is left out of the term; the others run and it is not stopped")
    void aFailedStartSkipsOnlyThatComponent() {
        ElectedComponents c = ElectedComponents.builder(client.leases(), config("c")).meterRegistry(registry)
                .component("broken", term -> {
                    throw new IllegalStateException("cannot start");
                }, () -> log.add("broken:stop"))
                .component("fine", term -> log.add("fine:start"), () -> log.add("fine:stop"))
                .build();
        c.elector().tick();
        await().atMost(WAIT).until(() -> c.isRunning("fine"));
        assertThat(c.isRunning("broken")).isFalse();
        c.close();
        assertThat(log).containsExactly("fine:start", "fine:stop");
    }

    @Test
    @DisplayName("close stops the components before it releases the lease, so a successor never overlaps them")
    void closeStopsBeforeReleasing() {
        ElectedComponents c = ElectedComponents.builder(client.leases(), config("c")).meterRegistry(registry)
                .component("slow", term -> { }, () -> {
                    sleep(200);
                    log.add("holder at stop: " + api.lease(NS, NAME).spec().holderIdentity());
                })
                .build();
        c.elector().tick();
        await().atMost(WAIT).until(() -> c.isRunning("slow"));
        c.close();
        assertThat(log).containsExactly("holder at stop: c");
        assertThat(api.lease(NS, NAME).spec().holderIdentity()).isNull();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("component names must be unique and known")
    void names() {
        ElectedComponents.Builder builder = ElectedComponents.builder(client.leases(), config("n"))
                .component("x", term -> { }, () -> { });
        assertThatThrownBy(() -> builder.component("x", term -> { }, () -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
        try (ElectedComponents built = builder.build()) {
            assertThatThrownBy(() -> built.isRunning("y")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'y'");
        }
    }

    private ElectedComponents candidate(String identity) {
        return ElectedComponents.builder(client.leases(), config(identity)).meterRegistry(registry)
                .component("one", term -> log.add(identity + ":one:start:" + term.fencingToken()), () -> log.add(identity + ":one:stop"))
                .component("two", term -> log.add(identity + ":two:start:" + term.fencingToken()), () -> log.add(identity + ":two:stop"))
                .build();
    }

    private LeaderElectionConfig config(String identity) {
        return LeaderElectionConfig.builder().lease(NS, NAME).identity(identity).clock(clock).build();
    }

    private double gauge(String identity, String component) {
        return registry.get(ElectedComponents.RUNNING_METRIC).tag("identity", identity).tag("component", component).gauge().value();
    }
}
