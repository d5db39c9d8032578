/**
 * The coordination.k8s.io/v1 kinds: Lease.
 */
package io.corral.api.model.coordination;
