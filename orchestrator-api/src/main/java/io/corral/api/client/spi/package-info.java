/**
 * The service provider interface of the client: {@link io.corral.api.client.spi.ResourceApi}, the verbs
 * an implementation (over HTTP, or in process over the API server's registry) provides.
 */
package io.corral.api.client.spi;
