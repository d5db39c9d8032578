/**
 * The node agent (kubelet's role): turns the pods bound to this node into runtime calls and
 * reports what the runtime does.
 *
 * <ul>
 *   <li>{@link io.corral.node.NodeAgent}: the core; desired pods come in through
 *       {@code podAdded/podUpdated/podDeleted}, work per pod is serialised by
 *       {@link io.corral.node.PodWorkers}.</li>
 *   <li>{@link io.corral.node.PodDescriptions}: model {@code Pod} + its secrets, config maps, claims
 *       and services → runtime {@code PodDescription}.</li>
 *   <li>{@link io.corral.node.PodStatuses}: runtime {@code PodStatus} → model {@code PodStatus}
 *       (kubelet's phase and condition rules).</li>
 *   <li>{@link io.corral.node.NodeObjects}: the {@code Node} object and its heartbeat {@code Lease}.</li>
 *   <li>{@link io.corral.node.probe}: liveness, readiness and startup probes.</li>
 * </ul>
 *
 * <p>Edges the wiring implements: {@link io.corral.node.PodResources} (secret, config map, claim and
 * service lookups), {@link io.corral.node.PodStatusSink} (pod status out, pod gone),
 * {@link io.corral.node.NodeStatusSink} (node object and lease out), {@link io.corral.node.EventRecorder}
 * (events out).
 */
package io.corral.node;
