/**
 * akka-raft's public API: Raft group members as Akka Typed actors.
 *
 * <ul>
 *   <li>{@link io.akkaraft.RaftNode#create} — the member's behavior, to spawn on every node of the group.
 *   <li>{@link io.akkaraft.RaftSettings} — who the member is, its peers, and the {@code akka-raft} tuning.
 *   <li>{@link io.akkaraft.StateMachine} — the application's deterministic state machine.
 *   <li>{@link io.akkaraft.ClientProtocol} — what applications send and receive:
 *       <ul>
 *         <li>{@code Submit(command, replyTo)}: leader appends, replicates, applies, then replies
 *             {@code Committed(index, result)}; follower/candidate reply {@code NotLeader(leaderId, ref)}
 *             at once; {@code Rejected(reason)} for commands that will never apply; {@code
 *             OutcomeUnknown(index)} when leadership is lost before the entry committed.
 *         <li>{@code GetStatus(replyTo)}: every role replies {@code Status}.
 *       </ul>
 * </ul>
 */
package io.akkaraft;
