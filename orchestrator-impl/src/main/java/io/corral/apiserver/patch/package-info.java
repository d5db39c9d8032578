/**
 * The three patch formats of the Kubernetes API on Jackson trees: JSON Patch (RFC 6902), JSON Merge
 * Patch (RFC 7386) and the common cases of strategic merge patch.
 */
package io.corral.apiserver.patch;
