/**
 * The cluster DNS of a node: answers {@code <svc>.<ns>.svc.<domain>} (A, SRV) and stateful pod names
 * from a {@link io.corral.service.ServiceRegistryView}, over UDP and TCP, and never forwards.
 * Wire format by dnsjava.
 */
package io.corral.dns;
