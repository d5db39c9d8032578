/**
 * Pod logs and exec from any member: {@link io.corral.nodehost.streams.PodStreams} serves
 * {@code pods/{name}/log} and {@code pods/{name}/exec} on the API server, running them on the node
 * when this member runs it and forwarding to the member that does otherwise (see
 * {@code docs/decisions/0005-node-streams.md}).
 */
package io.corral.nodehost.streams;
