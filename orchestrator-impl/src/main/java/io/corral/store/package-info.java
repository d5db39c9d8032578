/**
 * The cluster store on Hazelcast: etcd's role.
 */
package io.corral.store;
