package io.corral.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.corral.store.ClusterStore;
import io.corral.store.ListOptions;
import io.corral.store.ObjectKey;
import io.corral.store.ResourceType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the allocation bitmaps of a {@link ServiceAllocator} from the services in the store, as
 * kube-apiserver's repair controllers for service IPs and node ports do.
 *
 * <p>Each {@link #runOnce()}:
 * <ol>
 *   <li>marks every cluster IP and node port a stored service holds (an allocation lost, e.g. by an
 *       update that freed a port and then failed, is taken back);</li>
 *   <li>frees a reserved value no service holds only once it has been seen leaked for at least
 *       {@code leakGrace}: a value reserved by a create still in flight (reserved, not yet stored)
 *       looks leaked for a moment and must not be handed out twice. A member that died between
 *       reservation and write leaves such a value behind; the next runs free it.</li>
 *   <li>logs values held by services that are outside the configured ranges, and leaves them.</li>
 * </ol>
 * Run it once when a member starts and then periodically. Several members repairing at once is
 * safe: every bitmap change is a conditional write on the version read. Not thread-safe per
 * instance (one caller at a time; the leak tracking is per instance).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class ServiceAllocatorRepair {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceAllocatorRepair.class);
    private static final ResourceType SERVICES = ResourceType.core("services");

    private final ClusterStore store;
    private final ServiceAllocatorConfig config;
    private final ServiceAllocator allocator;
    private final Ipv4Cidr cidr;
    private final Duration leakGrace;
    private final Clock clock;
    private final Map<String, Map<Integer, Instant>> leakedSince = new HashMap<>();

    /**
     * @param store     the cluster store
     * @param config    the ranges, the same as the allocator's
     * @param leakGrace how long a value must look leaked before it is freed; zero frees at once
     *                  (only safe when no service is being created, e.g. in tests)
     * @param clock     the time for the grace
     */
    public ServiceAllocatorRepair(ClusterStore store, ServiceAllocatorConfig config, Duration leakGrace, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.allocator = new ServiceAllocator(store, config);
        this.cidr = Ipv4Cidr.parse(config.serviceCidr());
        this.leakGrace = Objects.requireNonNull(leakGrace, "leakGrace");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (leakGrace.isNegative()) {
            throw new IllegalArgumentException("leakGrace must not be negative: " + leakGrace);
        }
    }

    /** What one run changed. */
    public record Result(int ipsMarked, int ipsFreed, int portsMarked, int portsFreed) {
    }

    /**
     * Compares the bitmaps with the stored services and corrects them; see the class rules.
     *
     * @throws io.corral.api.status.ApiException store errors (no quorum, ...)
     */
    public Result runOnce() {
        BitSet ips = new BitSet();
        BitSet ports = new BitSet();
        int nodePortSize = config.nodePortLast() - config.nodePortFirst() + 1;
        for (ObjectNode service : store.list(SERVICES, null, ListOptions.all()).items()) {
            JsonNode spec = service.path("spec");
            String name = service.path("metadata").path("namespace").asText() + "/" + service.path("metadata").path("name").asText();
            String ip = spec.path("clusterIP").asText("");
            if (!ip.isEmpty() && !ip.equals("None") && !spec.path("type").asText("").equals("ExternalName")) {
                long address = Ipv4Cidr.parseAddress(ip);
                int offset = address < 0 ? -1 : cidr.offsetOf(address);
                if (offset > 0 && offset < cidr.size() - 1) {
                    ips.set(offset - 1);
                } else {
                    LOG.warn("service {} has cluster IP {} outside the range {}", name, ip, cidr);
                }
            }
            for (JsonNode port : spec.path("ports")) {
                int nodePort = port.path("nodePort").asInt(0);
                if (nodePort == 0) {
                    continue;
                }
                if (nodePort >= config.nodePortFirst() && nodePort <= config.nodePortLast()) {
                    ports.set(nodePort - config.nodePortFirst());
                } else {
                    LOG.warn("service {} has node port {} outside the range {}", name, nodePort, config.nodePortRange());
                }
            }
        }
        int[] ip = repair(ServiceAllocator.SERVICE_IPS, config.serviceCidr(), ips, cidr.size() - 2);
        int[] np = repair(ServiceAllocator.NODE_PORTS, config.nodePortRange(), ports, nodePortSize);
        Result result = new Result(ip[0], ip[1], np[0], np[1]);
        if (ip[0] + ip[1] + np[0] + np[1] > 0) {
            LOG.info("service allocation repaired: {}", result);
        }
        return result;
    }

    /** Returns {marked, freed}. */
    private int[] repair(String record, String range, BitSet expected, int size) {
        ObjectKey key = ObjectKey.clusterScoped(ServiceAllocator.RANGE_ALLOCATIONS, record);
        if (expected.isEmpty() && store.find(key).isEmpty()) {
            return new int[] {0, 0};
        }
        allocator.ensureRecord(record, range);
        Map<Integer, Instant> leaked = leakedSince.computeIfAbsent(record, r -> new HashMap<>());
        Instant now = clock.instant();
        int[] counts = new int[2];
        store.guaranteedUpdate(key, current -> {
            BitSet bits = ServiceAllocator.bits(current, range);
            BitSet next = (BitSet) expected.clone();
            counts[0] = 0;
            counts[1] = 0;
            BitSet missing = (BitSet) expected.clone();
            missing.andNot(bits);
            counts[0] = missing.cardinality();
            BitSet extra = (BitSet) bits.clone();
            extra.andNot(expected);
            for (int i = extra.nextSetBit(0); i >= 0 && i < size; i = extra.nextSetBit(i + 1)) {
                Instant since = leaked.getOrDefault(i, now);
                if (Duration.between(since, now).compareTo(leakGrace) >= 0) {
                    counts[1]++;
                } else {
                    next.set(i);
                }
            }
            current.put("data", Base64.getEncoder().encodeToString(next.toByteArray()));
            return current;
        });
        // Remember what looks leaked now (and since when) for the next run; forget the rest.
        BitSet stillReserved = store.find(key).map(o -> ServiceAllocator.bits(o, range)).orElseGet(BitSet::new);
        stillReserved.andNot(expected);
        Map<Integer, Instant> updated = new HashMap<>();
        stillReserved.stream().forEach(i -> updated.put(i, leaked.getOrDefault(i, now)));
        leaked.clear();
        leaked.putAll(updated);
        return counts;
    }
}
