package io.corral.service;

import io.corral.api.labels.Requirement;
import io.corral.api.labels.Selector;
import io.corral.api.model.core.Container;
import io.corral.api.model.core.ContainerPort;
import io.corral.api.model.core.EndpointAddress;
import io.corral.api.model.core.EndpointPort;
import io.corral.api.model.core.EndpointSubset;
import io.corral.api.model.core.Endpoints;
import io.corral.api.model.core.ObjectReference;
import io.corral.api.model.core.Pod;
import io.corral.api.model.core.PodCondition;
import io.corral.api.model.core.PodSpec;
import io.corral.api.model.core.PodStatus;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.model.meta.IntOrString;
import io.corral.api.model.meta.ObjectMeta;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Computes the {@link Endpoints} of a service from the pods of its namespace, as Kubernetes'
 * endpoints controller does. A pure function: no I/O, no state; thread-safe.
 *
 * <p>Rules:
 * <ol>
 *   <li>A service without a selector (or of type {@code ExternalName}) has manually managed
 *       endpoints: {@link #compute} returns empty and the caller must leave its Endpoints alone.</li>
 *   <li>A pod takes part when it is in the service's namespace, its labels match the selector, it has
 *       an IP ({@code status.podIP}), is not being deleted and is not in phase {@code Succeeded} or
 *       {@code Failed}.</li>
 *   <li>It is ready when its {@code Ready} condition is {@code True} (or the service has
 *       {@code publishNotReadyAddresses: true}); ready pods go to {@code addresses}, the others to
 *       {@code notReadyAddresses}.</li>
 *   <li>Each service port resolves per pod: a numeric {@code targetPort} as is, a named one to the
 *       pod's container port of that name and protocol (the pod is left out of that port when it has
 *       none), an absent one to {@code port}. Pods with the same resolved ports share a subset.</li>
 *   <li>An address carries {@code hostname} when the pod sets {@code spec.hostname} and its
 *       {@code spec.subdomain} is the service's name (stateful set pods), plus {@code nodeName} and a
 *       {@code targetRef} to the pod.</li>
 *   <li>The output is deterministic: subsets ordered by their ports, addresses by IP.</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class EndpointsComputer {

    private EndpointsComputer() {
    }

    /**
     * The endpoints of {@code service}.
     *
     * @param service the service, with metadata name and namespace; not null
     * @param pods    candidate pods, typically those of the namespace; others are ignored; not null
     * @return the endpoints (named and labelled like the service), or empty when the service's
     *         endpoints are not managed from a selector
     */
    public static Optional<Endpoints> compute(Service service, Collection<Pod> pods) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(pods, "pods");
        ServiceSpec spec = service.spec();
        if (spec == null || spec.selector().isEmpty() || "ExternalName".equals(spec.type())) {
            return Optional.empty();
        }
        Selector selector = Selector.of(spec.selector().entrySet().stream()
                .map(e -> Requirement.equal(e.getKey(), e.getValue())).toList());
        String namespace = service.metadata().namespace();
        boolean publishNotReady = Boolean.TRUE.equals(spec.publishNotReadyAddresses());

        // subset key (resolved ports) -> ready / not ready addresses
        Map<List<EndpointPort>, List<List<EndpointAddress>>> groups = new LinkedHashMap<>();
        for (Pod pod : pods) {
            ObjectMeta meta = pod.metadata();
            if (!Objects.equals(meta.namespace(), namespace) || !selector.matches(meta.labels())
                    || meta.deletionTimestamp() != null) {
                continue;
            }
            PodStatus status = pod.status();
            if (status == null || status.podIP() == null || status.podIP().isEmpty()
                    || "Succeeded".equals(status.phase()) || "Failed".equals(status.phase())) {
                continue;
            }
            List<EndpointPort> ports = resolvePorts(spec.ports(), pod);
            if (ports.isEmpty() && !spec.ports().isEmpty()) {
                continue;
            }
            EndpointAddress address = address(service, pod);
            List<List<EndpointAddress>> group = groups.computeIfAbsent(ports, k -> List.of(new ArrayList<>(), new ArrayList<>()));
            group.get(publishNotReady || isReady(status) ? 0 : 1).add(address);
        }

        Comparator<EndpointAddress> byIp = Comparator.comparing(EndpointAddress::ip, EndpointsComputer::compareIp);
        List<EndpointSubset> subsets = new ArrayList<>();
        groups.entrySet().stream()
                .sorted(Comparator.comparing(e -> e.getKey().toString()))
                .forEach(e -> {
                    List<EndpointAddress> ready = new ArrayList<>(e.getValue().get(0));
                    List<EndpointAddress> notReady = new ArrayList<>(e.getValue().get(1));
                    ready.sort(byIp);
                    notReady.sort(byIp);
                    subsets.add(new EndpointSubset(ready, notReady, e.getKey()));
                });
        ObjectMeta meta = ObjectMeta.builder()
                .name(service.metadata().name())
                .namespace(namespace)
                .labels(service.metadata().labels())
                .build();
        return Optional.of(new Endpoints(null, null, meta, subsets));
    }

    /** Whether the pod's {@code Ready} condition is {@code True}. */
    public static boolean isReady(PodStatus status) {
        if (status == null) {
            return false;
        }
        for (PodCondition c : status.conditions()) {
            if ("Ready".equals(c.type())) {
                return "True".equals(c.status());
            }
        }
        return false;
    }

    private static EndpointAddress address(Service service, Pod pod) {
        PodSpec spec = pod.spec();
        String hostname = null;
        if (spec != null && spec.hostname() != null && !spec.hostname().isEmpty()
                && Objects.equals(spec.subdomain(), service.metadata().name())) {
            hostname = spec.hostname();
        }
        ObjectMeta meta = pod.metadata();
        // No resourceVersion, as Kubernetes: it would change the endpoints with every status write of a pod.
        ObjectReference ref = new ObjectReference("Pod", meta.namespace(), meta.name(), meta.uid(), null, null, null);
        return new EndpointAddress(pod.status().podIP(), hostname, spec == null ? null : spec.nodeName(), ref);
    }

    private static List<EndpointPort> resolvePorts(List<ServicePort> servicePorts, Pod pod) {
        List<EndpointPort> out = new ArrayList<>();
        for (ServicePort sp : servicePorts) {
            String protocol = sp.protocol() == null ? "TCP" : sp.protocol();
            Integer port = targetPort(sp, protocol, pod);
            if (port != null) {
                out.add(new EndpointPort(sp.name(), port, protocol, sp.appProtocol()));
            }
        }
        return List.copyOf(out);
    }

    private static Integer targetPort(ServicePort sp, String protocol, Pod pod) {
        IntOrString target = sp.targetPort();
        if (target == null) {
            return sp.port();
        }
        if (target.isInt()) {
            return target.intValue();
        }
        if (pod.spec() == null) {
            return null;
        }
        for (Container c : pod.spec().containers()) {
            for (ContainerPort cp : c.ports()) {
                String cpProtocol = cp.protocol() == null ? "TCP" : cp.protocol();
                if (target.strValue().equals(cp.name()) && cpProtocol.equals(protocol)) {
                    return cp.containerPort();
                }
            }
        }
        return null;
    }

    /** Numeric order for IPv4 dotted quads; string order otherwise. */
    private static int compareIp(String a, String b) {
        long la = ipv4(a);
        long lb = ipv4(b);
        if (la >= 0 && lb >= 0) {
            return Long.compare(la, lb);
        }
        return a.compareTo(b);
    }

    private static long ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long v = 0;
        try {
            for (String p : parts) {
                int octet = Integer.parseInt(p);
                if (octet < 0 || octet > 255) {
                    return -1;
                }
                v = (v << 8) | octet;
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return v;
    }
}
