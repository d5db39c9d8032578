/**
 * The core ("" group, v1) kinds: Pod, Node, Namespace, Service, Endpoints, Secret, ConfigMap, PersistentVolume(Claim), ReplicationController, ResourceQuota, LimitRange, Event, and their parts. Immutable records named and shaped as in Kubernetes.
 */
package io.corral.api.model.core;
