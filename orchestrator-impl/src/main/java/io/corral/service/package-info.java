/**
 * The control-plane side of services: the endpoints of a service computed from its pods
 * ({@link io.corral.service.EndpointsComputer}) and the cluster-wide allocation of cluster IPs and
 * node ports kept in the store ({@link io.corral.service.ServiceAllocator}).
 */
package io.corral.service;
