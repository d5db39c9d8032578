/**
 * Nodes on a member: the wiring of the node agent core ({@link io.corral.node}) to the API.
 * {@link io.corral.nodehost.NodeHost} runs any number of {@link io.corral.nodehost.NodeService}s
 * over one set of shared informers; each registers its {@code Node}, renews its {@code Lease},
 * receives its pods and reports statuses and events. Pod logs and exec are served by
 * {@link io.corral.nodehost.streams}.
 */
package io.corral.nodehost;
