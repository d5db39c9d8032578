/**
 * HTTP ingress: routing {@code networking.k8s.io/v1} Ingress rules by host and path
 * ({@link io.corral.ingress.IngressRoutes}) and a member's HTTP entry point that forwards to the
 * ready endpoints of the chosen service ({@link io.corral.ingress.IngressGateway}).
 */
package io.corral.ingress;
