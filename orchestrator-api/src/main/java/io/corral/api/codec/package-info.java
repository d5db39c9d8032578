/**
 * JSON and YAML in Kubernetes' wire shape, with limits on hostile input. The model carries no Jackson annotations; the mapping lives here.
 */
package io.corral.api.codec;
