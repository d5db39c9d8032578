package io.corral.member;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.corral.api.client.CorralClient;
import io.corral.api.codec.ObjectCodec;
import io.corral.apiserver.ApiServer;
import io.corral.apiserver.InProcessResourceApi;
import io.corral.controller.ControllerManager;
import io.corral.leader.ElectedComponents;
import io.corral.ingress.IngressConfig;
import io.corral.ingress.IngressGateway;
import io.corral.proxy.ServiceNetworking;
import io.corral.proxy.ServiceNetworkingConfig;
import io.corral.service.EndpointsController;
import io.corral.service.ServiceAllocatorConfig;
import io.corral.node.NodeAgentConfig;
import io.corral.controller.nodelifecycle.NodeLifecycleController;
import io.corral.nodehost.NodeHost;
import io.corral.runtime.simulated.SimulatedRuntime;
import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimes;
import io.corral.scheduler.wiring.SchedulerService;
import io.corral.store.ClusterStore;
import io.corral.store.HazelcastStore;
import io.corral.store.StoreConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.Objects;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member of a Corral control plane, embedded in a host application: a Hazelcast member
 * holding (a share of) the cluster store, and an API server on it. Any member serves the whole
 * API; all state lives in the store.
 * Unless {@link Builder#scheduler(boolean) disabled}, every member also runs a
 * {@link SchedulerService}; they elect one leader on the lease {@code kube-system/corral-scheduler}
 * and only the leader schedules. Likewise, unless {@link Builder#controllers(boolean) disabled},
 * every member campaigns for the lease {@code kube-system/corral-controller-manager} and only its
 * holder runs the controller manager, the endpoints controller and the node lifecycle controller;
 * the service allocation repair loop runs on the holder of {@code kube-system/corral-service-allocator-repair}.
 *
 * <p>The host's own {@link HazelcastInstance}, {@link Vertx} and {@link MeterRegistry} are
 * accepted and never closed; what the member creates itself, it closes on {@link #close()}, in
 * reverse order of creation. Nothing is JVM-global: several members can run in one JVM.
 *
 * <pre>{@code
 * try (CorralMember member = CorralMember.builder()
 *         .clusterName("shop")
 *         .join(List.of("127.0.0.1:5701", "127.0.0.1:5702"))
 *         .apiPort(8080)
 *         .start()) {
 *     System.out.println("API at " + member.apiUrl());
 * }
 * }</pre>
 *
 * <p>A host that brings its own {@link HazelcastInstance} must have created it from a
 * configuration prepared with {@link #prepare(Config, StoreConfig)} (synchronous backups,
 * fail-on-indeterminate-state, split-brain protection, serialization filter); {@link Builder#start()}
 * verifies that and refuses an instance that does not meet the store's requirements.
 *
 * <p>Thread safety: a started member is safe to use from any thread; {@link #close()} is idempotent.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class CorralMember implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CorralMember.class);

    private final HazelcastInstance hazelcast;
    private final Vertx vertx;
    private final MeterRegistry meterRegistry;
    private final HazelcastStore store;
    private final ApiServer apiServer;
    private final Resources owned;
    private final MemberServices services;
    private final NodeHost nodes;
    private final SchedulerService scheduler;
    private final MemberControllers controllers;
    private boolean closed;

    private CorralMember(HazelcastInstance hazelcast, Vertx vertx, MeterRegistry meterRegistry, HazelcastStore store,
                         ApiServer apiServer, NodeHost nodes, Resources owned, MemberServices services,
                         SchedulerService scheduler, MemberControllers controllers) {
        this.controllers = controllers;
        this.nodes = nodes;
        this.hazelcast = hazelcast;
        this.vertx = vertx;
        this.meterRegistry = meterRegistry;
        this.store = store;
        this.apiServer = apiServer;
        this.owned = owned;
        this.services = services;
        this.scheduler = scheduler;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds the store's requirements to a host's Hazelcast configuration before the host creates its
     * instance from it. Returns the same configuration.
     */
    public static Config prepare(Config hostConfig, StoreConfig storeConfig) {
        return storeConfig.applyTo(hostConfig);
    }

    /** The cluster store this member holds a share of. */
    public ClusterStore store() {
        return store;
    }

    /** The Hazelcast member (the host's or the member's own). */
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    /** The Vert.x instance the API server runs on (the host's or the member's own). */
    public Vertx vertx() {
        return vertx;
    }

    /** The registry every component reports on. */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** The API server, or null when the member was built with {@link Builder#withoutApi()}. */
    public ApiServer apiServer() {
        return apiServer;
    }

    /**
     * A typed client that talks to this member without the HTTP hop, with the same behaviour as a
     * remote client (the same defaulting, validation and store). The caller closes it.
     *
     * @throws IllegalStateException when the member was built without an API
     */
    public CorralClient client() {
        if (apiServer == null) {
            throw new IllegalStateException("this member was built without an API");
        }
        return CorralClient.over(new InProcessResourceApi(apiServer.registry(), new ObjectCodec()));
    }

    /**
     * The nodes this member runs (added with {@link Builder#node}, {@link Builder#runtime} or
     * {@link Builder#simulatedNodes}); null when it runs none. More can be added with
     * {@link NodeHost#addNode}.
     */
    public NodeHost nodes() {
        return nodes;
    }

    /**
     * This member's scheduler service (campaigning for the scheduler's lease; only the leader
     * schedules), or null when built with {@link Builder#scheduler(boolean) scheduler(false)} or
     * {@link Builder#withoutApi()}.
     */
    public SchedulerService schedulerService() {
        return scheduler;
    }

    /** The base URL of this member's API, e.g. {@code http://127.0.0.1:8080}; null without an API server. */
    public String apiUrl() {
        return apiServer == null ? null : apiServer.url();
    }

    /** The service data plane (proxy, DNS, the registry they read), or null without {@link Builder#services} and {@link Builder#ingress}. */
    public ServiceNetworking serviceNetworking() {
        return services == null ? null : services.networking();
    }

    /**
     * The endpoints controller, running while this member holds the controller manager's lease; null
     * when this member runs no controllers or its {@link Builder#services services} configuration turns it off.
     */
    public EndpointsController endpointsController() {
        return controllers == null ? null : controllers.endpointsController();
    }

    /**
     * The controller manager (workload controllers, garbage collector, volume binder), running while
     * this member holds the lease {@code kube-system/corral-controller-manager}; null when built with
     * {@link Builder#controllers(boolean) controllers(false)} or {@link Builder#withoutApi()}.
     */
    public ControllerManager controllerManager() {
        return controllers == null ? null : controllers.manager();
    }

    /**
     * This member's campaign for the lease {@code kube-system/corral-controller-manager}: whether it
     * leads, and which of the controller manager, endpoints controller and node lifecycle controller
     * run here ({@link ElectedComponents#isRunning}); null without controllers or without an API.
     */
    public ElectedComponents controllerElection() {
        return controllers == null ? null : controllers.controllerElection();
    }

    /** The HTTP ingress gateway, or null without {@link Builder#ingress}. */
    public IngressGateway ingressGateway() {
        return services == null ? null : services.ingress();
    }

    /** Stops this member: closes what it created, in reverse order, and leaves the host's instances running. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        owned.close();
        LOG.info("Corral member {} stopped", hazelcast.getName());
    }

    /** Builds and starts a member. Every setting has a default suited to a single member on loopback. */
    public static final class Builder {
        private HazelcastInstance hazelcast;
        private Vertx vertx;
        private MeterRegistry meterRegistry;
        private StoreConfig storeConfig;
        private final StoreConfig.Builder storeBuilder = StoreConfig.builder();
        private String apiHost = "127.0.0.1";
        private int apiPort = 0;
        private boolean api = true;
        private int joinCount = 1;
        private boolean controllers = true;
        private ServiceAllocatorConfig serviceRanges = ServiceAllocatorConfig.DEFAULTS;
        private ServiceNetworkingConfig serviceNetworking;
        private IngressConfig ingress;
        private int ingressPort = -1;
        private final List<MemberNodes.Spec> nodeSpecs = new java.util.ArrayList<>();
        private int simulatedNodes;
        private UnaryOperator<NodeAgentConfig.Builder> agentConfig = UnaryOperator.identity();
        private UnaryOperator<NodeLifecycleController.Builder> lifecycle = UnaryOperator.identity();
        private boolean lifecycleEnabled = true;
        private String advertisedApiUrl;
        private Duration backoffInitial = io.corral.runtime.spi.Backoff.DEFAULT_INITIAL;
        private Duration backoffMax = io.corral.runtime.spi.Backoff.DEFAULT_MAX;

        private boolean schedule = true;
        private Duration[] leaderElection;
        /** Membership decides quorum: heartbeats every second, a member silent this long is gone. */
        private static final int HEARTBEAT_TIMEOUT_SECONDS = 15;

        private Builder() {
        }

        /** Use the host's Hazelcast member (never shut down by Corral). */
        public Builder hazelcast(HazelcastInstance instance) {
            this.hazelcast = Objects.requireNonNull(instance, "instance");
            return this;
        }

        /** Use the host's Vert.x (never closed by Corral). */
        public Builder vertx(Vertx instance) {
            this.vertx = Objects.requireNonNull(instance, "instance");
            return this;
        }

        /** Report on the host's registry (never closed by Corral). */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** A complete store configuration; overrides the cluster name, address and join settings below. */
        public Builder storeConfig(StoreConfig config) {
            this.storeConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The Hazelcast cluster name; members with different names never join. Default {@code corral}. */
        public Builder clusterName(String name) {
            storeBuilder.clusterName(name);
            return this;
        }

        /** The address the Hazelcast member binds to. Default {@code 127.0.0.1}. */
        public Builder bindAddress(String address) {
            storeBuilder.bindAddress(address);
            return this;
        }

        /** The first Hazelcast port tried (the next free one is taken). Default 5701. */
        public Builder clusterPort(int port) {
            storeBuilder.port(port);
            return this;
        }

        /**
         * The members to join, as {@code host:port}; the cluster's quorum is a majority of them
         * (at least 1), so that a minority side of a split refuses writes.
         */
        public Builder join(List<String> members) {
            storeBuilder.members(members);
            joinCount = Math.max(1, members.size());
            return this;
        }

        /** The API server's address. Default {@code 127.0.0.1}. */
        public Builder apiHost(String host) {
            this.apiHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The API server's port; 0 (the default) takes a free port. */
        public Builder apiPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("apiPort must be 0..65535, was " + port);
            }
            this.apiPort = port;
            return this;
        }

        /**
         * Whether this member campaigns to run the controllers (default true): every such member
         * campaigns for the lease {@code kube-system/corral-controller-manager}, and only the holder
         * runs the controller manager (workload controllers, garbage collector, volume binder), the
         * endpoints controller and the node lifecycle controller; another member takes over when it
         * dies (after the lease duration, see {@link #leaderElection}). With {@code false} this member
         * never runs them (as a machine without kube-controller-manager). Needs the API.
         */
        public Builder controllers(boolean enabled) {
            this.controllers = enabled;
            return this;
        }

        /**
         * Runs a node on this member with the host's runtime (never closed by Corral), named after
         * the runtime's fingerprint hostname (with a suffix when this member runs several of that name).
         */
        public Builder node(ContainerRuntime runtime) {
            return node(null, runtime);
        }

        /** Runs a node of that name (null: as {@link #node(ContainerRuntime)}) with the host's runtime. */
        public Builder node(String nodeName, ContainerRuntime runtime) {
            nodeSpecs.add(new MemberNodes.Spec(nodeName, Objects.requireNonNull(runtime, "runtime"), null, Map.of()));
            return this;
        }

        /**
         * Runs a node on a runtime made by the {@link ContainerRuntimes} provider of that id (e.g.
         * {@code docker}), found with {@link java.util.ServiceLoader}; the member closes it.
         * {@link #start()} fails naming the artifact to add when no such provider is on the class path,
         * or the provider's reason when it is unavailable.
         */
        public Builder runtime(String id) {
            return runtime(id, Map.of());
        }

        /** As {@link #runtime(String)}, with provider settings. */
        public Builder runtime(String id, Map<String, String> config) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("runtime: the id must not be blank");
            }
            nodeSpecs.add(new MemberNodes.Spec(null, null, id, Map.copyOf(config)));
            return this;
        }

        /**
         * Runs {@code n} simulated nodes (hollow nodes: a {@link SimulatedRuntime} each, no containers
         * anywhere), named {@code sim-<cluster port>-<i>} so that members on one machine never collide.
         */
        public Builder simulatedNodes(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("simulatedNodes must not be negative, was " + n);
            }
            this.simulatedNodes = n;
            return this;
        }

        /** Adjusts the node agents' configuration (heartbeat, resync, DNS...); must not rename nodes. */
        public Builder nodeAgentConfig(UnaryOperator<NodeAgentConfig.Builder> change) {
            this.agentConfig = Objects.requireNonNull(change, "change");
            return this;
        }

        /**
         * The URL other members reach this member's API at, written on its nodes for pod log and exec
         * forwarding ({@code corral.io/agent-endpoint}); by default {@link CorralMember#apiUrl()}, which is right
         * when the API host is routable from the other members.
         */
        public Builder advertisedApiUrl(String url) {
            java.net.URI uri = java.net.URI.create(Objects.requireNonNull(url, "url"));
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("advertisedApiUrl: must be http://host:port, was " + url);
            }
            this.advertisedApiUrl = url;
            return this;
        }

        /** The nodes' restart back-off of crashed containers; kubelet's 10 s doubling to 300 s by default. */
        public Builder restartBackoff(Duration initial, Duration max) {
            this.backoffInitial = Objects.requireNonNull(initial, "initial");
            this.backoffMax = Objects.requireNonNull(max, "max");
            return this;
        }

        /**
         * Adjusts the node lifecycle controller (grace period 40 s, toleration 300 s, a pass every 5 s
         * by default), which runs on the holder of the controller manager's lease; its leader check is
         * set by the member (the term's {@code isStillLeader}). Give every member the same settings.
         */
        public Builder nodeLifecycle(UnaryOperator<NodeLifecycleController.Builder> change) {
            this.lifecycle = Objects.requireNonNull(change, "change");
            return this;
        }

        /** Runs no node lifecycle controller on this member when it leads (give every member the same setting). */
        public Builder withoutNodeLifecycle() {
            this.lifecycleEnabled = false;
            return this;
        }

        /** A member that holds store data but serves no HTTP API. */
        public Builder withoutApi() {
            this.api = false;
            return this;
        }

        /**
         * The cluster IP and node port ranges services are given addresses from; the same on every
         * member. Default {@link ServiceAllocatorConfig#DEFAULTS} ({@code 10.96.0.0/16}, 30000-32767).
         */
        public Builder serviceRanges(ServiceAllocatorConfig ranges) {
            this.serviceRanges = Objects.requireNonNull(ranges, "ranges");
            return this;
        }

        /**
         * Whether this member runs a {@link SchedulerService} (default true): every member campaigns
         * for the lease {@code kube-system/corral-scheduler} and only its holder schedules. Needs the API.
         */
        public Builder scheduler(boolean enabled) {
            this.schedule = enabled;
            return this;
        }

        /**
         * Runs the services data plane on this member (service proxy, cluster DNS) and, unless the
         * configuration turns it off, the endpoints controller. Off by default. Needs the API. A
         * member whose nodes run containers uses {@link ServiceNetworkingConfig#nodeOwnsClusterIps()}:
         * its nodes then give pods the cluster DNS on the range's 10th address.
         */
        public Builder services(ServiceNetworkingConfig config) {
            this.serviceNetworking = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Runs the HTTP ingress gateway on the API host and {@code port} (0: a free one). Needs the API. */
        public Builder ingress(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("ingress port must be 0..65535, was " + port);
            }
            this.ingress = null;
            this.ingressPort = port;
            return this;
        }

        /** Runs the HTTP ingress gateway with these settings. Needs the API. */
        public Builder ingress(IngressConfig config) {
            this.ingress = Objects.requireNonNull(config, "config");
            this.ingressPort = -1;
            return this;
        }

        /**
         * The timings of this member's leader elections: the scheduler's, the controller manager's and
         * the repair loop's (defaults 15 s, 10 s, 2 s, as client-go); {@code retryPeriod < renewDeadline
         * < leaseDuration}. Another member takes over at most about {@code leaseDuration + retryPeriod}
         * after the leader died. Shorter ones fail over faster and write more.
         */
        public Builder leaderElection(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
            this.leaderElection = new Duration[] {Objects.requireNonNull(leaseDuration, "leaseDuration"),
                    Objects.requireNonNull(renewDeadline, "renewDeadline"), Objects.requireNonNull(retryPeriod, "retryPeriod")};
            return this;
        }

        /**
         * Starts the member: Hazelcast (unless given), the store, and the API server (unless
         * disabled), then the services data plane, the campaigns for the controllers' and the repair
         * loop's leases, the nodes and the scheduler. Blocks until the API serves, at most a minute.
         *
         * @throws IllegalStateException when a given Hazelcast instance does not meet the store's
         *                               requirements, or a part cannot start; whatever was started is closed again
         */
        public CorralMember start() {
            Resources owned = new Resources();
            try {
                StoreConfig config = storeConfig != null ? storeConfig : defaultStoreConfig();
                IngressConfig ingress = this.ingressPort >= 0 ? IngressConfig.of(apiHost, ingressPort) : this.ingress;
                MemberNodes.Settings nodeSettings = new MemberNodes.Settings(List.copyOf(nodeSpecs), simulatedNodes,
                        withClusterDns(), backoffInitial, backoffMax);
                if (!api && (serviceNetworking != null || ingress != null)) {
                    throw new IllegalStateException("services and ingress need the API (withoutApi() was set)");
                }
                if (!api && nodeSettings.any()) {
                    throw new IllegalStateException("nodes need the member's API; remove withoutApi()");
                }
                MemberPlatform platform = MemberPlatform.start(config, meterRegistry, hazelcast, vertx);
                owned.push(platform);
                HazelcastInstance hz = platform.hazelcast();
                if (!api) {
                    LOG.info("Corral member {} started in cluster {}", hz.getName(), config.clusterName());
                    return new CorralMember(hz, platform.vertx(), platform.registry(), platform.store(), null, null, owned,
                            null, null, null);
                }
                MemberApi apiPart = MemberApi.start(platform, apiHost, apiPort, serviceRanges);
                owned.push(apiPart);
                ApiServer server = apiPart.server();
                CorralClient internal = apiPart.client();
                MemberServices services = MemberServices.start(platform.vertx(), server, platform.registry(),
                        serviceNetworking, serviceRanges, ingress);
                owned.push(services);
                MemberControllers elected = MemberControllers.start(platform.vertx(), internal, platform.store(),
                        platform.registry(), new MemberControllers.Settings(platform.identity(), leaderElection, controllers,
                                serviceNetworking == null || serviceNetworking.endpointsController(), lifecycleEnabled,
                                lifecycle, serviceRanges));
                owned.push(elected);
                NodeHost nodeHost = MemberNodes.start(nodeSettings, internal,
                        advertisedApiUrl != null ? advertisedApiUrl : server.url(), platform.registry(),
                        hz.getCluster().getLocalMember().getAddress().getPort());
                if (nodeHost != null) {
                    apiPart.serveNodes(nodeHost);
                    owned.push(nodeHost);
                }
                SchedulerService scheduling = null;
                if (schedule) {
                    scheduling = MemberScheduler.start(internal, platform.registry(), platform.identity(), leaderElection);
                    owned.push(scheduling);
                }
                LOG.info("Corral member {} started in cluster {}, API at {}", hz.getName(), config.clusterName(), server.url());
                return new CorralMember(hz, platform.vertx(), platform.registry(), platform.store(), server, nodeHost, owned,
                        services, scheduling, elected);
            } catch (Exception e) {
                owned.close();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("cannot start the Corral member: " + e.getMessage(), e);
            }
        }

        /** Nodes of a member that owns the cluster IPs give their pods the cluster DNS on the range's DNS IP. */
        private UnaryOperator<NodeAgentConfig.Builder> withClusterDns() {
            if (serviceNetworking == null || serviceNetworking.ownedAddresses().isEmpty()) {
                return agentConfig;
            }
            String ip = serviceRanges.clusterDnsIp();
            String domain = serviceNetworking.dns().orElseThrow().domain();
            UnaryOperator<NodeAgentConfig.Builder> own = agentConfig;
            return b -> own.apply(b.clusterDnsServers(List.of(ip)).clusterDomain(domain));
        }

        private StoreConfig defaultStoreConfig() {
            // A majority of the named members must be present to write; enough synchronous backups
            // that a side smaller than that majority can never confirm a write on its own.
            int majority = joinCount / 2 + 1;
            return storeBuilder.quorum(majority).maxNoHeartbeatSeconds(HEARTBEAT_TIMEOUT_SECONDS).backupCount(Math.min(6, Math.max(1, majority - 1))).build();
        }
    }
}
