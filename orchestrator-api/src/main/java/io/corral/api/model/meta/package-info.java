/**
 * Kind-independent parts of the object model: {@link io.corral.api.model.meta.ObjectMeta}, {@link io.corral.api.model.meta.KubernetesObject}, lists, watch events, {@link io.corral.api.model.meta.IntOrString}, and the {@link io.corral.api.model.meta.ResourceKinds} registry every API route and client is generated from.
 */
package io.corral.api.model.meta;
