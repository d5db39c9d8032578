/**
 * The networking.k8s.io/v1 kinds: Ingress.
 */
package io.corral.api.model.networking;
