/**
 * A sample container runtime plugin: {@link io.corral.samples.plugin.HostProcessRuntime} runs each container's
 * command as a plain process of the host, and {@link io.corral.samples.plugin.HostProcessRuntimeProvider}
 * registers it with {@link java.util.ServiceLoader} under the id {@code host-process}. It depends on the runtime
 * SPI alone; its whole conformance test is a subclass of the kit. It isolates nothing and is meant to be read,
 * not deployed.
 */
package io.corral.samples.plugin;
