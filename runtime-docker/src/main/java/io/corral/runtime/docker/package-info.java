/**
 * The Docker runtime, on docker-java.
 */
package io.corral.runtime.docker;
