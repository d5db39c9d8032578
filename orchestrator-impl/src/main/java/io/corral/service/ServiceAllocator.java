package io.corral.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.api.model.core.Service;
import io.corral.api.model.core.ServicePort;
import io.corral.api.model.core.ServiceSpec;
import io.corral.api.status.ApiException;
import io.corral.api.status.StatusReason;
import io.corral.api.validation.FieldError;
import io.corral.api.validation.FieldPath;
import io.corral.api.validation.InvalidObjectException;
import io.corral.store.ClusterStore;
import io.corral.store.ObjectKey;
import io.corral.store.ResourceType;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out cluster IPs and node ports, unique across the cluster, as kube-apiserver's
 * {@code RangeAllocation} registry does.
 *
 * <p>The state lives in the store, one object per range under the cluster-scoped resource
 * {@code rangeallocations}: {@code serviceipallocations} and {@code servicenodeportallocations},
 * each {@code {"range": "...", "data": "<base64 bitmap>"}}. Every change is a
 * {@link ClusterStore#guaranteedUpdate} (a write conditioned on the version it read), so two members
 * allocating at once never hand out the same value: one of the writes conflicts and is redone on the
 * newer bitmap.
 *
 * <p>Contract:
 * <ol>
 *   <li>{@link #allocate} fills in what the service leaves empty ({@code spec.clusterIP} for types
 *       ClusterIP, NodePort, LoadBalancer unless {@code None}; {@code spec.ports[i].nodePort} for
 *       NodePort and LoadBalancer) and reserves what it requests. A requested value outside its range
 *       or already taken is an {@link InvalidObjectException} naming the field
 *       ({@code spec.clusterIP}, {@code spec.ports[0].nodePort}); nothing stays reserved after a
 *       failed call. A full range is an {@code InternalError}, as in Kubernetes.</li>
 *   <li>{@link #release} frees the service's cluster IP and node ports; releasing what is not
 *       allocated, or is outside the ranges, is a no-op (idempotent).</li>
 *   <li>Thread-safe; every call blocks on store round trips. The calling member needs a quorum
 *       ({@code ServiceUnavailable} otherwise).</li>
 *   <li>The same node port may serve several ports of one service (e.g. TCP and UDP 53).</li>
 * </ol>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ServiceAllocator {
    /** The store resource holding the allocation bitmaps (cluster-scoped). */
    public static final ResourceType RANGE_ALLOCATIONS = ResourceType.core("rangeallocations");
    /** Name of the cluster IP bitmap. */
    public static final String SERVICE_IPS = "serviceipallocations";
    /** Name of the node port bitmap. */
    public static final String NODE_PORTS = "servicenodeportallocations";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceAllocator.class);
    private static final FieldPath CLUSTER_IP = FieldPath.root("spec").child("clusterIP");

    private final ClusterStore store;
    private final ServiceAllocatorConfig config;
    private final Ipv4Cidr cidr;

    /**
     * @param store  the cluster store; not closed by this class
     * @param config the ranges; every member of a cluster must use the same ones
     */
    public ServiceAllocator(ClusterStore store, ServiceAllocatorConfig config) {
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.cidr = Ipv4Cidr.parse(config.serviceCidr());
    }

    /**
     * Reserves the service's cluster IP and node ports.
     *
     * @param service a service about to be created; not null
     * @return a copy with {@code spec.clusterIP}, {@code spec.clusterIPs} and node ports filled in
     * @throws InvalidObjectException a requested value is malformed, out of range or taken
     * @throws ApiException           {@code InternalError} when a range is full; store errors
     */
    public Service allocate(Service service) {
        Objects.requireNonNull(service, "service");
        ServiceSpec spec = service.spec();
        if (spec == null || "ExternalName".equals(spec.type())) {
            return service;
        }
        String name = service.metadata().name();
        String ip = spec.clusterIP();
        boolean headless = "None".equals(ip);
        Integer ipOffset = null;
        if (!headless) {
            Integer requested = null;
            if (ip != null && !ip.isEmpty()) {
                requested = ipOffset(name, ip);
            }
            List<Integer> got = reserve(SERVICE_IPS, config.serviceCidr(), cidr.size() - 2, requested == null ? 1 : 0,
                    requested == null ? Map.of() : Map.of(requested - 1, CLUSTER_IP), name, "IP");
            ipOffset = got.get(0) + 1;
            ip = cidr.addressAt(ipOffset);
        }

        List<ServicePort> ports = spec.ports();
        if (needsNodePorts(spec)) {
            try {
                ports = allocateNodePorts(name, ports);
            } catch (RuntimeException e) {
                if (ipOffset != null) {
                    releaseQuietly(SERVICE_IPS, config.serviceCidr(), Set.of(ipOffset - 1));
                }
                throw e;
            }
        }
        ServiceSpec.Builder b = spec.toBuilder().ports(ports);
        if (!headless) {
            b.clusterIP(ip).clusterIPs(List.of(ip));
        }
        return service.withSpec(b.build());
    }

    /**
     * Adjusts the reservations of a service being updated, as kube-apiserver does: the cluster IP is
     * immutable (an empty one in {@code updated} keeps the old one); a change to or from
     * ExternalName, NodePort or LoadBalancer allocates or frees; a port without node port keeps the
     * node port of the old port with the same number and protocol; node ports no longer used are
     * freed.
     *
     * @param old     the service as stored; not null
     * @param updated the new version; not null
     * @return {@code updated} with cluster IP and node ports filled in
     * @throws InvalidObjectException {@code spec.clusterIP} changed, or a new node port is invalid or taken
     */
    public Service update(Service old, Service updated) {
        Objects.requireNonNull(old, "old");
        Objects.requireNonNull(updated, "updated");
        ServiceSpec oldSpec = old.spec();
        ServiceSpec spec = updated.spec();
        if (oldSpec == null || "ExternalName".equals(oldSpec.type())) {
            return allocate(updated);
        }
        if (spec == null || "ExternalName".equals(spec.type())) {
            release(old);
            return updated;
        }
        String name = updated.metadata().name();
        String oldIp = oldSpec.clusterIP();
        String ip = spec.clusterIP();
        if (ip == null || ip.isEmpty()) {
            ip = oldIp;
        } else if (!ip.equals(oldIp)) {
            throw invalid(name, FieldError.invalid(CLUSTER_IP, ip, "field is immutable"));
        }
        Set<Integer> owned = new TreeSet<>();
        if (needsNodePorts(oldSpec)) {
            oldSpec.ports().stream().map(ServicePort::nodePort).filter(Objects::nonNull).forEach(owned::add);
        }
        List<ServicePort> ports = spec.ports();
        if (needsNodePorts(spec)) {
            List<ServicePort> carried = new ArrayList<>();
            for (ServicePort p : ports) {
                Integer keep = null;
                if (p.nodePort() == null || p.nodePort() == 0) {
                    keep = oldSpec.ports().stream()
                            .filter(o -> Objects.equals(o.port(), p.port()) && protocol(o).equals(protocol(p)) && o.nodePort() != null
                                    && owned.contains(o.nodePort()))
                            .map(ServicePort::nodePort).findFirst().orElse(null);
                }
                carried.add(keep == null ? p : new ServicePort(p.name(), p.protocol(), p.appProtocol(), p.port(), p.targetPort(), keep));
            }
            ports = allocateNodePorts(name, carried, owned);
        }
        Set<Integer> stillUsed = new TreeSet<>();
        if (needsNodePorts(spec)) {
            ports.stream().map(ServicePort::nodePort).filter(Objects::nonNull).forEach(stillUsed::add);
        }
        Set<Integer> freed = new TreeSet<>();
        for (int port : owned) {
            if (!stillUsed.contains(port) && port >= config.nodePortFirst() && port <= config.nodePortLast()) {
                freed.add(port - config.nodePortFirst());
            }
        }
        if (!freed.isEmpty()) {
            release(NODE_PORTS, config.nodePortRange(), freed);
        }
        ServiceSpec.Builder b = spec.toBuilder().ports(ports).clusterIP(ip);
        if (ip != null && !"None".equals(ip)) {
            b.clusterIPs(List.of(ip));
        }
        return updated.withSpec(b.build());
    }

    private static String protocol(ServicePort p) {
        return p.protocol() == null ? "TCP" : p.protocol();
    }

    /**
     * Frees the service's cluster IP and node ports. Idempotent.
     *
     * @param service a deleted service, as it was stored; not null
     */
    public void release(Service service) {
        Objects.requireNonNull(service, "service");
        ServiceSpec spec = service.spec();
        if (spec == null) {
            return;
        }
        String ip = spec.clusterIP();
        if (ip != null && !ip.isEmpty() && !"None".equals(ip)) {
            long address = Ipv4Cidr.parseAddress(ip);
            int offset = address < 0 ? -1 : cidr.offsetOf(address);
            if (offset > 0 && offset < cidr.size() - 1) {
                release(SERVICE_IPS, config.serviceCidr(), Set.of(offset - 1));
            }
        }
        Set<Integer> ports = new TreeSet<>();
        for (ServicePort p : spec.ports()) {
            if (p.nodePort() != null && p.nodePort() >= config.nodePortFirst() && p.nodePort() <= config.nodePortLast()) {
                ports.add(p.nodePort() - config.nodePortFirst());
            }
        }
        if (!ports.isEmpty()) {
            release(NODE_PORTS, config.nodePortRange(), ports);
        }
    }

    /** The cluster IPs reserved now, in address order (for repair and tests). */
    public List<String> allocatedClusterIPs() {
        BitSet bits = read(SERVICE_IPS);
        return bits.stream().mapToObj(i -> cidr.addressAt(i + 1)).toList();
    }

    /** The node ports reserved now, ascending. */
    public List<Integer> allocatedNodePorts() {
        BitSet bits = read(NODE_PORTS);
        return bits.stream().mapToObj(i -> i + config.nodePortFirst()).toList();
    }

    private static boolean needsNodePorts(ServiceSpec spec) {
        return "NodePort".equals(spec.type()) || "LoadBalancer".equals(spec.type());
    }

    private int ipOffset(String name, String ip) {
        long address = Ipv4Cidr.parseAddress(ip);
        if (address < 0) {
            throw invalid(name, FieldError.invalid(CLUSTER_IP, ip, "must be a valid IPv4 address, \"None\" or empty"));
        }
        int offset = cidr.offsetOf(address);
        if (offset <= 0 || offset >= cidr.size() - 1) {
            throw invalid(name, FieldError.invalid(CLUSTER_IP, ip,
                    "provided IP is not in the valid range. The range of valid IPs is " + cidr));
        }
        return offset;
    }

    private List<ServicePort> allocateNodePorts(String name, List<ServicePort> ports) {
        return allocateNodePorts(name, ports, Set.of());
    }

    /** Fills in and reserves node ports; those in {@code owned} (the service's already) are not reserved again. */
    private List<ServicePort> allocateNodePorts(String name, List<ServicePort> ports, Set<Integer> owned) {
        int size = config.nodePortLast() - config.nodePortFirst() + 1;
        Map<Integer, FieldPath> requested = new LinkedHashMap<>();
        int wanted = 0;
        for (int i = 0; i < ports.size(); i++) {
            Integer np = ports.get(i).nodePort();
            FieldPath field = FieldPath.root("spec").child("ports").index(i).child("nodePort");
            if (np == null || np == 0) {
                wanted++;
            } else if (np < config.nodePortFirst() || np > config.nodePortLast()) {
                throw invalid(name, FieldError.invalid(field, np,
                        "provided port is not in the valid range. The range of valid ports is " + config.nodePortRange()));
            } else if (!owned.contains(np)) {
                requested.putIfAbsent(np - config.nodePortFirst(), field);
            }
        }
        if (wanted == 0 && requested.isEmpty()) {
            return ports;
        }
        List<Integer> got = reserve(NODE_PORTS, config.nodePortRange(), size, wanted, requested, name, "port");
        List<ServicePort> out = new ArrayList<>(ports.size());
        int next = requested.size();
        for (ServicePort p : ports) {
            if (p.nodePort() == null || p.nodePort() == 0) {
                int port = got.get(next++) + config.nodePortFirst();
                out.add(new ServicePort(p.name(), p.protocol(), p.appProtocol(), p.port(), p.targetPort(), port));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * Reserves the requested offsets (in their order) and {@code extra} free ones at random in one
     * conditional write. Returns the requested offsets followed by the picked ones.
     */
    private List<Integer> reserve(String record, String range, int size, int extra, Map<Integer, FieldPath> requested,
                                  String serviceName, String what) {
        ObjectKey key = ensureRecord(record, range);
        // Written by the last (the committed) run of the mutation.
        List<Integer> result = new ArrayList<>();
        store.guaranteedUpdate(key, current -> {
            result.clear();
            BitSet bits = bits(current, range);
            for (Map.Entry<Integer, FieldPath> r : requested.entrySet()) {
                if (bits.get(r.getKey())) {
                    throw invalid(serviceName, FieldError.invalid(r.getValue(),
                            what.equals("IP") ? cidr.addressAt(r.getKey() + 1) : r.getKey() + config.nodePortFirst(),
                            "provided " + what + " is already allocated"));
                }
                bits.set(r.getKey());
                result.add(r.getKey());
            }
            for (int i = 0; i < extra; i++) {
                int start = ThreadLocalRandom.current().nextInt(size);
                int free = bits.nextClearBit(start);
                if (free >= size) {
                    free = bits.nextClearBit(0);
                }
                if (free >= size) {
                    throw new ApiException(StatusReason.INTERNAL_ERROR,
                            "failed to allocate a service " + what + " for " + serviceName + ": range " + range + " is full");
                }
                bits.set(free);
                result.add(free);
            }
            current.put("data", Base64.getEncoder().encodeToString(bits.toByteArray()));
            return current;
        });
        LOG.debug("reserved {} {} for service {}", what, result, serviceName);
        return List.copyOf(result);
    }

    private void release(String record, String range, Set<Integer> offsets) {
        ObjectKey key = ObjectKey.clusterScoped(RANGE_ALLOCATIONS, record);
        if (store.find(key).isEmpty()) {
            return;
        }
        store.guaranteedUpdate(key, current -> {
            BitSet bits = bits(current, range);
            offsets.forEach(bits::clear);
            current.put("data", Base64.getEncoder().encodeToString(bits.toByteArray()));
            return current;
        });
    }

    private void releaseQuietly(String record, String range, Set<Integer> offsets) {
        try {
            release(record, range, offsets);
        } catch (RuntimeException e) {
            LOG.warn("could not release {} {} after a failed allocation; the repair loop must free it", record, offsets, e);
        }
    }

    private BitSet read(String record) {
        String range = record.equals(SERVICE_IPS) ? config.serviceCidr() : config.nodePortRange();
        return store.find(ObjectKey.clusterScoped(RANGE_ALLOCATIONS, record))
                .map(o -> bits(o, range))
                .orElseGet(BitSet::new);
    }

    ObjectKey ensureRecord(String record, String range) {
        ObjectKey key = ObjectKey.clusterScoped(RANGE_ALLOCATIONS, record);
        if (store.find(key).isEmpty()) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("apiVersion", "v1").put("kind", "RangeAllocation");
            o.putObject("metadata").put("name", record);
            o.put("range", range).put("data", "");
            try {
                store.create(RANGE_ALLOCATIONS, null, o);
            } catch (ApiException e) {
                if (e.reason() != StatusReason.ALREADY_EXISTS) {
                    throw e;
                }
                // Another member's create may be applied but not yet committed, and reads see only
                // committed writes: commit it before reading the record.
                store.sync();
            }
        }
        return key;
    }

    static BitSet bits(ObjectNode record, String range) {
        String stored = record.path("range").asText();
        if (!stored.equals(range)) {
            throw new ApiException(StatusReason.INTERNAL_ERROR, "the cluster allocates " + record.path("metadata").path("name").asText()
                    + " from " + stored + " but this member is configured with " + range);
        }
        return BitSet.valueOf(Base64.getDecoder().decode(record.path("data").asText()));
    }

    private static InvalidObjectException invalid(String name, FieldError error) {
        return new InvalidObjectException("Service", name, List.of(error));
    }
}
