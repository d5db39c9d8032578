/**
 * The control-plane side of services: the endpoints of a service computed from its pods
 * ({@link io.corral.service.EndpointsComputer}) and kept in the store by the
 * {@link io.corral.service.EndpointsController}; the cluster-wide allocation of cluster IPs and
 * node ports kept in the store ({@link io.corral.service.ServiceAllocator}), hooked into the API
 * server's write path ({@link io.corral.service.ServiceAllocationHook}) and repaired from the
 * stored services ({@link io.corral.service.ServiceAllocatorRepair}).
 */
package io.corral.service;
