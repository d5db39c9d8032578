package io.corral.nodehost;

import io.corral.api.client.CorralClient;
import io.corral.api.client.informer.ResourceEventHandler;
import io.corral.api.client.informer.SharedInformer;
import io.corral.api.model.core.ConfigMap;
import io.corral.api.model.core.Namespace;
import io.corral.api.model.core.PersistentVolume;
import io.corral.api.model.core.PersistentVolumeClaim;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.Secret;
import io.corral.api.model.core.Service;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.node.NodeAgent;
import io.corral.node.NodeAgentConfig;
import io.corral.node.NodeObjects;
import io.corral.runtime.spi.ContainerRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.corral.runtime.spi.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes of one member: any number of {@link NodeService}s sharing one set of informers (pods of
 * every node, indexed by {@code spec.nodeName}; secrets, config maps, claims, volumes and services
 * for the pods' lookups), one scheduler, one pod worker pool and one event writer, so that a
 * simulated node costs a few objects, not threads.
 *
 * <pre>{@code
 * NodeHost host = NodeHost.builder(member.client()).endpoint(member.apiUrl()).build();
 * NodeService node = host.addNode(null, runtime, false);   // named after runtime.fingerprint().hostname()
 * }</pre>
 *
 * <p>Pods reach a node's agent only once every informer has synced (so a pod's secrets are
 * known when it is first translated); then the agent is told that its desired pods are complete.
 *
 * <p>Thread-safe. {@link #close()} closes every node, the informers and the host's threads; the
 * client, the registry and runtimes given from outside are not closed.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class NodeHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHost.class);
    private static final String NODE_INDEX = "spec.nodeName";
    private static final String UID_INDEX = "metadata.uid";

    private final CorralClient client;
    private final String endpoint;
    private final MeterRegistry registry;
    private final Clock clock;
    private final UnaryOperator<NodeAgentConfig.Builder> agentConfig;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService podWorkers;
    private final ExecutorService eventWriter;
    private final SharedInformer<Pod> pods;
    private final List<SharedInformer<?>> informers;
    private final ClusterPodResources resources;
    private final Map<String, NodeService> nodes = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> syncWatch;
    private volatile boolean ready;
    private volatile boolean closed;

    private NodeHost(Builder b) {
        this.client = b.client;
        this.endpoint = b.endpoint;
        this.registry = b.registry != null ? b.registry : new SimpleMeterRegistry();
        this.clock = b.clock;
        this.agentConfig = b.agentConfig;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
        this.scheduler = Executors.newScheduledThreadPool(2, daemon("corral-node-scheduler"));
        this.podWorkers = Executors.newCachedThreadPool(daemon("corral-pod-worker"));
        this.eventWriter = Executors.newSingleThreadExecutor(daemon("corral-node-events"));
        this.pods = SharedInformer.builder(client.pods().inAnyNamespace())
                .addIndex(NODE_INDEX, p -> p.spec() == null || p.spec().nodeName() == null ? List.of()
                        : List.of(p.spec().nodeName()))
                .addIndex(UID_INDEX, p -> p.metadata().uid() == null ? List.of() : List.of(p.metadata().uid()))
                .build();
        SharedInformer<Secret> secrets = SharedInformer.of(client.secrets().inAnyNamespace());
        SharedInformer<ConfigMap> configMaps = SharedInformer.of(client.configMaps().inAnyNamespace());
        SharedInformer<PersistentVolumeClaim> claims = SharedInformer.of(client.persistentVolumeClaims().inAnyNamespace());
        SharedInformer<PersistentVolume> volumes = SharedInformer.of(client.persistentVolumes());
        SharedInformer<Service> services = SharedInformer.of(client.services().inAnyNamespace());
        this.informers = List.of(pods, secrets, configMaps, claims, volumes, services);
        this.resources = new ClusterPodResources(secrets, configMaps, claims, volumes, services);
        pods.addEventHandler(new PodDispatch());
        informers.forEach(SharedInformer::start);
        this.syncWatch = scheduler.scheduleWithFixedDelay(this::checkSynced, 0, 50, TimeUnit.MILLISECONDS);
    }

    /** A builder over the member's client (not closed by the host). */
    public static Builder builder(CorralClient client) {
        return new Builder(client);
    }

    /**
     * Adds a node and starts it: its agent heartbeats at once (creating the {@code Node} and its
     * {@code Lease}) and receives its pods once the informers have synced.
     *
     * @param nodeName    the node's name; null for the runtime's fingerprint hostname, with a suffix
     *                    {@code -2}, {@code -3}, ... when this host already has a node of that name
     * @param runtime     the runtime; used by this node only
     * @param ownsRuntime whether {@link NodeService#close()} closes the runtime
     * @throws IllegalArgumentException when this host already has a node of the given name
     */
    public synchronized NodeService addNode(String nodeName, ContainerRuntime runtime, boolean ownsRuntime) {
        if (closed) {
            throw new IllegalStateException("the node host is closed");
        }
        Objects.requireNonNull(runtime, "runtime");
        String name = nodeName != null ? nodeName : freeName(runtime.fingerprint().hostname());
        if (nodes.containsKey(name)) {
            throw new IllegalArgumentException("nodeName: this member already runs a node named " + name);
        }
        ensureLeaseNamespace();
        NodeAgentConfig config = agentConfig.apply(NodeAgentConfig.builder(name)).build();
        if (!config.nodeName().equals(name)) {
            throw new IllegalArgumentException("nodeName: the agent configuration must not rename the node");
        }
        // the agent sees only this cluster's pods of a possibly shared runtime (see ClusterOwnedRuntime)
        java.util.concurrent.atomic.AtomicReference<NodeAgent> agentRef = new java.util.concurrent.atomic.AtomicReference<>();
        // ... and of those, only the pods bound to this node: nodes may share one engine
        ContainerRuntime scoped = new ClusterOwnedRuntime(runtime, uid -> pods.indexer().byIndex(UID_INDEX, uid).stream()
                .anyMatch(p -> p.spec() != null && name.equals(p.spec().nodeName())),
                () -> agentRef.get() == null ? java.util.Set.of() : agentRef.get().knownPods());
        NodeAgent agent = NodeAgent.builder(config, scoped)
                .resources(resources)
                .statusSink(new ApiPodStatusSink(client))
                .nodeSink(new ApiNodeStatusSink(client, endpoint))
                .events(new ApiEventRecorder(client, name, eventWriter, clock))
                .meterRegistry(registry)
                .clock(clock)
                .backoff(new Backoff(backoffInitial, backoffMax, clock))
                .podExecutor(podWorkers)
                .probeExecutor(podWorkers)
                .build();
        agentRef.set(agent);
        NodeService service = new NodeService(name, runtime, ownsRuntime, agent, this);
        nodes.put(name, service);
        agent.start(scheduler);
        if (ready) {
            deliverInitial(service);
        }
        LOG.info("node {} started on runtime {} {}", name, runtime.type(), runtime.version());
        return service;
    }

    /** The node of that name run by this host. */
    public Optional<NodeService> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    /** The nodes this host runs. */
    public Collection<NodeService> nodes() {
        return List.copyOf(nodes.values());
    }

    /** The API URL written on this host's nodes; null when none was given. */
    public String endpoint() {
        return endpoint;
    }

    /** Whether the informers have synced and the nodes receive their pods. */
    public boolean isReady() {
        return ready;
    }

    void removed(NodeService service) {
        nodes.remove(service.nodeName(), service);
    }

    private String freeName(String hostname) {
        String base = hostname == null || hostname.isBlank() ? "node" : hostname.toLowerCase(java.util.Locale.ROOT);
        if (!nodes.containsKey(base)) {
            return base;
        }
        for (int i = 2; ; i++) {
            if (!nodes.containsKey(base + "-" + i)) {
                return base + "-" + i;
            }
        }
    }

    private void ensureLeaseNamespace() {
        try {
            if (client.namespaces().get(NodeObjects.LEASE_NAMESPACE).isEmpty()) {
                client.namespaces().create(Namespace.builder().apiVersion("v1").kind("Namespace")
                        .metadata(ObjectMeta.named(NodeObjects.LEASE_NAMESPACE)).build());
            }
        } catch (RuntimeException e) {
            // without a quorum yet: the heartbeat creates it when its lease write finds no namespace
            LOG.debug("namespace {} not created yet: {}", NodeObjects.LEASE_NAMESPACE, e.getMessage());
        }
    }

    private void checkSynced() {
        if (ready || !informers.stream().allMatch(SharedInformer::hasSynced)) {
            return;
        }
        ready = true;
        nodes.values().forEach(this::deliverInitial);
        syncWatch.cancel(false);
    }

    private void deliverInitial(NodeService service) {
        if (service.desiredSynced()) {
            return;
        }
        for (Pod pod : pods.indexer().byIndex(NODE_INDEX, service.nodeName())) {
            service.podChanged(pod);
        }
        service.markDesiredSynced();
    }

    private final class PodDispatch implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            NodeService node = target(pod);
            if (node != null) {
                node.podChanged(pod);
            }
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
            onAdd(newPod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            NodeService node = target(pod);
            if (node != null) {
                node.podDeleted(pod);
            }
        }

        private NodeService target(Pod pod) {
            if (!ready || pod.spec() == null || pod.spec().nodeName() == null) {
                return null;
            }
            return nodes.get(pod.spec().nodeName());
        }
    }

    /** Closes every node, the informers and the host's threads; idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // the agents' threads stop before the runtimes close, so no housekeeping or sync runs against a closed runtime
        informers.forEach(SharedInformer::close);
        scheduler.shutdownNow();
        podWorkers.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            podWorkers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        nodes.values().forEach(NodeService::close);
        eventWriter.shutdown();
        try {
            eventWriter.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        eventWriter.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Builder of {@link NodeHost}; not thread-safe. */
    @API(status = API.Status.EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final CorralClient client;
        private String endpoint;
        private MeterRegistry registry;
        private Clock clock = Clock.systemUTC();
        private UnaryOperator<NodeAgentConfig.Builder> agentConfig = UnaryOperator.identity();
        private Duration backoffInitial = Backoff.DEFAULT_INITIAL;
        private Duration backoffMax = Backoff.DEFAULT_MAX;

        private Builder(CorralClient client) {
            this.client = Objects.requireNonNull(client, "client");
        }

        /** The API URL of this member, written on its nodes for log and exec forwarding; null for none. */
        public Builder endpoint(String apiUrl) { this.endpoint = apiUrl; return this; }
        /** The host's registry (never closed); a private one by default. */
        public Builder meterRegistry(MeterRegistry v) { this.registry = Objects.requireNonNull(v); return this; }
        /** The agents' clock. */
        public Builder clock(Clock v) { this.clock = Objects.requireNonNull(v); return this; }
        /** Adjusts each node's agent configuration (intervals, DNS, reservations); must not rename the node. */
        public Builder agentConfig(UnaryOperator<NodeAgentConfig.Builder> v) { this.agentConfig = Objects.requireNonNull(v); return this; }

        /** The restart back-off of crashed containers (kubelet: 10 s doubling to 300 s), per node. */
        public Builder restartBackoff(Duration initial, Duration max) {
            this.backoffInitial = Objects.requireNonNull(initial, "initial");
            this.backoffMax = Objects.requireNonNull(max, "max");
            return this;
        }

        public NodeHost build() {
            return new NodeHost(this);
        }
    }
}
