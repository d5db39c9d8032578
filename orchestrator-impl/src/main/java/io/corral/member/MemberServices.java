package io.corral.member;

import io.corral.api.client.CorralClient;
import io.corral.api.codec.ObjectCodec;
import io.corral.apiserver.ApiServer;
import io.corral.apiserver.InProcessResourceApi;
import io.corral.ingress.IngressConfig;
import io.corral.ingress.IngressGateway;
import io.corral.proxy.ServiceNetworking;
import io.corral.proxy.ServiceNetworkingConfig;
import io.corral.service.ServiceAllocatorConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

/**
 * The service data plane a {@link CorralMember} runs beside its API server: the proxy and DNS
 * ({@link CorralMember.Builder#services}) and the ingress gateway ({@link CorralMember.Builder#ingress}).
 * The endpoints controller and the allocation repair loop are leader-elected: see
 * {@link MemberControllers}. Closes its parts in reverse order.
 */
final class MemberServices implements AutoCloseable {
    private final Resources owned = new Resources();
    private ServiceNetworking networking;
    private IngressGateway ingress;

    static MemberServices start(Vertx vertx, ApiServer server, MeterRegistry meters, ServiceNetworkingConfig services,
                                ServiceAllocatorConfig ranges, IngressConfig ingress) {
        MemberServices parts = new MemberServices();
        try {
            if (services == null && ingress == null) {
                return parts;
            }
            CorralClient client = CorralClient.over(new InProcessResourceApi(server.registry(), new ObjectCodec()));
            parts.owned.push(client);
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

    ServiceNetworking networking() {
        return networking;
    }

    IngressGateway ingress() {
        return ingress;
    }

    @Override
    public void close() {
        owned.close();
    }
}
