/**
 * A simulated container runtime that runs nothing, for hollow nodes and tests:
 * {@link io.corral.runtime.simulated.SimulatedRuntime}, found by {@link java.util.ServiceLoader}
 * under the id {@code simulated} ({@link io.corral.runtime.simulated.SimulatedRuntimeProvider}).
 */
package io.corral.runtime.simulated;
