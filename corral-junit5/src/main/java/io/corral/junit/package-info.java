/**
 * Ephemeral Corral clusters for JUnit 5 tests: {@link io.corral.junit.CorralCluster} on a test class or
 * {@link io.corral.junit.CorralExtension#builder()} in a {@code @RegisterExtension} field start a cluster of
 * in-process members on loopback (unique cluster name, free ports) per class or per method, inject
 * {@link io.corral.api.client.CorralClient}, the API URL and a {@link io.corral.junit.CorralTestCluster} handle
 * into test parameters, print the cluster's state when a test fails, and close every member afterwards.
 */
package io.corral.junit;
