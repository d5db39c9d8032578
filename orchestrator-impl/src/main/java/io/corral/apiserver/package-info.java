/**
 * The Kubernetes-style REST API server on Vert.x Web: discovery, every verb on every kind of
 * {@link io.corral.api.model.meta.ResourceKinds}, watches as chunked JSON streams, errors as
 * {@code Status} objects. Start one with {@link io.corral.apiserver.ApiServer}; it is stateless, so
 * any member may serve it.
 */
package io.corral.apiserver;
