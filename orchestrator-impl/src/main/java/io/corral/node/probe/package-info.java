/**
 * Container probes (liveness, readiness, startup) run by the node agent: {@link io.corral.node.probe.Prober}
 * runs one probe (exec through the runtime's command runner, HTTP GET, TCP connect);
 * {@link io.corral.node.probe.ProbeManager} keeps a worker per container and probe with kubelet's timing
 * and threshold rules, driven by {@link io.corral.node.probe.ProbeManager#runDue} on an injected clock.
 */
package io.corral.node.probe;
