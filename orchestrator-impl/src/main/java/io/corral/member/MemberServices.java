package io.corral.member;

import io.corral.api.client.CorralClient;
import io.corral.api.codec.ObjectCodec;
import io.corral.apiserver.ApiServer;
import io.corral.apiserver.InProcessResourceApi;
import io.corral.ingress.IngressConfig;
import io.corral.ingress.IngressGateway;
import io.corral.proxy.ServiceNetworking;
import io.corral.proxy.ServiceNetworkingConfig;
import io.corral.service.EndpointsController;
import io.corral.service.ServiceAllocatorConfig;
import io.corral.service.ServiceAllocatorRepair;
import io.corral.store.ClusterStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service parts a {@link CorralMember} runs beside its API server: the allocation repair loop
 * (always), the endpoints controller and the data plane ({@link CorralMember.Builder#services}),
 * and the ingress gateway ({@link CorralMember.Builder#ingress}). Closes them in reverse order.
 */
final class MemberServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemberServices.class);
    /** kube-apiserver repairs every 3 minutes; a leaked value is freed after being seen leaked this long. */
    private static final Duration REPAIR_PERIOD = Duration.ofMinutes(1);
    private static final Duration LEAK_GRACE = Duration.ofMinutes(1);

    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private EndpointsController endpointsController;
    private ServiceNetworking networking;
    private IngressGateway ingress;

    static MemberServices start(Vertx vertx, ApiServer server, ClusterStore store, MeterRegistry meters,
                                ServiceAllocatorConfig ranges, ServiceNetworkingConfig services, IngressConfig ingress) {
        MemberServices parts = new MemberServices();
        try {
            parts.owned.push(repairLoop(vertx, new ServiceAllocatorRepair(store, ranges, LEAK_GRACE, Clock.systemUTC())));
            if (services == null && ingress == null) {
                return parts;
            }
            CorralClient client = CorralClient.over(new InProcessResourceApi(server.registry(), new ObjectCodec()));
            parts.owned.push(client);
            if (services != null && services.endpointsController()) {
                parts.endpointsController = new EndpointsController(client);
                parts.owned.push(parts.endpointsController);
                parts.endpointsController.start();
            }
            ServiceNetworkingConfig plane = services != null ? services
                    : ServiceNetworkingConfig.builder().withoutProxy().withoutDns().endpointsController(false).build();
            parts.networking = ServiceNetworking.start(vertx, client, plane, ranges, meters);
            parts.owned.push(parts.networking);
            if (ingress != null) {
                parts.ingress = IngressGateway.start(vertx, client, parts.networking.registry(), ingress, meters);
                parts.owned.push(parts.ingress);
            }
            return parts;
        } catch (RuntimeException e) {
            parts.close();
            throw e;
        }
    }

    /**
     * Repairs at once and then every {@link #REPAIR_PERIOD}; a run that fails (e.g. no quorum yet
     * while the first members start) is retried on the next tick.
     */
    private static AutoCloseable repairLoop(Vertx vertx, ServiceAllocatorRepair repair) {
        AtomicBoolean running = new AtomicBoolean();
        AtomicBoolean stopped = new AtomicBoolean();
        long timer = vertx.setPeriodic(0, REPAIR_PERIOD.toMillis(), id -> {
            if (stopped.get() || !running.compareAndSet(false, true)) {
                return;
            }
            vertx.executeBlocking(repair::runOnce, false)
                    .onComplete(r -> running.set(false))
                    .onFailure(e -> LOG.debug("service allocation repair failed, retrying in {}: {}", REPAIR_PERIOD, e.getMessage()));
        });
        return () -> {
            stopped.set(true);
            vertx.cancelTimer(timer);
        };
    }

    EndpointsController endpointsController() {
        return endpointsController;
    }

    ServiceNetworking networking() {
        return networking;
    }

    IngressGateway ingress() {
        return ingress;
    }

    @Override
    public void close() {
        while (!owned.isEmpty()) {
            AutoCloseable r = owned.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("could not close {}", r, e);
            }
        }
    }
}
