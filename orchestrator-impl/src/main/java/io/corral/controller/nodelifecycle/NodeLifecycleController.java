package io.corral.controller.nodelifecycle;

import io.corral.api.client.CorralClient;
import io.corral.api.client.DeleteOptions;
import io.corral.api.model.coordination.Lease;
import io.corral.api.model.core.Node;
import io.corral.api.model.core.NodeCondition;
import io.corral.api.model.core.NodeSpec;
import io.corral.api.model.core.NodeStatus;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.Taint;
import io.corral.api.model.core.Toleration;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.node.NodeObjects;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The basics of Kubernetes' node lifecycle controller.
 *
 * <ol>
 *   <li>A node whose {@code Lease} in {@code kube-node-lease} was not renewed for the
 *       {@link Builder#gracePeriod grace period} (default 40 s; without a lease, the {@code Ready}
 *       condition's last heartbeat or the node's creation counts) gets every condition set to
 *       {@code Unknown} (reason {@code NodeStatusUnknown}) and the taints
 *       {@value #UNREACHABLE_TAINT} with effects {@code NoSchedule} and {@code NoExecute}.</li>
 *   <li>A pod on such a node is evicted (deleted, with its own grace period and a uid precondition)
 *       once the {@code NoExecute} taint is older than the pod's toleration of it: the
 *       {@code tolerationSeconds} of a matching toleration (one without seconds tolerates forever),
 *       else the {@link Builder#defaultTolerationSeconds default} (300 s, Kubernetes' default
 *       toleration).</li>
 *   <li>When the lease is renewed again, the unreachable taints are removed (the agent's own heartbeat
 *       sets its conditions back).</li>
 * </ol>
 * Every write is conditional (resourceVersion or uid precondition) and a pass changes only what
 * differs from the wanted state, so several members may run the controller at once; a
 * {@link Builder#isLeader leader check}, asked before every node, makes all but one idle.
 * {@code CorralMember} runs it only on the holder of the controller manager's lease, with that
 * term's {@code isStillLeader} as the check, and a fresh instance for every term.
 *
 * <p>Thread-safe; {@link #reconcile()} may also be called directly (tests).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NodeLifecycleController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);
    /** The taint key of a node whose heartbeat stopped. */
    public static final String UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
    private static final String NO_EXECUTE = "NoExecute";
    private static final String NO_SCHEDULE = "NoSchedule";

    private final CorralClient client;
    private final Duration gracePeriod;
    private final Duration interval;
    private final long defaultTolerationSeconds;
    private final Clock clock;
    private final BooleanSupplier isLeader;
    private ScheduledExecutorService scheduler;

    private NodeLifecycleController(Builder b) {
        this.client = b.client;
        this.gracePeriod = b.gracePeriod;
        this.interval = b.interval;
        this.defaultTolerationSeconds = b.defaultTolerationSeconds;
        this.clock = b.clock;
        this.isLeader = b.isLeader;
    }

    public static Builder builder(CorralClient client) {
        return new Builder(client);
    }

    /** Runs {@link #reconcile()} every interval on a thread of its own, until {@link #close()}. */
    public synchronized NodeLifecycleController start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "corral-node-lifecycle");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                reconcile();
            } catch (RuntimeException e) {
                LOG.debug("node lifecycle pass failed: {}", e.getMessage());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One pass over every node; does nothing unless this member is the leader. */
    public void reconcile() {
        if (!isLeader.getAsBoolean()) {
            return;
        }
        Instant now = clock.instant();
        Map<String, Lease> leases = new HashMap<>();
        client.leases().inNamespace(NodeObjects.LEASE_NAMESPACE).list().items()
                .forEach(l -> leases.put(l.metadata().name(), l));
        List<Pod> pods = null;
        for (Node node : client.nodes().list().items()) {
            if (!isLeader.getAsBoolean()) {
                return; // the term ended during the pass: the next leader carries on
            }
            String name = node.metadata().name();
            Instant renewed = lastHeartbeat(node, leases.get(name));
            boolean stale = renewed.plus(gracePeriod).isBefore(now);
            try {
                if (stale) {
                    markUnknown(name, now);
                    Instant tainted = taint(name, now);
                    if (pods == null) {
                        pods = client.pods().inAnyNamespace().list().items();
                    }
                    evict(name, tainted, pods, now);
                } else if (hasUnreachableTaint(node)) {
                    untaint(name);
                }
            } catch (ApiException e) {
                LOG.debug("node {}: {}", name, e.getMessage());
            }
        }
    }

    private static Instant lastHeartbeat(Node node, Lease lease) {
        if (lease != null && lease.spec() != null && lease.spec().renewTime() != null) {
            return lease.spec().renewTime();
        }
        if (node.status() != null && node.status().conditions() != null) {
            for (NodeCondition c : node.status().conditions()) {
                if ("Ready".equals(c.type()) && c.lastHeartbeatTime() != null) {
                    return c.lastHeartbeatTime();
                }
            }
        }
        return Objects.requireNonNullElse(node.metadata().creationTimestamp(), Instant.EPOCH);
    }

    private void markUnknown(String name, Instant now) {
        retryOnConflict(() -> {
            Node node = client.nodes().require(name);
            NodeStatus status = node.status();
            List<NodeCondition> conditions = status == null || status.conditions() == null ? List.of() : status.conditions();
            boolean hasReady = conditions.stream().anyMatch(c -> "Ready".equals(c.type()));
            if (hasReady && conditions.stream().allMatch(c -> "Unknown".equals(c.status()))) {
                return;
            }
            List<NodeCondition> next = new ArrayList<>();
            for (NodeCondition c : conditions) {
                next.add("Unknown".equals(c.status()) ? c : new NodeCondition(c.type(), "Unknown", c.lastHeartbeatTime(), now,
                        "NodeStatusUnknown", "Kubelet stopped posting node status."));
            }
            if (!hasReady) {
                next.add(new NodeCondition("Ready", "Unknown", null, now, "NodeStatusNeverUpdated",
                        "Kubelet never posted node status."));
            }
            NodeStatus updated = status == null
                    ? new NodeStatus(null, null, null, next, null, null, null)
                    : new NodeStatus(status.capacity(), status.allocatable(), status.phase(), next, status.addresses(),
                    status.daemonEndpoints(), status.nodeInfo());
            client.nodes().updateStatus(node.withStatus(updated));
            LOG.info("node {} is unreachable: its lease was not renewed for {}", name, gracePeriod);
        });
    }

    /** Adds the unreachable taints unless present; returns when the NoExecute one was added. */
    private Instant taint(String name, Instant now) {
        Node node = client.nodes().edit(name, n -> {
            List<Taint> taints = taints(n);
            List<Taint> next = new ArrayList<>(taints);
            for (String effect : List.of(NO_SCHEDULE, NO_EXECUTE)) {
                if (taints.stream().noneMatch(t -> UNREACHABLE_TAINT.equals(t.key()) && effect.equals(t.effect()))) {
                    next.add(new Taint(UNREACHABLE_TAINT, null, effect, now));
                }
            }
            return next.size() == taints.size() ? n : n.withSpec(withTaints(n.spec(), next));
        });
        return taints(node).stream().filter(t -> UNREACHABLE_TAINT.equals(t.key()) && NO_EXECUTE.equals(t.effect()))
                .map(Taint::timeAdded).filter(Objects::nonNull).findFirst().orElse(now);
    }

    private void untaint(String name) {
        client.nodes().edit(name, n -> {
            List<Taint> taints = taints(n);
            List<Taint> next = taints.stream().filter(t -> !UNREACHABLE_TAINT.equals(t.key())).toList();
            return next.size() == taints.size() ? n : n.withSpec(withTaints(n.spec(), next));
        });
        LOG.info("node {} is reachable again", name);
    }

    private void evict(String nodeName, Instant tainted, List<Pod> pods, Instant now) {
        for (Pod pod : pods) {
            if (pod.spec() == null || !nodeName.equals(pod.spec().nodeName()) || pod.metadata().deletionTimestamp() != null) {
                continue;
            }
            OptionalLong seconds = tolerationSeconds(pod);
            if (seconds.isEmpty() || tainted.plusSeconds(seconds.getAsLong()).isAfter(now)) {
                continue;
            }
            try {
                client.pods().inNamespace(pod.metadata().namespace()).delete(pod.metadata().name(),
                        DeleteOptions.DEFAULTS.withPreconditions(DeleteOptions.Preconditions.uid(pod.metadata().uid())));
                LOG.info("evicted pod {}/{} from unreachable node {}", pod.metadata().namespace(), pod.metadata().name(), nodeName);
            } catch (ApiException e) {
                if (e.reason() != StatusReason.NOT_FOUND && e.reason() != StatusReason.CONFLICT) {
                    throw e;
                }
            }
        }
    }

    /** How long the pod tolerates the unreachable NoExecute taint; empty for ever. */
    OptionalLong tolerationSeconds(Pod pod) {
        List<Toleration> tolerations = pod.spec().tolerations() == null ? List.of() : pod.spec().tolerations();
        for (Toleration t : tolerations) {
            boolean keyMatches = t.key() == null || t.key().isEmpty()
                    ? "Exists".equals(t.operator())
                    : UNREACHABLE_TAINT.equals(t.key());
            boolean effectMatches = t.effect() == null || t.effect().isEmpty() || NO_EXECUTE.equals(t.effect());
            if (keyMatches && effectMatches) {
                return t.tolerationSeconds() == null ? OptionalLong.empty()
                        : OptionalLong.of(Math.max(0, t.tolerationSeconds()));
            }
        }
        return OptionalLong.of(defaultTolerationSeconds);
    }

    private static boolean hasUnreachableTaint(Node node) {
        return taints(node).stream().anyMatch(t -> UNREACHABLE_TAINT.equals(t.key()));
    }

    private static List<Taint> taints(Node node) {
        return node.spec() == null || node.spec().taints() == null ? List.of() : node.spec().taints();
    }

    private static NodeSpec withTaints(NodeSpec spec, List<Taint> taints) {
        return spec == null ? new NodeSpec(null, null, null, null, taints)
                : new NodeSpec(spec.podCIDR(), spec.podCIDRs(), spec.providerID(), spec.unschedulable(), taints);
    }

    private static void retryOnConflict(Runnable write) {
        for (int i = 0; ; i++) {
            try {
                write.run();
                return;
            } catch (ApiException e) {
                if (e.reason() != StatusReason.CONFLICT || i >= 4) {
                    throw e;
                }
            }
        }
    }

    /** Stops the periodic passes; idempotent. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Builder of {@link NodeLifecycleController}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final CorralClient client;
        private Duration gracePeriod = Duration.ofSeconds(40);
        private Duration interval = Duration.ofSeconds(5);
        private long defaultTolerationSeconds = 300;
        private Clock clock = Clock.systemUTC();
        private BooleanSupplier isLeader = () -> true;

        private Builder(CorralClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** How long a lease may go unrenewed before the node is unreachable; default 40 s. */
        public Builder gracePeriod(Duration v) { this.gracePeriod = positive(v, "gracePeriod"); return this; }
        /** How often a pass runs; default 5 s. */
        public Builder interval(Duration v) { this.interval = positive(v, "interval"); return this; }
        /** How long a pod without a matching toleration stays on an unreachable node; default 300 s. */
        public Builder defaultTolerationSeconds(long v) {
            if (v < 0) {
                throw new IllegalArgumentException("defaultTolerationSeconds must not be negative, was " + v);
            }
            this.defaultTolerationSeconds = v;
            return this;
        }
        public Builder clock(Clock v) { this.clock = Objects.requireNonNull(v); return this; }
        /** Whether this member may act; the leader elector's answer. Always true by default. */
        public Builder isLeader(BooleanSupplier v) { this.isLeader = Objects.requireNonNull(v); return this; }

        public NodeLifecycleController build() {
            return new NodeLifecycleController(this);
        }

        private static Duration positive(Duration v, String field) {
            if (v == null || v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(field + " must be positive, was " + v);
            }
            return v;
        }
    }
}
