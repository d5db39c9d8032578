package io.corral.runtime.spi;

import org.apiguardian.api.API;

/**
 * Compute resources of a container. A value of 0 means "not set".
 *
 * @param cpuRequestMillis    requested CPU in millicores (1000 = one core)
 * @param cpuLimitMillis      CPU limit in millicores
 * @param memoryRequestBytes  requested memory in bytes
 * @param memoryLimitBytes    memory limit in bytes; exceeding it gets the container {@code OOMKilled}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record Resources(long cpuRequestMillis, long cpuLimitMillis, long memoryRequestBytes, long memoryLimitBytes) {
    /** No requests, no limits. */
    public static final Resources NONE = new Resources(0, 0, 0, 0);

    public Resources {
        Checks.notNegative(cpuRequestMillis, "resources.cpuRequestMillis");
        Checks.notNegative(cpuLimitMillis, "resources.cpuLimitMillis");
        Checks.notNegative(memoryRequestBytes, "resources.memoryRequestBytes");
        Checks.notNegative(memoryLimitBytes, "resources.memoryLimitBytes");
        if (cpuLimitMillis > 0 && cpuRequestMillis > cpuLimitMillis) {
            throw ContainerRuntimeException.invalidArgument("resources.cpuRequestMillis", "must not exceed the limit " + cpuLimitMillis);
        }
        if (memoryLimitBytes > 0 && memoryRequestBytes > memoryLimitBytes) {
            throw ContainerRuntimeException.invalidArgument("resources.memoryRequestBytes", "must not exceed the limit " + memoryLimitBytes);
        }
    }
}
