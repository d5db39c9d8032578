package io.corral.junit;

import io.corral.api.client.CorralClient;
import io.corral.api.labels.Selector;
import io.corral.api.model.core.Event;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeCondition;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodCondition;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.corral.member.CorralMember;
import io.corral.runtime.simulated.SimulatedRuntime;
import io.corral.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running ephemeral cluster: its members (in this JVM, on loopback), clients, fault injection and wait helpers.
 *
 * <p>Every cluster has a unique Hazelcast cluster name and its own free ports, so clusters started by tests that
 * run in parallel never join each other. {@link #close()} closes every member and client; it is idempotent.
 *
 * <p>Threading: all methods may be called from any thread; fault injection and {@link #close()} are serialized.
 * The await helpers poll the in-process client of the first live member every 50 ms.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CorralTestCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CorralTestCluster.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final int PARTITIONS = 31;
    private static final int HEARTBEAT_TIMEOUT_SECONDS = 5;

    private final ClusterSpec spec;
    private final String clusterName;
    private final List<CorralMember> members;
    private final List<CorralClient> clients;
    private final boolean[] killed;
    private final Map<String, SimulatedRuntime> runtimes;
    private final TestClock clock;
    private final List<CorralMemberProcess> processes = new ArrayList<>();
    private boolean closed;

    private CorralTestCluster(ClusterSpec spec, String clusterName, List<CorralMember> members,
                              Map<String, SimulatedRuntime> runtimes, TestClock clock) {
        this.spec = spec;
        this.clusterName = clusterName;
        this.members = List.copyOf(members);
        this.runtimes = runtimes;
        this.clock = clock;
        this.clients = members.stream().map(CorralMember::client).toList();
        this.killed = new boolean[members.size()];
    }

    /**
     * Starts a cluster of the given shape and waits until it serves: the system namespaces are readable through
     * every member and every simulated node is registered. On failure (including the timeout of
     * {@link ClusterSpec#startTimeout()}) whatever was started is closed again before the exception propagates.
     *
     * @throws IllegalStateException if the cluster is not ready in time
     */
    public static CorralTestCluster start(ClusterSpec spec) {
        Objects.requireNonNull(spec, "spec");
        String name = "corral-test-" + UUID.randomUUID();
        List<Integer> ports = freePorts(spec.members());
        TestClock clock = new TestClock();
        Map<String, SimulatedRuntime> runtimes = new LinkedHashMap<>();
        List<List<String>> nodesOf = new ArrayList<>();
        for (int m = 0; m < spec.members(); m++) {
            nodesOf.add(new ArrayList<>());
        }
        for (int i = 0; i < spec.simulatedNodes(); i++) {
            String node = "node-" + i;
            runtimes.put(node, SimulatedRuntime.builder().nodeName(node).cpuMillis(spec.nodeCpuMillis())
                    .memoryBytes(spec.nodeMemoryBytes()).pods(spec.nodePods()).labels(spec.nodeLabels()).clock(clock)
                    .build());
            nodesOf.get(i % spec.members()).add(node);
        }
        List<CorralMember> started = new ArrayList<>();
        ExecutorService starter = Executors.newFixedThreadPool(spec.members(), r -> {
            Thread t = new Thread(r, name + "-starter");
            t.setDaemon(true);
            return t;
        });
        try {
            // Hazelcast first: member 0 alone becomes master at once and the others join it together (started
            // all at once, members spend about five seconds electing a master). Corral starts on the formed
            // cluster only: a member's nodes register through the store, which needs the quorum.
            String master = "127.0.0.1:" + ports.get(0);
            List<Member> formed = new ArrayList<>();
            formed.add(startHazelcast(spec, name, ports.get(0), List.of(master)));
            List<Future<Member>> joining = new ArrayList<>();
            for (int i = 1; i < spec.members(); i++) {
                int port = ports.get(i);
                joining.add(starter.submit(() -> startHazelcast(spec, name, port, List.of(master, "127.0.0.1:" + port))));
            }
            formed.addAll(collect(joining, name, formed, m -> m.hazelcast().getLifecycleService().terminate()));
            List<Future<CorralMember>> starting = new ArrayList<>();
            for (int i = 0; i < spec.members(); i++) {
                Member m = formed.get(i);
                Map<String, SimulatedRuntime> own = nodes(nodesOf.get(i), runtimes);
                starting.add(starter.submit(() -> startCorral(spec, m, own)));
            }
            try {
                started.addAll(collect(starting, name, started, CorralTestCluster::closeQuietly));
            } catch (RuntimeException e) {
                formed.forEach(m -> m.hazelcast().getLifecycleService().terminate());
                throw e;
            }
            CorralTestCluster cluster = new CorralTestCluster(spec, name, started, runtimes, clock);
            try {
                cluster.awaitReady();
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
            return cluster;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.forEach(CorralTestCluster::closeQuietly);
            runtimes.values().forEach(SimulatedRuntime::close);
            throw new IllegalStateException("interrupted while starting " + name, e);
        } catch (RuntimeException e) {
            started.forEach(CorralTestCluster::closeQuietly);
            runtimes.values().forEach(SimulatedRuntime::close);
            throw e;
        } finally {
            starter.shutdownNow();
        }
    }

    private static Map<String, SimulatedRuntime> nodes(List<String> names, Map<String, SimulatedRuntime> runtimes) {
        Map<String, SimulatedRuntime> own = new LinkedHashMap<>();
        names.forEach(n -> own.put(n, runtimes.get(n)));
        return own;
    }

    /** A Hazelcast member and the store configuration it was made from. */
    record Member(HazelcastInstance hazelcast, StoreConfig store) {
    }

    /** Waits for every future; on a failure, undoes the successful ones with {@code undo} and throws. */
    private static <T> List<T> collect(List<Future<T>> futures, String name, List<T> alreadyDone,
                                       java.util.function.Consumer<T> undo) throws InterruptedException {
        List<T> done = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<T> f : futures) {
            try {
                done.add(f.get());
            } catch (ExecutionException e) {
                failure = failure != null ? failure
                        : new IllegalStateException("a member of " + name + " failed to start", e.getCause());
            }
        }
        if (failure != null) {
            done.forEach(undo);
            alreadyDone.forEach(undo);
            throw failure;
        }
        return done;
    }

    static Member startHazelcast(ClusterSpec spec, String name, int port, List<String> join) {
        int majority = spec.members() / 2 + 1;
        // The same guarantees as CorralMember's defaults (majority quorum, synchronous backups), tuned for
        // tests: fewer partitions, quicker failure detection, and no batching delay before joins.
        StoreConfig store = StoreConfig.builder()
                .clusterName(name)
                .bindAddress("127.0.0.1")
                .port(port)
                .members(join)
                .quorum(majority)
                .backupCount(Math.min(6, Math.max(1, majority - 1)))
                .partitionCount(PARTITIONS)
                .maxNoHeartbeatSeconds(HEARTBEAT_TIMEOUT_SECONDS)
                .build();
        Config config = store.toHazelcastConfig();
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        return new Member(Hazelcast.newHazelcastInstance(config), store);
    }

    static CorralMember startCorral(ClusterSpec spec, Member hz, Map<String, SimulatedRuntime> nodes) {
        CorralMember.Builder member = CorralMember.builder()
                .hazelcast(hz.hazelcast())
                .storeConfig(hz.store())
                .apiHost("127.0.0.1")
                .apiPort(0)
                .controllers(spec.controllers())
                .leaderElection(spec.leaseDuration(), spec.renewDeadline(), spec.retryPeriod());
        nodes.forEach(member::node); // runtimes not owned by the member: the cluster closes them last
        Duration grace = spec.nodeGracePeriod();
        Duration beat = grace.dividedBy(4);
        member.nodeAgentConfig(b -> b.heartbeatInterval(beat).leaseDuration(grace))
                .nodeLifecycle(b -> b.gracePeriod(grace).interval(beat.compareTo(Duration.ofSeconds(5)) < 0
                        ? beat : Duration.ofSeconds(5)));
        return member.start();
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(spec.startTimeout());
        for (int i = 0; i < members.size(); i++) {
            CorralClient client = clients.get(i);
            int index = i;
            waitUntil(deadline, () -> client.namespaces().get("default").isPresent(),
                    () -> "member " + index + " of " + clusterName + " did not serve the default namespace within "
                            + spec.startTimeout());
        }
        if (spec.simulatedNodes() > 0) {
            waitUntil(deadline, () -> client().nodes().list().items().stream()
                            .filter(n -> runtimes.containsKey(n.metadata().name()) && "True".equals(readyOf(n))).count()
                            == spec.simulatedNodes(),
                    () -> "not all " + spec.simulatedNodes() + " simulated nodes registered and Ready within "
                            + spec.startTimeout());
        }
    }

    // ------------------------------------------------------------------ access

    /** The shape this cluster was started with. */
    public ClusterSpec spec() {
        return spec;
    }

    /** The unique Hazelcast cluster name. */
    public String clusterName() {
        return clusterName;
    }

    /** Number of members started, killed ones included. */
    public int size() {
        return members.size();
    }

    /** Member {@code i} (0-based), even if it was killed. */
    public CorralMember member(int i) {
        return members.get(Objects.checkIndex(i, members.size()));
    }

    /** The members not killed, in index order. */
    public synchronized List<CorralMember> liveMembers() {
        return IntStream.range(0, members.size()).filter(i -> !killed[i]).mapToObj(members::get).toList();
    }

    /** The in-process client of member 0; it fails once member 0 is killed (use {@link #client(int)}). */
    public CorralClient client() {
        return client(0);
    }

    /** The in-process client of member {@code i}; owned by this cluster, do not close it. */
    public CorralClient client(int i) {
        return clients.get(Objects.checkIndex(i, clients.size()));
    }

    /** The HTTP API URL of member 0, like {@code http://127.0.0.1:41234}. */
    public URI apiUrl() {
        return apiUrl(0);
    }

    /** The HTTP API URL of member {@code i}. */
    public URI apiUrl(int i) {
        return URI.create(member(i).apiUrl());
    }

    /** Whether {@link #close()} ran. */
    public synchronized boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------ fault injection

    /**
     * Crashes member {@code i}: its Hazelcast instance is terminated without a graceful leave (the others see
     * the member vanish, as after a process crash or a pulled cable), then its API server and services are
     * closed. Idempotent. With three members the cluster keeps serving writes through the other two.
     */
    public synchronized void killMember(int i) {
        CorralMember member = member(i);
        if (killed[i]) {
            return;
        }
        killed[i] = true;
        LOG.info("killing member {} of {}", i, clusterName);
        member.hazelcast().getLifecycleService().terminate();
        closeQuietly(member);
    }

    /** The simulated nodes member {@code i} runs (and that go silent when it is killed). */
    public List<String> nodesOf(int i) {
        Objects.checkIndex(i, members.size());
        List<String> names = nodeNames();
        return IntStream.range(0, names.size()).filter(n -> n % members.size() == i).mapToObj(names::get).toList();
    }

    /**
     * The index of the live member that runs the controllers now (it holds the lease
     * {@code kube-system/corral-controller-manager}), or -1 when none does (e.g. just after the leader was
     * killed, until another takes over after the {@link ClusterSpec#leaseDuration() lease duration}).
     */
    public synchronized int controllerLeader() {
        for (int i = 0; i < members.size(); i++) {
            if (!killed[i] && members.get(i).controllerElection() != null && members.get(i).controllerElection().isLeader()) {
                return i;
            }
        }
        return -1;
    }

    /** The names of the simulated nodes, {@code node-0} to {@code node-(n-1)}; node i runs on member i % members. */
    public List<String> nodeNames() {
        return List.copyOf(runtimes.keySet());
    }

    /**
     * The simulated runtime of a node, for finer failure injection ({@code crash}, {@code failPulls},
     * {@code setUnready}, ...).
     *
     * @throws IllegalArgumentException naming the node if there is no such simulated node
     */
    public SimulatedRuntime runtime(String node) {
        SimulatedRuntime runtime = runtimes.get(node);
        if (runtime == null) {
            throw new IllegalArgumentException("node: no simulated node '" + node + "' in " + clusterName
                    + " (nodes: " + (runtimes.isEmpty() ? "none" : "node-0.." + "node-" + (runtimes.size() - 1)) + ")");
        }
        return runtime;
    }

    /**
     * Stops the node's agent: no more heartbeats, lease renewals or pod syncs, as for a node that lost its
     * network. The Node object stays; the node lifecycle controller marks it {@code Unknown} once its lease is
     * older than the grace period (40 s by default) and evicts its pods after their toleration. The node's
     * containers keep running in its runtime. Idempotent; there is no way back for this node.
     */
    public synchronized void stopNodeHeartbeat(String node) {
        runtime(node); // validates the name
        int owner = nodeNames().indexOf(node) % members.size();
        if (killed[owner]) {
            return; // went down with its member
        }
        member(owner).nodes().node(node).ifPresent(service -> service.close());
    }

    /** Makes the next {@code n} container starts on the node fail ({@code RunContainerError}). */
    public void failNextStarts(String node, int n) {
        runtime(node).failNextStarts(n);
    }

    /**
     * Moves the clock of the simulated runtimes forward: scripted containers ({@code sleep}, exits) and start
     * latencies see the time pass at once. Only their time is injectable: node agents (heartbeats, leases,
     * restart back-off), the node lifecycle controller, the scheduler, the controllers and API timestamps run on
     * the system clock, because {@link CorralMember}'s builder takes no clock for them (the lifecycle
     * controller's builder does, but advancing it alone would make every lease look stale).
     */
    public void advanceClock(Duration by) {
        clock.advance(Objects.requireNonNull(by, "by"));
    }

    /** The clock of the simulated runtimes: system time plus every {@link #advanceClock} so far. */
    public java.time.Clock clock() {
        return clock;
    }

    /** The Hazelcast addresses of the live members, {@code 127.0.0.1:port}: where a new member joins. */
    synchronized List<String> joinAddresses() {
        return IntStream.range(0, members.size()).filter(i -> !killed[i])
                .mapToObj(i -> "127.0.0.1:" + members.get(i).hazelcast().getCluster().getLocalMember().getAddress().getPort()).toList();
    }

    /** Takes a member process into this cluster: it is closed with the cluster, before the members. */
    synchronized void adopt(CorralMemberProcess process) {
        if (closed) {
            process.close();
            throw new IllegalStateException(clusterName + " is closed");
        }
        processes.add(process);
    }

    /** The member processes joined so far ({@link CorralMemberProcess#join}). */
    public synchronized List<CorralMemberProcess> memberProcesses() {
        return List.copyOf(processes);
    }

    /** Whether member {@code i} was killed. */
    public synchronized boolean isKilled(int i) {
        return killed[Objects.checkIndex(i, killed.length)];
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Waits until at least one pod in {@code namespace} matches {@code selector} and every matching pod has
     * the condition {@code Ready=True}.
     *
     * @param selector a label selector like {@code app=web,tier in (a,b)}; empty selects all pods
     * @return the ready pods
     * @throws AssertionError on timeout, naming the pods that were not ready
     */
    public List<Pod> awaitPodsReady(String namespace, String selector, Duration timeout) {
        Selector parsed = Selector.parse(selector);
        Instant deadline = Instant.now().plus(timeout);
        List<Pod> last = List.of();
        while (true) {
            last = liveClient().pods().inNamespace(namespace).withLabelSelector(parsed).list().items();
            if (!last.isEmpty() && last.stream().allMatch(CorralTestCluster::isReady)) {
                return last;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("pods in " + namespace + " matching '" + selector + "' not ready within "
                        + timeout + "; seen: " + (last.isEmpty() ? "none" : last.stream().map(CorralTestCluster::describe).toList()));
            }
            sleep();
        }
    }

    /** {@link #awaitPod(String, String, Predicate, Duration)} with the spec's start timeout. */
    public Pod awaitPod(String namespace, String name, Predicate<Pod> predicate) {
        return awaitPod(namespace, name, predicate, spec.startTimeout());
    }

    /**
     * Waits until pod {@code namespace/name} exists and satisfies {@code predicate}.
     *
     * @return the pod as last read
     * @throws AssertionError on timeout, with the pod as last seen
     */
    public Pod awaitPod(String namespace, String name, Predicate<Pod> predicate, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<Pod> pod = liveClient().pods().inNamespace(namespace).get(name);
            if (pod.isPresent() && predicate.test(pod.get())) {
                return pod.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("pod " + namespace + "/" + name + " did not match within " + timeout
                        + "; last seen: " + pod.map(CorralTestCluster::describe).orElse("absent"));
            }
            sleep();
        }
    }

    /** The events of {@code namespace}, oldest first. */
    public List<Event> events(String namespace) {
        return liveClient().events().inNamespace(namespace).list().items().stream()
                .sorted(Comparator.comparing(CorralTestCluster::eventTime, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    /**
     * A readable snapshot of the cluster: members, namespaces, nodes with their Ready condition, pods with
     * phase and node, and events. Reads through the first live member; a part that cannot be read says why
     * instead of failing the dump.
     */
    public String dumpState() {
        StringBuilder out = new StringBuilder();
        out.append("=== Corral cluster ").append(clusterName).append(" ===\n");
        out.append("members:\n");
        for (int i = 0; i < members.size(); i++) {
            out.append("  ").append(i).append(' ').append(isKilled(i) ? "KILLED" : member(i).apiUrl()).append('\n');
        }
        for (CorralMemberProcess p : memberProcesses()) {
            out.append("  process ").append(p.pid()).append(' ').append(p.state()).append(' ').append(p.apiUrl()).append('\n');
        }
        section(out, "namespaces", () -> liveClient().namespaces().list().items().stream()
                .map(n -> n.metadata().name() + phaseOf(n)).toList());
        section(out, "nodes", () -> liveClient().nodes().list().items().stream()
                .map(n -> n.metadata().name() + " Ready=" + readyOf(n)).toList());
        section(out, "pods", () -> liveClient().pods().inAnyNamespace().list().items().stream()
                .map(CorralTestCluster::describe).toList());
        section(out, "events", () -> liveClient().events().inAnyNamespace().list().items().stream()
                .sorted(Comparator.comparing(CorralTestCluster::eventTime, Comparator.nullsFirst(Comparator.naturalOrder())))
                .map(e -> eventTime(e) + " " + e.type() + " " + e.reason() + " "
                        + (e.involvedObject() == null ? "" : e.involvedObject().kind() + " "
                        + e.involvedObject().namespace() + "/" + e.involvedObject().name()) + ": " + e.message())
                .toList());
        return out.toString();
    }

    /** Closes every client and member (killed ones were closed already). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        clients.forEach(c -> {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.warn("closing a client of {} failed", clusterName, e);
            }
        });
        // the last members first: member 0 serves the injected client until the end
        for (int i = members.size() - 1; i >= 0; i--) {
            closeQuietly(members.get(i));
        }
        runtimes.values().forEach(r -> {
            try {
                r.close();
            } catch (RuntimeException e) {
                LOG.warn("closing a simulated runtime of {} failed", clusterName, e);
            }
        });
        LOG.info("closed {}", clusterName);
    }

    // ------------------------------------------------------------------ internals

    private CorralClient liveClient() {
        synchronized (this) {
            for (int i = 0; i < killed.length; i++) {
                if (!killed[i]) {
                    return clients.get(i);
                }
            }
        }
        throw new IllegalStateException("every member of " + clusterName + " was killed");
    }

    private static void section(StringBuilder out, String title, Supplier<List<String>> lines) {
        out.append(title).append(":\n");
        try {
            List<String> items = lines.get();
            if (items.isEmpty()) {
                out.append("  (none)\n");
            }
            items.forEach(l -> out.append("  ").append(l).append('\n'));
        } catch (RuntimeException e) {
            out.append("  (unreadable: ").append(e).append(")\n");
        }
    }

    private static boolean isReady(Pod pod) {
        return pod.status() != null && pod.status().conditions() != null && pod.status().conditions().stream()
                .anyMatch(c -> "Ready".equals(c.type()) && "True".equals(c.status()));
    }

    private static String describe(Pod pod) {
        String phase = pod.status() == null ? "?" : pod.status().phase();
        String node = pod.spec() == null || pod.spec().nodeName() == null ? "<unscheduled>" : pod.spec().nodeName();
        String ready = pod.status() == null || pod.status().conditions() == null ? "?" : pod.status().conditions().stream()
                .filter(c -> "Ready".equals(c.type())).map(PodCondition::status).findFirst().orElse("?");
        return pod.metadata().namespace() + "/" + pod.metadata().name() + " phase=" + phase + " ready=" + ready
                + " node=" + node;
    }

    private static String phaseOf(Namespace ns) {
        return ns.status() == null || ns.status().phase() == null ? "" : " " + ns.status().phase();
    }

    static boolean isNodeReady(Node node) {
        return "True".equals(readyOf(node));
    }

    private static String readyOf(Node node) {
        return node.status() == null || node.status().conditions() == null ? "?" : node.status().conditions().stream()
                .filter(c -> "Ready".equals(c.type())).map(NodeCondition::status).findFirst().orElse("?");
    }

    private static Instant eventTime(Event e) {
        if (e.lastTimestamp() != null) {
            return e.lastTimestamp();
        }
        return e.eventTime() != null ? e.eventTime() : e.firstTimestamp();
    }

    private static void waitUntil(Instant deadline, Supplier<Boolean> condition, Supplier<String> failure) {
        RuntimeException lastError = null;
        while (true) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (RuntimeException e) {
                lastError = e; // the quorum may not be there yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(failure.get(), lastError);
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    /** Closes the member, then its Hazelcast instance (which the member does not own: we created it). */
    private static void closeQuietly(CorralMember member) {
        try {
            member.close();
        } catch (RuntimeException e) {
            LOG.warn("closing member {} failed", member, e);
        } finally {
            member.hazelcast().getLifecycleService().terminate();
        }
    }

    static List<Integer> freePorts(int n) {
        // all sockets stay open until every port is chosen, so the n ports are distinct
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                socket.setReuseAddress(true);
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing to clean up
                }
            }
        }
    }
}
