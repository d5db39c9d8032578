/**
 * Leader election on {@code coordination.k8s.io/v1} {@link io.corral.api.model.coordination.Lease}
 * objects, with client-go's semantics: {@link io.corral.leader.LeaderElector} acquires a free or
 * expired lease, renews it by optimistic-concurrency updates and releases it on close; the leader's
 * {@link io.corral.leader.LeaderContext} carries a fencing token and tells whether leadership is
 * still safe to act on. See {@code docs/decisions/0004-leader-election.md} for what it guarantees.
 */
package io.corral.leader;
