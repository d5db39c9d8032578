package io.corral.samples.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.client.DeleteOptions;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.Pod;
import io.corral.member.CorralMember;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Leader election among three candidate pods. Their containers must reach the API server on loopback, so they run
 * on the plugin sample's {@code host-process} runtime (found by ServiceLoader on the test class path): each
 * container is a JVM running {@link LeaseCandidate} on this test's class path.
 */
@DisplayName("Leader election composed from pods and a Lease")
class LeaderElectionIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NS = "default";
    private static final String LEASE = "elector";
    private static final int LEASE_SECONDS = 4;
    /** The host-process runtime's image catalogue: the host's own userland, with its JVM, stands in for it. */
    private static final String IMAGE = "host-jvm:17";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static CorralMember member;
    private static CorralClient client;

    @BeforeAll
    static void start() {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        member = CorralMember.builder().clusterName("elector-" + UUID.randomUUID()).clusterPort(port)
                .join(List.of("127.0.0.1:" + port))
                .runtime("host-process", Map.of("images", IMAGE))
                .nodeAgentConfig(c -> c.heartbeatInterval(Duration.ofSeconds(1)).resyncInterval(Duration.ofSeconds(1)))
                .start();
        client = member.client();
        await().atMost(WAIT).ignoreExceptions().until(() -> client.namespaces().get(NS).isPresent());
    }

    @AfterAll
    static void stop() {
        if (member == null) {
            return;
        }
        try {
            client.pods().inNamespace(NS).withLabelSelector(LeaderElectionPattern.LABEL).deleteCollection();
            await().atMost(WAIT).ignoreExceptions().until(() -> client.pods().inNamespace(NS).list().items().isEmpty());
        } finally {
            client.close();
            member.close(); // closing the runtime kills any process left
        }
    }

    @Test
    @DisplayName("exactly one candidate holds the lease; when its pod is deleted another takes over within the lease duration")
    void oneLeaderAndTakeover() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LeaseCandidate.class.getName());
        List<String> pods = IntStream.range(0, 3).mapToObj(i -> "candidate-" + i).toList();
        for (String name : pods) {
            client.pods().inNamespace(NS).create(LeaderElectionPattern.candidate(name, IMAGE, command, member.apiUrl(),
                    LEASE, LEASE_SECONDS));
        }

        // one holder, one of the pods, announced by its Event
        await().atMost(WAIT).until(() -> holder().filter(pods::contains).isPresent());
        String leader = holder().orElseThrow();
        await().atMost(WAIT).untilAsserted(() -> assertThat(leaderEvents()).containsExactly(leader + " became leader (transition 0)"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(log(leader)).contains(leader + " is the leader of default/" + LEASE));
        // every candidate runs, and over several renewals the leadership does not move
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.pods().inNamespace(NS).list().items())
                .extracting(p -> p.status() == null ? null : p.status().phase()).containsOnly("Running").hasSize(3));
        await().during(Duration.ofSeconds(LEASE_SECONDS)).atMost(Duration.ofSeconds(LEASE_SECONDS + 5))
                .until(() -> holder().filter(leader::equals).isPresent());
        Lease before = client.leases().inNamespace(NS).require(LEASE);
        assertThat(before.spec().renewTime()).isAfter(before.spec().acquireTime());
        assertThat(leaderEvents()).hasSize(1);

        // kill the leader's pod outright (no grace period: it cannot release the lease); the lease expires
        long killed = System.nanoTime();
        client.pods().inNamespace(NS).delete(leader, DeleteOptions.DEFAULTS.withGracePeriodSeconds(0));
        Duration slack = Duration.ofSeconds(10);
        await().atMost(Duration.ofSeconds(LEASE_SECONDS).plus(slack))
                .until(() -> holder().filter(h -> pods.contains(h) && !h.equals(leader)).isPresent());
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        String next = holder().orElseThrow();

        Lease after = client.leases().inNamespace(NS).require(LEASE);
        assertThat(after.spec().leaseTransitions()).isEqualTo(before.spec().leaseTransitions() + 1);
        assertThat(takeover).isLessThanOrEqualTo(Duration.ofSeconds(LEASE_SECONDS).plus(slack));
        await().atMost(WAIT).untilAsserted(() -> assertThat(leaderEvents())
                .containsExactly(leader + " became leader (transition 0)", next + " became leader (transition 1)"));
        assertThat(log(next)).containsSubsequence(next + " follows " + leader, next + " is the leader of default/" + LEASE);
    }

    /** The candidate container's log, through the API (the host-process runtime keeps each container's output). */
    private static String log(String pod) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(member.apiUrl() + "/api/v1/namespaces/" + NS
                + "/pods/" + pod + "/log")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static Optional<String> holder() {
        return client.leases().inNamespace(NS).get(LEASE).map(l -> l.spec() == null ? null : l.spec().holderIdentity());
    }

    private static List<String> leaderEvents() {
        return client.events().inNamespace(NS).list().items().stream()
                .filter(e -> LeaseCandidate.EVENT_REASON.equals(e.reason()) && LEASE.equals(e.involvedObject().name()))
                .sorted(java.util.Comparator.comparing(Event::firstTimestamp))
                .map(Event::message).toList();
    }
}
