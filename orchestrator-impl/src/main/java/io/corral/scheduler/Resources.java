package io.corral.scheduler;

import io.corral.api.quantity.Quantity;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * An immutable amount of node resources: CPU in millicores, memory and ephemeral storage in bytes,
 * and any other (extended) resource in whole units, as kube-scheduler's {@code framework.Resource}.
 *
 * @param milliCpu         CPU in millicores, never negative for requests
 * @param memory           memory in bytes
 * @param ephemeralStorage ephemeral storage in bytes
 * @param scalars          other resources by name (e.g. {@code nvidia.com/gpu}) in whole units; never null, unmodifiable
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Resources(long milliCpu, long memory, long ephemeralStorage, Map<String, Long> scalars) {
    /** Resource name of CPU. */
    public static final String CPU = "cpu";
    /** Resource name of memory. */
    public static final String MEMORY = "memory";
    /** Resource name of ephemeral storage. */
    public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    /** Resource name of the pod count (only meaningful in a node's allocatable). */
    public static final String PODS = "pods";
    /** Nothing. */
    public static final Resources ZERO = new Resources(0, 0, 0, Map.of());

    /** Copies {@code scalars}; null means none. */
    public Resources {
        scalars = scalars == null || scalars.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(scalars));
    }

    /**
     * The resources named in a Kubernetes resource list ({@code requests}, {@code allocatable}); the
     * {@code pods} entry is left out (see {@link #podCount(Map)}).
     *
     * @param list the resource list, may be null
     */
    public static Resources of(Map<String, Quantity> list) {
        if (list == null || list.isEmpty()) {
            return ZERO;
        }
        long cpu = 0;
        long memory = 0;
        long storage = 0;
        Map<String, Long> scalars = null;
        for (Map.Entry<String, Quantity> e : list.entrySet()) {
            Quantity q = e.getValue();
            if (q == null) {
                continue;
            }
            switch (e.getKey()) {
                case CPU -> cpu = q.milliValue();
                case MEMORY -> memory = q.longValue();
                case EPHEMERAL_STORAGE -> storage = q.longValue();
                case PODS -> { }
                default -> {
                    if (scalars == null) {
                        scalars = new HashMap<>();
                    }
                    scalars.put(e.getKey(), q.longValue());
                }
            }
        }
        return new Resources(cpu, memory, storage, scalars);
    }

    /** The {@code pods} entry of a resource list, 0 when absent. */
    public static long podCount(Map<String, Quantity> list) {
        Quantity q = list == null ? null : list.get(PODS);
        return q == null ? 0 : q.longValue();
    }

    /** The amount of one resource by its Kubernetes name (CPU in millicores); 0 when absent. */
    public long get(String name) {
        return switch (name) {
            case CPU -> milliCpu;
            case MEMORY -> memory;
            case EPHEMERAL_STORAGE -> ephemeralStorage;
            default -> scalars.getOrDefault(name, 0L);
        };
    }

    /** Whether every amount is zero. */
    public boolean isZero() {
        return milliCpu == 0 && memory == 0 && ephemeralStorage == 0 && scalars.values().stream().allMatch(v -> v == 0);
    }

    /** The sum. */
    public Resources plus(Resources other) {
        return combine(other, 1);
    }

    /** The difference. */
    public Resources minus(Resources other) {
        return combine(other, -1);
    }

    /** The per-resource maximum. */
    public Resources max(Resources other) {
        Map<String, Long> s = new HashMap<>(scalars);
        other.scalars.forEach((k, v) -> s.merge(k, v, Math::max));
        return new Resources(Math.max(milliCpu, other.milliCpu), Math.max(memory, other.memory),
                Math.max(ephemeralStorage, other.ephemeralStorage), s);
    }

    private Resources combine(Resources other, int sign) {
        Map<String, Long> s;
        if (other.scalars.isEmpty()) {
            s = scalars;
        } else {
            s = new HashMap<>(scalars);
            other.scalars.forEach((k, v) -> s.merge(k, sign * v, Long::sum));
        }
        return new Resources(milliCpu + sign * other.milliCpu, memory + sign * other.memory,
                ephemeralStorage + sign * other.ephemeralStorage, s);
    }
}
