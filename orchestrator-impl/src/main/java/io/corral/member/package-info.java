/**
 * Embedding: {@link io.corral.member.CorralMember} starts a control-plane member inside a host
 * application, on the host's own Hazelcast, Vert.x and Micrometer instances or on its own. Its
 * parts are started by package-private starters, one per concern ({@code MemberPlatform},
 * {@code MemberApi}, {@code MemberServices}, {@code MemberControllers}, {@code MemberNodes},
 * {@code MemberScheduler}), each closing what it started.
 */
package io.corral.member;
