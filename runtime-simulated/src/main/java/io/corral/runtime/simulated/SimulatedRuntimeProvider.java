package io.corral.runtime.simulated;

import io.corral.runtime.spi.ContainerRuntime;
import io.corral.runtime.spi.ContainerRuntimeException;
import io.corral.runtime.spi.ContainerRuntimeProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Provides {@link SimulatedRuntime}s under the id {@code simulated}, at a low priority so a real
 * runtime wins when both are on the class path and none is chosen by id.
 *
 * <p>Settings: {@code nodeName}, {@code cpuMillis}, {@code memoryBytes}, {@code pods},
 * {@code architecture}, {@code internalIp}, {@code startLatencyMillis}, and {@code labels} as
 * {@code key=value,key=value}. An unknown setting is an error.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public final class SimulatedRuntimeProvider implements ContainerRuntimeProvider {
    /** The provider id. */
    public static final String ID = "simulated";
    private static final Set<String> KEYS = Set.of("nodeName", "cpuMillis", "memoryBytes", "pods", "architecture",
            "internalIp", "startLatencyMillis", "labels");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public ContainerRuntime create(Map<String, String> config) {
        SimulatedRuntime.Builder builder = SimulatedRuntime.builder();
        for (Map.Entry<String, String> e : config.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            switch (key) {
                case "nodeName" -> builder.nodeName(value);
                case "cpuMillis" -> builder.cpuMillis(number(key, value));
                case "memoryBytes" -> builder.memoryBytes(number(key, value));
                case "pods" -> builder.pods((int) number(key, value));
                case "architecture" -> builder.architecture(value);
                case "internalIp" -> builder.internalIp(value);
                case "startLatencyMillis" -> builder.startLatency(Duration.ofMillis(number(key, value)));
                case "labels" -> {
                    for (String pair : value.split(",")) {
                        if (pair.isBlank()) {
                            continue;
                        }
                        int eq = pair.indexOf('=');
                        if (eq <= 0) {
                            throw ContainerRuntimeException.invalidArgument("labels", "expected key=value, was \"" + pair + "\"");
                        }
                        builder.label(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
                    }
                }
                default -> throw ContainerRuntimeException.invalidArgument(key, "unknown setting; known: " + KEYS);
            }
        }
        return builder.build();
    }

    private static long number(String key, String value) {
        try {
            long n = Long.parseLong(value.trim());
            if (n < 0) {
                throw ContainerRuntimeException.invalidArgument(key, "must not be negative, was " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ContainerRuntimeException.invalidArgument(key, "not a number: \"" + value + "\"");
        }
    }
}
