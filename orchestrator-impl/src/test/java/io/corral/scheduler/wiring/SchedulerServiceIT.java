package io.corral.scheduler.wiring;

import static io.corral.scheduler.wiring.ClusterObjects.node;
import static io.corral.scheduler.wiring.ClusterObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.coordination.LeaseSpec;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.LocalVolumeSource;
import io.corral.api.model.core.NodeSelector;
import io.corral.api.model.core.NodeSelectorRequirement;
import io.corral.api.model.core.NodeSelectorTerm;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.PersistentVolumeClaimSpec;
import io.corral.api.model.core.PersistentVolumeClaimVolumeSource;
import io.corral.api.model.core.PersistentVolumeSpec;
import io.corral.api.model.core.ResourceRequirements;
import io.corral.api.model.core.Volume;
import io.corral.api.model.core.VolumeNodeAffinity;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.quantity.Quantity;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.Taint;
import io.corral.leader.LeaderElector;
import io.corral.member.CorralMember;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three real members on loopback, each running a {@link SchedulerService}; five Node objects.
 * The tests share the cluster and run in order: the last one kills the leader.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchedulerServiceIT {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerServiceIT.class);
    private static final String NS = "default";
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final String HOSTNAME = "kubernetes.io/hostname";

    private final List<CorralMember> members = new ArrayList<>();
    private CorralClient client;

    @BeforeAll
    void startCluster() {
        String cluster = "corral-scheduler-it-" + UUID.randomUUID();
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        List<String> join = IntStream.range(base, base + 3).mapToObj(p -> "127.0.0.1:" + p).toList();
        List<CompletableFuture<CorralMember>> starting = IntStream.range(0, 3)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> CorralMember.builder().clusterName(cluster)
                        .clusterPort(base).join(join)
                        .leaderElection(LEASE, Duration.ofSeconds(2), Duration.ofMillis(500)).start()))
                .toList();
        starting.forEach(f -> members.add(f.join()));
        client = members.get(0).client();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> client.namespaces().get(NS).isPresent() && client.namespaces().get("kube-system").isPresent());
        for (int i = 1; i <= 4; i++) {
            client.nodes().create(node("node-" + i, "2", "4Gi", Map.of("zone", "z" + (i % 2), HOSTNAME, "node-" + i), List.of()));
        }
        client.nodes().create(node("node-5", "2", "4Gi", Map.of("zone", "z1", HOSTNAME, "node-5"),
                List.of(new Taint("dedicated", "gpu", "NoSchedule", null))));
    }

    @AfterAll
    void stopCluster() {
        if (client != null) {
            client.close();
        }
        members.forEach(CorralMember::close);
    }

    @Test
    @Order(1)
    @DisplayName("pods created through the client are bound and get a Scheduled event")
    void bindsPods() {
        List<String> names = IntStream.range(0, 8).mapToObj(i -> "web-" + i).toList();
        names.forEach(n -> client.pods().create(pod(NS, n, "250m", null)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> names.forEach(n ->
                assertThat(client.pods().inNamespace(NS).require(n).spec().nodeName()).as(n).isNotNull()));
        for (String n : names) {
            // the tainted node-5 is never chosen for pods that do not tolerate it
            assertThat(client.pods().inNamespace(NS).require(n).spec().nodeName()).isIn("node-1", "node-2", "node-3", "node-4");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> names.forEach(n -> {
            Optional<Event> scheduled = events(n, "Scheduled").stream().findFirst();
            assertThat(scheduled).as("Scheduled event of " + n).isPresent();
            assertThat(scheduled.get().message()).startsWith("Successfully assigned default/" + n + " to node-");
            assertThat(scheduled.get().source().component()).isEqualTo("default-scheduler");
        }));
    }

    @Test
    @Order(2)
    @DisplayName("an unschedulable pod gets FailedScheduling with kube-scheduler's message, then binds once a node fits")
    void unschedulableUntilANodeFits() {
        client.pods().create(pod(NS, "big", "8", null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Event> failed = events("big", "FailedScheduling");
            assertThat(failed).isNotEmpty();
            assertThat(failed.get(0).message()).startsWith("0/5 nodes are available: ")
                    .contains("4 Insufficient cpu").contains("1 node(s) had untolerated taint {dedicated: gpu}");
            assertThat(failed.get(0).type()).isEqualTo("Warning");
        });
        assertThat(client.pods().inNamespace(NS).require("big").spec().nodeName()).isNull();

        client.nodes().create(node("node-big", "16", "32Gi", Map.of("zone", "z0"), List.of()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(client.pods().inNamespace(NS).require("big").spec().nodeName()).isEqualTo("node-big"));
    }

    @Test
    @Order(3)
    @DisplayName("a pod that cannot be placed before its activeDeadlineSeconds is failed with DeadlineExceeded")
    void failsPodsPastTheirDeadline() {
        client.pods().create(pod(NS, "hopeless", "64", 2L));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Pod p = client.pods().inNamespace(NS).require("hopeless");
            assertThat(p.status()).isNotNull();
            assertThat(p.status().phase()).isEqualTo("Failed");
            assertThat(p.status().reason()).isEqualTo("DeadlineExceeded");
        });
        assertThat(client.pods().inNamespace(NS).require("hopeless").spec().nodeName()).isNull();
    }

    @Test
    @Order(4)
    @DisplayName("a pod whose claim is bound to a local volume goes to the volume's node (informers on claims and volumes)")
    void followsItsVolume() {
        Map<String, Quantity> storage = Map.of("storage", Quantity.parse("1Gi"));
        client.persistentVolumes().create(PersistentVolume.builder().metadata(ObjectMeta.named("local-data"))
                .spec(new PersistentVolumeSpec(storage, List.of("ReadWriteOnce"), "Retain", null, null, null,
                        new LocalVolumeSource("/mnt/data", null),
                        new VolumeNodeAffinity(new NodeSelector(List.of(new NodeSelectorTerm(
                                List.of(new NodeSelectorRequirement(HOSTNAME, "In", List.of("node-3"))), List.of())))),
                        null, List.of()))
                .build());
        client.persistentVolumeClaims().create(PersistentVolumeClaim.builder().metadata(ObjectMeta.of(NS, "data"))
                .spec(new PersistentVolumeClaimSpec(List.of("ReadWriteOnce"), null, new ResourceRequirements(null, storage),
                        "local-data", null, null))
                .build());
        Pod p = pod(NS, "db", "100m", null);
        client.pods().create(p.withSpec(p.spec().toBuilder().volumes(List.of(new Volume("data", null, null, null, null,
                new PersistentVolumeClaimVolumeSource("data", null)))).build()));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(client.pods().inNamespace(NS).require("db").spec().nodeName()).isEqualTo("node-3"));
    }

    @Test
    @Order(5)
    @DisplayName("exactly one member leads, it holds the lease, and only it binds")
    void exactlyOneLeader() {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < deadline) {
            List<CorralMember> leaders = members.stream().filter(m -> m.schedulerService().isLeader()).toList();
            assertThat(leaders).hasSizeLessThanOrEqualTo(1);
            if (leaders.size() == 1) {
                Lease lease = client.leases().inNamespace("kube-system").require("corral-scheduler");
                assertThat(lease.spec().holderIdentity()).isEqualTo(leaders.get(0).schedulerService().identity());
            }
        }
        CorralMember leader = leader();
        long boundByLeader = leader.schedulerService().boundCount();
        assertThat(boundByLeader).isGreaterThanOrEqualTo(9);
        members.stream().filter(m -> m != leader)
                .forEach(m -> assertThat(m.schedulerService().boundCount()).as(m.schedulerService().identity()).isZero());
        assertThat(leader.meterRegistry().get(LeaderElector.IS_LEADER_METRIC).tag("lease", "kube-system/corral-scheduler")
                .gauge().value()).isEqualTo(1.0);
    }

    @Test
    @Order(6)
    @DisplayName("a leader whose lease is taken stops scheduling at once; nobody schedules until that lease expires")
    void stepsDownWhenTheLeaseIsTaken() {
        CorralMember leader = leader();
        int before = client.leases().inNamespace("kube-system").require("corral-scheduler").spec().leaseTransitions();
        java.time.Instant now = java.time.Instant.now();
        client.leases().inNamespace("kube-system").edit("corral-scheduler", l ->
                l.withSpec(new LeaseSpec("intruder", 6, now, now, l.spec().leaseTransitions() + 1)));

        await().atMost(Duration.ofSeconds(5)).until(() -> !leader.schedulerService().isLeader()
                && !leader.schedulerService().scheduler().isRunning());
        client.pods().create(pod(NS, "while-intruding", "100m", null));
        long since = System.nanoTime();
        assertThat(members).noneMatch(m -> m.schedulerService().isLeader());
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(client.pods().inNamespace(NS).require("while-intruding").spec().nodeName()).isNull());
        assertThat(Duration.ofNanos(System.nanoTime() - since)).as("checked before the intruder's lease expired")
                .isLessThan(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(client.pods().inNamespace(NS).require("while-intruding").spec().nodeName()).isNotNull());
        Lease lease = client.leases().inNamespace("kube-system").require("corral-scheduler");
        assertThat(lease.spec().leaseTransitions()).isEqualTo(before + 2);
        assertThat(lease.spec().holderIdentity()).isEqualTo(leader().schedulerService().identity());
    }

    @Test
    @Order(7)
    @DisplayName("when the leader's member dies another takes over within a few seconds and pending pods get scheduled")
    void failover() {
        CorralMember leader = leader();
        String oldIdentity = leader.schedulerService().identity();
        int oldTransitions = client.leases().inNamespace("kube-system").require("corral-scheduler").spec().leaseTransitions();
        if (leader == members.get(0)) {
            client.close();
            client = members.get(1).client();
        }
        long killed = System.nanoTime();
        leader.hazelcast().getLifecycleService().terminate();
        leader.close();
        members.remove(leader);
        List<String> pending = IntStream.range(0, 5).mapToObj(i -> "after-" + i).toList();
        pending.forEach(n -> await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> createOrExists(pod(NS, n, "100m", null))));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> members.stream().anyMatch(m -> m.schedulerService().isLeader()));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        LOG.info("FAILOVER: a new scheduler leader took over {} ms after the leader's member was killed (lease {} s)",
                takeover.toMillis(), LEASE.toSeconds());
        assertThat(takeover).isLessThan(LEASE.multipliedBy(4));

        CorralMember next = leader();
        assertThat(next.schedulerService().identity()).isNotEqualTo(oldIdentity);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> pending.forEach(n ->
                assertThat(client.pods().inNamespace(NS).require(n).spec().nodeName()).as(n).isNotNull()));
        Lease lease = client.leases().inNamespace("kube-system").require("corral-scheduler");
        assertThat(lease.spec().holderIdentity()).isEqualTo(next.schedulerService().identity());
        assertThat(lease.spec().leaseTransitions()).isEqualTo(oldTransitions + 1);
        assertThat(next.schedulerService().boundCount()).isGreaterThanOrEqualTo(pending.size());
    }

    /** Creates the pod; true also when an earlier attempt that seemed to fail (during the failover) had created it. */
    private boolean createOrExists(Pod pod) {
        try {
            client.pods().create(pod);
        } catch (io.corral.api.status.ApiException e) {
            if (e.reason() != io.corral.api.status.StatusReason.ALREADY_EXISTS) {
                throw e;
            }
        }
        return true;
    }

    private CorralMember leader() {
        List<CorralMember> leaders = members.stream().filter(m -> m.schedulerService().isLeader()).toList();
        assertThat(leaders).hasSize(1);
        return leaders.get(0);
    }

    private List<Event> events(String podName, String reason) {
        return client.events().inNamespace(NS).list().items().stream()
                .filter(e -> e.involvedObject() != null && podName.equals(e.involvedObject().name()) && reason.equals(e.reason()))
                .toList();
    }
}
