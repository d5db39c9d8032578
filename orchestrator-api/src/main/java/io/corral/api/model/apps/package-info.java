/**
 * The apps/v1 kinds: ReplicaSet, Deployment, StatefulSet, DaemonSet.
 */
package io.corral.api.model.apps;
