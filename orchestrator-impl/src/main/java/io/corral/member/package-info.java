/**
 * Embedding: {@link io.corral.member.CorralMember} starts a control-plane member inside a host
 * application, on the host's own Hazelcast, Vert.x and Micrometer instances or on its own.
 */
package io.corral.member;
