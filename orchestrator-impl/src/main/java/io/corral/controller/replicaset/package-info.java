/** ReplicaSet and ReplicationController controller. */
package io.corral.controller.replicaset;
