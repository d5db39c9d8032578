/**
 * The typed Java client of the Kubernetes-style API: {@link io.corral.api.client.CorralClient} with a
 * fluent {@link io.corral.api.client.ResourceClient} per kind (namespace, selectors, CRUD, patch, delete
 * options, paging, watch, conflict-retrying edit), built over the {@link io.corral.api.client.spi.ResourceApi}
 * SPI that the remote (HTTP) and in-process implementations provide. Informers, built on list and watch
 * alone, are in {@link io.corral.api.client.informer}.
 */
package io.corral.api.client;
