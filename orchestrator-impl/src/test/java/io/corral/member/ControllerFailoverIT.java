package io.corral.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.corral.api.client.CorralClient;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.labels.LabelSelector;
import io.corral.api.model.apps.Deployment;
import io.corral.api.model.apps.DeploymentSpec;
import io.corral.api.model.apps.DeploymentStrategy;
import io.corral.api.model.apps.ReplicaSet;
import io.corral.api.model.apps.ReplicaSetSpec;
import io.corral.api.model.apps.RollingUpdateDeployment;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.coordination.LeaseSpec;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodTemplateSpec;
import io.corral.api.model.core.Toleration;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.controller.nodelifecycle.NodeLifecycleController;
import io.corral.leader.ElectedComponents;
import io.corral.leader.LeaderElector;
import io.corral.nodehost.NodeService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster keeps what was asked when members die: three real members on loopback in one JVM,
 * each with simulated nodes, short lease timings. Each test starts its own cluster.
 */
class ControllerFailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerFailoverIT.class);
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration RENEW = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofMillis(500);
    private static final String NS = "failover";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final List<CorralMember> members = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("cannot close {}", closeables.get(i), e);
            }
        }
        members.forEach(CorralMember::close);
    }

    @Test
    @DisplayName("killing the controller leader's member: another takes over within the lease times, no set ever has extra pods, and a later scale-up is acted on")
    void leaderFailover() {
        // a long node grace: the dead member's nodes keep their pods through this test (that is the next test)
        startCluster(3, 2, Duration.ofSeconds(60));
        CorralClient setup = members.get(0).client();
        closeables.add(setup);
        setup.namespaces().create(Namespace.builder().metadata(ObjectMeta.named(NS)).build());
        Watchers live = watchers();
        setup.replicaSets().inNamespace(NS).create(ReplicaSet.builder().metadata(ObjectMeta.of(NS, "rs"))
                .spec(new ReplicaSetSpec(4, null, LabelSelector.matchLabels(Map.of("app", "rs")), template("rs", List.of())))
                .build());
        setup.deployments().inNamespace(NS).create(deployment("web", 4, List.of()));

        CorralMember leader = awaitOneLeader();
        CorralMember observer = members.stream().filter(m -> m != leader).findFirst().orElseThrow();
        CorralClient client = observer.client();
        closeables.add(client);
        await().atMost(WAIT).until(() -> ready(client, "rs") == 4 && ready(client, "web") == 4);
        assertThat(observer.controllerElection().isRunning("controller-manager")).isFalse();
        assertThat(leader.controllerElection().componentNames())
                .containsExactly("controller-manager", "endpoints-controller", "node-lifecycle");
        assertThat(leader.meterRegistry().get(ElectedComponents.RUNNING_METRIC).tag("component", "controller-manager")
                .gauge().value()).isEqualTo(1.0);
        assertThat(leader.meterRegistry().get(LeaderElector.IS_LEADER_METRIC)
                .tag("lease", "kube-system/corral-controller-manager").gauge().value()).isEqualTo(1.0);
        int transitionsBefore = lease(client).spec().leaseTransitions();

        String deadIdentity = leader.controllerElection().elector().config().identity();
        long killed = System.nanoTime();
        kill(leader);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> members.stream().anyMatch(m -> m.controllerElection().isLeader()));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
        CorralMember next = awaitOneLeader();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> next.controllerManager().ready());
        Duration ready = Duration.ofNanos(System.nanoTime() - killed);
        System.out.printf("CONTROLLER TAKEOVER: new leader %d ms, its controllers synced and working %d ms after the leader's member was killed"
                + " (lease %d ms, retry %d ms)%n", takeover.toMillis(), ready.toMillis(), LEASE.toMillis(), RETRY.toMillis());
        LOG.info("controller takeover after {} ms (controllers ready after {} ms)", takeover.toMillis(), ready.toMillis());
        assertThat(takeover).as("a take-over within the lease duration plus a retry period, and slack for the store")
                .isLessThan(LEASE.plus(RETRY).plusSeconds(5));
        Lease lease = lease(client);
        assertThat(lease.spec().holderIdentity()).isNotEqualTo(deadIdentity)
                .isEqualTo(next.controllerElection().elector().config().identity());
        assertThat(lease.spec().leaseTransitions()).isEqualTo(transitionsBefore + 1);

        // acted on by the new leader
        live.nextPhase();
        client.replicaSets().inNamespace(NS).edit("rs", rs -> rs.withSpec(new ReplicaSetSpec(6, rs.spec().minReadySeconds(),
                rs.spec().selector(), rs.spec().template())));
        client.deployments().inNamespace(NS).edit("web", d -> d.withSpec(d.spec().toBuilder().replicas(6).build()));
        await().atMost(WAIT).until(() -> live.count(observer, "rs") == 6 && live.count(observer, "web") == 6);
        await().during(Duration.ofSeconds(2)).atMost(WAIT)
                .until(() -> live.count(observer, "rs") == 6 && live.count(observer, "web") == 6);

        System.out.printf("CONTROLLER TAKEOVER: most live pods: rs %s (replicas 4 then 6), web %s (replicas 4 then 6, maxSurge 1)%n",
                live.maxima("rs"), live.maxima("web"));
        assertThat(live.max("rs", 0)).isEqualTo(4);
        assertThat(live.max("rs", 1)).isEqualTo(6);
        assertThat(live.max("web", 0)).isBetween(4, 4 + 1);
        assertThat(live.max("web", 1)).isBetween(6, 6 + 1);
    }

    @Test
    @DisplayName("killing a member with nodes: its nodes go NotReady after the grace, their pods are evicted after their toleration and recreated elsewhere in time")
    void nodeMemberFailure() {
        Duration grace = Duration.ofSeconds(4);
        long tolerationSeconds = 3;
        Duration slack = Duration.ofSeconds(25);
        startCluster(3, 3, grace);
        CorralClient setup = members.get(0).client();
        closeables.add(setup);
        setup.namespaces().create(Namespace.builder().metadata(ObjectMeta.named(NS)).build());
        Watchers live = watchers();
        List<Toleration> tolerations = List.of(new Toleration(NodeLifecycleController.UNREACHABLE_TAINT, "Exists", null,
                "NoExecute", tolerationSeconds));
        int replicas = 9;
        setup.deployments().inNamespace(NS).create(deployment("web", replicas, tolerations));
        await().atMost(WAIT).until(() -> ready(setup, "web") == replicas);

        // the victim: a member that is not the controllers' leader and whose nodes run pods of the deployment
        CorralMember leader = awaitOneLeader();
        CorralMember victim = members.stream().filter(m -> m != leader)
                .max((a, b) -> Long.compare(podsOn(setup, nodeNames(a)), podsOn(setup, nodeNames(b)))).orElseThrow();
        Set<String> deadNodes = nodeNames(victim);
        assertThat(podsOn(setup, deadNodes)).isPositive();
        CorralClient client = leader.client();
        closeables.add(client);
        await().atMost(WAIT).until(() -> live.count(leader, "web") == replicas);

        long killed = System.nanoTime();
        kill(victim);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> deadNodes.stream()
                .allMatch(n -> "Unknown".equals(readyOf(client.nodes().require(n)))));
        Duration notReady = Duration.ofNanos(System.nanoTime() - killed);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> podsOn(client, deadNodes) == 0);
        Duration evicted = Duration.ofNanos(System.nanoTime() - killed);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<Pod> pods = livePods(client, "web");
            return pods.size() == replicas && pods.stream().allMatch(ControllerFailoverIT::isReady)
                    && pods.stream().noneMatch(p -> deadNodes.contains(p.spec().nodeName()));
        });
        Duration recovered = Duration.ofNanos(System.nanoTime() - killed);
        Duration bound = grace.plusSeconds(tolerationSeconds).plus(slack);
        System.out.printf("NODE MEMBER FAILURE: nodes %s NotReady after %d ms, their pods evicted after %d ms, %d replicas ready"
                        + " elsewhere after %d ms (grace %d ms + toleration %d s; bound with slack %d ms); most live pods %d%n",
                deadNodes, notReady.toMillis(), evicted.toMillis(), replicas, recovered.toMillis(), grace.toMillis(),
                tolerationSeconds, bound.toMillis(), live.max("web", 0));
        // the last heartbeat came up to a quarter of the grace before the kill
        assertThat(notReady).as("NotReady only after the grace period").isGreaterThanOrEqualTo(grace.dividedBy(2));
        assertThat(evicted.minus(notReady)).as("evicted only after the toleration")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(tolerationSeconds).minusSeconds(1));
        assertThat(recovered).as("recovered within grace + toleration + slack").isLessThan(bound);
        assertThat(live.max("web", 0)).isEqualTo(replicas);
        Deployment deployment = client.deployments().inNamespace(NS).require("web");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(client.deployments().inNamespace(NS).require("web").status().readyReplicas()).isEqualTo(replicas));
        assertThat(deployment.spec().replicas()).isEqualTo(replicas);
    }

    @Test
    @DisplayName("a leader that loses its lease stops its controllers and, when the lease is free again, takes it back and acts")
    void regainsLeadership() {
        startCluster(1, 1, Duration.ofSeconds(60));
        CorralMember member = members.get(0);
        CorralClient client = member.client();
        closeables.add(client);
        client.namespaces().create(Namespace.builder().metadata(ObjectMeta.named(NS)).build());
        await().atMost(WAIT).until(() -> member.controllerElection().isLeader() && member.controllerManager().ready());
        client.replicaSets().inNamespace(NS).create(ReplicaSet.builder().metadata(ObjectMeta.of(NS, "rs"))
                .spec(new ReplicaSetSpec(2, null, LabelSelector.matchLabels(Map.of("app", "rs")), template("rs", List.of())))
                .build());
        await().atMost(WAIT).until(() -> ready(client, "rs") == 2);

        // an intruder takes the lease for 4 s and never renews it
        Instant now = Instant.now();
        client.leases().inNamespace("kube-system").edit("corral-controller-manager", l ->
                l.withSpec(new LeaseSpec("intruder", 4, now, now, l.spec().leaseTransitions() + 1)));
        await().atMost(WAIT).until(() -> !member.controllerElection().isLeader()
                && !member.controllerManager().running()
                && !member.controllerElection().isRunning("node-lifecycle")
                && !member.endpointsController().hasSynced());
        client.replicaSets().inNamespace(NS).edit("rs", rs -> rs.withSpec(new ReplicaSetSpec(3, rs.spec().minReadySeconds(),
                rs.spec().selector(), rs.spec().template())));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> livePods(client, "rs").size() == 2);

        await().atMost(WAIT).until(() -> member.controllerElection().isLeader() && member.controllerManager().ready());
        await().atMost(WAIT).until(() -> ready(client, "rs") == 3);
        assertThat(member.controllerElection().termsLed()).isEqualTo(2);
        assertThat(lease(client).spec().holderIdentity()).isEqualTo(member.controllerElection().elector().config().identity());
    }

    // ---------------------------------------------------------------------------------------------

    private void startCluster(int size, int nodesPerMember, Duration nodeGrace) {
        String cluster = "corral-failover-it-" + UUID.randomUUID();
        int base = 20_000 + ThreadLocalRandom.current().nextInt(30_000);
        List<String> join = IntStream.range(base, base + size).mapToObj(p -> "127.0.0.1:" + p).toList();
        Duration beat = nodeGrace.dividedBy(4);
        List<CompletableFuture<CorralMember>> starting = IntStream.range(0, size)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> CorralMember.builder().clusterName(cluster)
                        .clusterPort(base).join(join)
                        .leaderElection(LEASE, RENEW, RETRY)
                        .simulatedNodes(nodesPerMember)
                        .nodeAgentConfig(b -> b.heartbeatInterval(beat).leaseDuration(nodeGrace))
                        .nodeLifecycle(b -> b.gracePeriod(nodeGrace).interval(Duration.ofMillis(250)))
                        .start()))
                .toList();
        starting.forEach(f -> members.add(f.join()));
        CorralClient client = members.get(0).client();
        try {
            await().atMost(WAIT).ignoreExceptions().until(() -> client.namespaces().get("kube-system").isPresent()
                    && client.nodes().list().items().stream().filter(n -> "True".equals(readyOf(n))).count()
                    == (long) size * nodesPerMember);
        } finally {
            client.close();
        }
    }

    /** A watcher on every member (whichever dies, the others keep watching), for the whole test. */
    private Watchers watchers() {
        Map<CorralMember, LiveCounter> byMember = new java.util.LinkedHashMap<>();
        for (CorralMember m : members) {
            CorralClient c = m.client();
            closeables.add(c);
            LiveCounter counter = new LiveCounter(c);
            closeables.add(counter);
            byMember.put(m, counter);
        }
        return new Watchers(byMember);
    }

    /** The most live pods any watcher saw at once, per app and phase. */
    private record Watchers(Map<CorralMember, LiveCounter> byMember) {
        int count(CorralMember member, String app) {
            return byMember.get(member).count(app);
        }

        void nextPhase() {
            byMember.values().forEach(LiveCounter::nextPhase);
        }

        int max(String app, int phase) {
            return byMember.values().stream().mapToInt(c -> c.max(app, phase)).max().orElse(0);
        }

        Map<Integer, Integer> maxima(String app) {
            Map<Integer, Integer> all = new java.util.TreeMap<>();
            byMember.values().forEach(c -> c.maxima(app).forEach((phase, n) -> all.merge(phase, n, Math::max)));
            return all;
        }
    }

    private CorralMember awaitOneLeader() {
        await().atMost(WAIT).until(() -> members.stream().filter(m -> m.controllerElection().isLeader()).count() == 1);
        return members.stream().filter(m -> m.controllerElection().isLeader()).findFirst().orElseThrow();
    }

    /** As a process crash: Hazelcast goes without a goodbye, so the lease is not released. */
    private void kill(CorralMember member) {
        LOG.info("killing member {}", member.hazelcast().getName());
        member.hazelcast().getLifecycleService().terminate();
        member.close();
        members.remove(member);
    }

    private static Lease lease(CorralClient client) {
        return client.leases().inNamespace("kube-system").require("corral-controller-manager");
    }

    private static Set<String> nodeNames(CorralMember member) {
        return member.nodes().nodes().stream().map(NodeService::nodeName).collect(Collectors.toSet());
    }

    private static long podsOn(CorralClient client, Set<String> nodes) {
        return livePods(client, "web").stream().filter(p -> nodes.contains(p.spec().nodeName())).count();
    }

    private static List<Pod> livePods(CorralClient client, String app) {
        return client.pods().inNamespace(NS).list().items().stream()
                .filter(p -> app.equals(p.metadata().labels().get("app")) && p.metadata().deletionTimestamp() == null)
                .toList();
    }

    private static long ready(CorralClient client, String app) {
        return livePods(client, app).stream().filter(ControllerFailoverIT::isReady).count();
    }

    private static boolean isReady(Pod pod) {
        return pod.status() != null && pod.status().conditions() != null && pod.status().conditions().stream()
                .anyMatch(c -> "Ready".equals(c.type()) && "True".equals(c.status()));
    }

    private static String readyOf(Node node) {
        return node.status() == null || node.status().conditions() == null ? "?" : node.status().conditions().stream()
                .filter(c -> "Ready".equals(c.type())).map(c -> c.status()).findFirst().orElse("?");
    }

    private static PodTemplateSpec template(String app, List<Toleration> tolerations) {
        return PodTemplateSpec.builder().metadata(ObjectMeta.builder().labels(Map.of("app", app)).build())
                .spec(PodSpec.builder().terminationGracePeriodSeconds(1L).tolerations(tolerations)
                        .containers(List.of(Container.builder().name("app").image("busybox:1.36")
                                .command(List.of("sh", "-c", "sleep infinity")).build())).build())
                .build();
    }

    private static Deployment deployment(String app, int replicas, List<Toleration> tolerations) {
        return Deployment.builder().metadata(ObjectMeta.of(NS, app))
                .spec(DeploymentSpec.builder().replicas(replicas).selector(LabelSelector.matchLabels(Map.of("app", app)))
                        .template(template(app, tolerations))
                        .strategy(new DeploymentStrategy("RollingUpdate",
                                new RollingUpdateDeployment(IntOrString.of(0), IntOrString.of(1))))
                        .build())
                .build();
    }

    /**
     * Follows the pods of the namespace through a watch (every event, not samples) and records, per
     * {@code app} label and phase of the test, the most pods alive at once (not marked for deletion).
     */
    private static final class LiveCounter implements AutoCloseable {
        private final SharedInformer<Pod> pods;
        private final Map<String, String> liveApps = new ConcurrentHashMap<>();
        private final Map<String, Map<Integer, Integer>> maxima = new ConcurrentHashMap<>();
        private final AtomicInteger phase = new AtomicInteger();

        LiveCounter(CorralClient client) {
            this.pods = SharedInformer.of(client.pods().inNamespace(NS));
            pods.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    seen(pod);
                }

                @Override
                public void onUpdate(Pod oldPod, Pod newPod) {
                    seen(newPod);
                }

                @Override
                public void onDelete(Pod pod, boolean finalStateUnknown) {
                    liveApps.remove(pod.metadata().name());
                }
            });
            pods.start();
            await().atMost(WAIT).until(pods::hasSynced);
        }

        private synchronized void seen(Pod pod) {
            String app = pod.metadata().labels() == null ? null : pod.metadata().labels().get("app");
            if (app == null || pod.metadata().deletionTimestamp() != null) {
                liveApps.remove(pod.metadata().name());
                return;
            }
            liveApps.put(pod.metadata().name(), app);
            maxima.computeIfAbsent(app, a -> new ConcurrentHashMap<>()).merge(phase.get(), count(app), Math::max);
        }

        int count(String app) {
            return (int) liveApps.values().stream().filter(app::equals).count();
        }

        void nextPhase() {
            phase.incrementAndGet();
        }

        int max(String app, int inPhase) {
            return maxima.getOrDefault(app, Map.of()).getOrDefault(inPhase, 0);
        }

        Map<Integer, Integer> maxima(String app) {
            return Map.copyOf(maxima.getOrDefault(app, Map.of()));
        }

        @Override
        public void close() {
            pods.close();
        }
    }
}
