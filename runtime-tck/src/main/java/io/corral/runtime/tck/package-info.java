/**
 * The conformance kit for container runtimes.
 */
package io.corral.runtime.tck;
