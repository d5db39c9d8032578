package io.corral.samples.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.core.Event;
import io.corral.member.CorralMember;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The candidate's algorithm, round by round, against a member's API (no pods). */
@DisplayName("A lease candidate")
class LeaseCandidateIT {
    private static CorralMember member;
    private static CorralClient client;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @BeforeAll
    static void start() {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        member = CorralMember.builder().clusterName("candidate-" + UUID.randomUUID()).clusterPort(port)
                .join(List.of("127.0.0.1:" + port)).start();
        client = member.client();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> client.namespaces().get("default").isPresent());
    }

    @AfterAll
    static void stop() {
        if (member != null) {
            client.close();
            member.close();
        }
    }

    private LeaseCandidate candidate(String lease, String identity, Duration duration) {
        return new LeaseCandidate(client, "default", lease, identity, duration, out);
    }

    @Test
    @DisplayName("of two candidates one leads, renews, and records an Event; the other follows until the lease expires")
    void oneLeadsTheOtherWaitsForExpiry() {
        LeaseCandidate a = candidate("l1", "a", Duration.ofSeconds(2));
        LeaseCandidate b = candidate("l1", "b", Duration.ofSeconds(2));

        assertThat(a.tryAcquireOrRenew()).isTrue();
        assertThat(b.tryAcquireOrRenew()).isFalse();
        assertThat(a.tryAcquireOrRenew()).as("renews").isTrue();
        assertThat(b.tryAcquireOrRenew()).isFalse();
        assertThat(client.leases().inNamespace("default").require("l1").spec().holderIdentity()).isEqualTo("a");
        assertThat(client.events().inNamespace("default").list().items()).extracting(Event::reason, Event::message)
                .contains(org.assertj.core.groups.Tuple.tuple(LeaseCandidate.EVENT_REASON, "a became leader (transition 0)"));

        // a stops renewing: b takes over once it has seen the lease unchanged for the lease duration
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(b::tryAcquireOrRenew);
        Lease lease = client.leases().inNamespace("default").require("l1");
        assertThat(lease.spec().holderIdentity()).isEqualTo("b");
        assertThat(lease.spec().leaseTransitions()).isEqualTo(1);
        assertThat(a.tryAcquireOrRenew()).as("a sees b's lease as fresh").isFalse();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("a is the leader of default/l1", "b follows a",
                "b is the leader of default/l1", "a stopped leading");
    }

    @Test
    @DisplayName("two candidates that read the same lease cannot both take it: one update gets a Conflict")
    void optimisticConcurrency() {
        LeaseCandidate a = candidate("l2", "a", Duration.ofSeconds(30));
        assertThat(a.tryAcquireOrRenew()).isTrue();
        a.release();
        Lease free = client.leases().inNamespace("default").require("l2");
        assertThat(free.spec().holderIdentity()).isNull();

        // b's write lands between c's read and c's write
        LeaseCandidate b = candidate("l2", "b", Duration.ofSeconds(30));
        assertThat(b.tryAcquireOrRenew()).isTrue();
        var stale = free.withSpec(new io.corral.api.model.coordination.LeaseSpec("c", 30, null, null, 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.leases().inNamespace("default").update(stale))
                .isInstanceOfSatisfying(io.corral.api.status.ApiException.class,
                        e -> assertThat(e.reason()).isEqualTo(io.corral.api.status.StatusReason.CONFLICT));
        assertThat(candidate("l2", "c", Duration.ofSeconds(30)).tryAcquireOrRenew()).isFalse();
        assertThat(client.leases().inNamespace("default").require("l2").spec().holderIdentity()).isEqualTo("b");
    }
}
