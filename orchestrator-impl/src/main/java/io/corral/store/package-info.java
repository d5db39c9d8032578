/**
 * The cluster store on Hazelcast: etcd's role.
 *
 * <p>{@link io.corral.store.ClusterStore} is the contract (Kubernetes-shaped JSON objects keyed by
 * {@link io.corral.store.ObjectKey}; create, get, update, guaranteed update, delete, list with
 * limit/continue, watch from a resourceVersion). {@link io.corral.store.HazelcastStore} implements
 * it as a replicated state machine held in one map entry; {@link io.corral.store.StoreConfig} builds
 * or checks the Hazelcast configuration it needs. The design and its failure analysis are in
 * {@code docs/decisions/0001-store-revisions.md}.
 */
package io.corral.store;
