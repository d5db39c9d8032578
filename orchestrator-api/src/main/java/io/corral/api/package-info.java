/**
 * Corral's public Java API: the object model of the Kubernetes concepts, label selectors, validation, codecs and the typed client. Depends on nothing else of Corral's.
 */
package io.corral.api;
