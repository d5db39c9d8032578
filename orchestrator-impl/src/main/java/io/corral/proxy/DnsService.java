package io.corral.proxy;

import io.corral.api.client.CorralClient;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.model.meta.ObjectMeta;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kube-system/kube-dns} service, as Kubernetes has it: it holds the cluster DNS IP so that
 * the allocator never gives it to another service, and names the DNS ({@code kube-dns.kube-system.svc}).
 * It has no selector: every node's own DNS server answers on that IP.
 */
final class DnsService {
    static final String NAMESPACE = "kube-system";
    static final String NAME = "kube-dns";
    private static final Logger LOG = LoggerFactory.getLogger(DnsService.class);
    private static final long RETRY_MILLIS = 1000;

    private DnsService() {
    }

    static Service of(String clusterIp) {
        return Service.builder().apiVersion("v1").kind("Service")
                .metadata(ObjectMeta.builder().namespace(NAMESPACE).name(NAME)
                        .labels(Map.of("k8s-app", "kube-dns", "kubernetes.io/name", "CoreDNS")).build())
                .spec(ServiceSpec.builder().clusterIP(clusterIp).ports(List.of(
                        new ServicePort("dns", "UDP", null, 53, IntOrString.of(53), null),
                        new ServicePort("dns-tcp", "TCP", null, 53, IntOrString.of(53), null))).build())
                .build();
    }

    /**
     * Creates the service unless it exists, retrying every second while the store refuses (no quorum
     * yet, {@code kube-system} not created yet). Returns what stops the retries.
     */
    static AutoCloseable ensure(Vertx vertx, CorralClient client, String clusterIp) {
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean();
        long timer = vertx.setPeriodic(0, RETRY_MILLIS, id -> {
            if (done.get()) {
                vertx.cancelTimer(id);
                return;
            }
            if (!running.compareAndSet(false, true)) {
                return;
            }
            vertx.executeBlocking(() -> {
                try {
                    client.services().inNamespace(NAMESPACE).create(of(clusterIp));
                    LOG.info("created service {}/{} on {}", NAMESPACE, NAME, clusterIp);
                } catch (ApiException e) {
                    if (e.reason() != StatusReason.ALREADY_EXISTS) {
                        throw e;
                    }
                    String existing = client.services().inNamespace(NAMESPACE).get(NAME)
                            .map(s -> s.spec() == null ? null : s.spec().clusterIP()).orElse(null);
                    if (!clusterIp.equals(existing)) {
                        LOG.error("service {}/{} has cluster IP {}, but this member's DNS serves on {}: pods here cannot resolve"
                                + " (are members configured with different service ranges?)", NAMESPACE, NAME, existing, clusterIp);
                    }
                }
                return null;
            }, false).onComplete(r -> running.set(false)).onSuccess(v -> {
                done.set(true);
                vertx.cancelTimer(id);
            }).onFailure(e -> LOG.debug("service {}/{} not created yet: {}", NAMESPACE, NAME, e.getMessage()));
        });
        return () -> {
            done.set(true);
            vertx.cancelTimer(timer);
        };
    }
}
