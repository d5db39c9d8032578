package io.corral.member;

import io.corral.api.client.CorralClient;
import io.corral.controller.ControllerManager;
import io.corral.controller.nodelifecycle.NodeLifecycleController;
import io.corral.leader.ElectedComponents;
import io.corral.leader.LeaderContext;
import io.corral.leader.LeaderElectionConfig;
import io.corral.service.EndpointsController;
import io.corral.service.ServiceAllocatorConfig;
import io.corral.service.ServiceAllocatorRepair;
import io.corral.store.ClusterStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader-elected parts of a {@link CorralMember} (decision 0009):
 * <ul>
 *   <li>on the lease {@value #LEASE_NAMESPACE}/{@value #CONTROLLER_MANAGER_LEASE}, campaigned by every
 *       member with controllers (the default): the controller manager (workload controllers, garbage
 *       collector, volume binder), the endpoints controller and the node lifecycle controller,
 *       as kube-controller-manager runs them on its leader;</li>
 *   <li>on the lease {@value #LEASE_NAMESPACE}/{@value #REPAIR_LEASE}, campaigned by every member with
 *       an API: the service allocation repair loop (an API server's part in Kubernetes, so it does
 *       not depend on the controllers being enabled).</li>
 * </ul>
 * Closes them in reverse order, which stops the components and releases the leases.
 */
final class MemberControllers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemberControllers.class);
    static final String LEASE_NAMESPACE = "kube-system";
    static final String CONTROLLER_MANAGER_LEASE = "corral-controller-manager";
    static final String REPAIR_LEASE = "corral-service-allocator-repair";
    /** kube-apiserver repairs every 3 minutes; a leaked value is freed after being seen leaked this long. */
    private static final Duration REPAIR_PERIOD = Duration.ofMinutes(1);
    private static final Duration LEAK_GRACE = Duration.ofMinutes(1);

    private final Resources owned = new Resources();
    private ElectedComponents controllerElection;
    private ElectedComponents repairElection;
    private ControllerManager manager;
    private EndpointsController endpoints;

    /** What the member's builder decided. */
    record Settings(String identity, Duration[] leaderElection, boolean controllers, boolean endpointsController,
                    boolean nodeLifecycle, UnaryOperator<NodeLifecycleController.Builder> lifecycle,
                    ServiceAllocatorConfig ranges) {
    }

    static MemberControllers start(Vertx vertx, CorralClient client, ClusterStore store, MeterRegistry meters, Settings s) {
        MemberControllers parts = new MemberControllers();
        try {
            parts.repairElection = ElectedComponents.builder(client.leases(), election(s, REPAIR_LEASE))
                    .meterRegistry(meters)
                    .component("service-allocator-repair", new RepairLoop(vertx, store, s.ranges()))
                    .build();
            parts.owned.push(parts.repairElection);
            parts.repairElection.start();
            if (s.controllers()) {
                ElectedComponents.Builder b = ElectedComponents.builder(client.leases(), election(s, CONTROLLER_MANAGER_LEASE))
                        .meterRegistry(meters);
                ControllerManager manager = ControllerManager.builder(client, meters).defaultControllers().build();
                parts.manager = manager;
                b.component("controller-manager", term -> manager.start(term::isStillLeader), manager::stop);
                if (s.endpointsController()) {
                    EndpointsController endpoints = new EndpointsController(client);
                    parts.endpoints = endpoints;
                    b.component("endpoints-controller", term -> endpoints.start(), endpoints::stop);
                }
                if (s.nodeLifecycle()) {
                    b.component("node-lifecycle", new NodeLifecycle(client, s.lifecycle()));
                }
                parts.controllerElection = b.build();
                parts.owned.push(parts.controllerElection);
                parts.controllerElection.start();
            }
            return parts;
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    private static LeaderElectionConfig election(Settings s, String lease) {
        LeaderElectionConfig.Builder b = LeaderElectionConfig.builder().lease(LEASE_NAMESPACE, lease).identity(s.identity());
        if (s.leaderElection() != null) {
            b.leaseDuration(s.leaderElection()[0]).renewDeadline(s.leaderElection()[1]).retryPeriod(s.leaderElection()[2]);
        }
        return b.build();
    }

    /** A fresh node lifecycle controller every term, acting only while the term holds. */
    private static final class NodeLifecycle implements ElectedComponents.Component {
        private final CorralClient client;
        private final UnaryOperator<NodeLifecycleController.Builder> settings;
        private NodeLifecycleController current;

        NodeLifecycle(CorralClient client, UnaryOperator<NodeLifecycleController.Builder> settings) {
            this.client = client;
            this.settings = settings;
        }

        @Override
        public void start(LeaderContext term) {
            current = settings.apply(NodeLifecycleController.builder(client)).isLeader(term::isStillLeader).build().start();
        }

        @Override
        public void stop() {
            current.close();
            current = null;
        }
    }

    /**
     * Repairs at once and then every {@link #REPAIR_PERIOD} while leading; a run that fails (e.g. no
     * quorum yet while the first members start) is retried on the next tick. A fresh repair (and
     * leak tracking) every term.
     */
    private static final class RepairLoop implements ElectedComponents.Component {
        private final Vertx vertx;
        private final ClusterStore store;
        private final ServiceAllocatorConfig ranges;
        private AutoCloseable current;

        RepairLoop(Vertx vertx, ClusterStore store, ServiceAllocatorConfig ranges) {
            this.vertx = vertx;
            this.store = store;
            this.ranges = ranges;
        }

        @Override
        public void start(LeaderContext term) {
            ServiceAllocatorRepair repair = new ServiceAllocatorRepair(store, ranges, LEAK_GRACE, Clock.systemUTC());
            AtomicBoolean running = new AtomicBoolean();
            AtomicBoolean stopped = new AtomicBoolean();
            long timer = vertx.setPeriodic(0, REPAIR_PERIOD.toMillis(), id -> {
                if (stopped.get() || !term.isStillLeader() || !running.compareAndSet(false, true)) {
                    return;
                }
                vertx.executeBlocking(repair::runOnce, false)
                        .onComplete(r -> running.set(false))
                        .onFailure(e -> LOG.debug("service allocation repair failed, retrying in {}: {}", REPAIR_PERIOD, e.getMessage()));
            });
            current = () -> {
                stopped.set(true);
                vertx.cancelTimer(timer);
            };
        }

        @Override
        public void stop() throws Exception {
            current.close();
            current = null;
        }
    }

    /** The election of the controller manager's lease, or null when this member runs no controllers. */
    ElectedComponents controllerElection() {
        return controllerElection;
    }

    /** The election of the repair loop's lease. */
    ElectedComponents repairElection() {
        return repairElection;
    }

    /** The controller manager (running only while leading), or null without controllers. */
    ControllerManager manager() {
        return manager;
    }

    /** The endpoints controller (running only while leading), or null when it does not run here. */
    EndpointsController endpointsController() {
        return endpoints;
    }

    @Override
    public void close() {
        owned.close();
    }
}
