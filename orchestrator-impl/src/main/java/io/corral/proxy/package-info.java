/**
 * The service proxy of a node (kube-proxy in its first, user-space mode): for every service port a
 * TCP or UDP listener that forwards each connection or datagram flow to a ready endpoint of the
 * service, round robin or with client-IP affinity. Where the listeners bind is the
 * {@link io.corral.proxy.ServiceAddressMapper}'s choice (see docs/decisions/0003-service-traffic.md).
 * {@link io.corral.proxy.ServiceNetworking} wires a member's data plane: informers on services and
 * endpoints feeding the proxy and the registry the cluster DNS answers from.
 */
package io.corral.proxy;
