/**
 * A container runtime that runs nothing, for hollow nodes.
 */
package io.corral.runtime.simulated;
