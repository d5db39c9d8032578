/**
 * The REST storage layer: what each verb of the Kubernetes API does to the cluster store, independent
 * of HTTP. {@link io.corral.apiserver.registry.ResourceRegistry} normalises, defaults and validates
 * objects, applies the status-subresource, deletion and namespace rules, and is shared by the HTTP
 * handlers and in-process clients.
 */
package io.corral.apiserver.registry;
