/**
 * The Raft algorithm as pure functions: {@link io.akkaraft.core.RaftRules} maps a {@link
 * io.akkaraft.core.MemberState} and an input to a {@link io.akkaraft.core.Step}. No actors, clocks or disks.
 *
 * <p>Dependencies: this package imports nothing of {@code role}, {@code persistence}, {@code transport} or
 * {@code serialization}, and of the API root only the marker interfaces {@code RaftCommand} (peer messages
 * arrive in the member's mailbox) and {@code CborSerializable}; besides the JDK it uses only Jackson
 * annotations. The journal's {@link io.akkaraft.core.JournalEvent}s live here because the rules produce
 * them (as etcd keeps {@code HardState} and {@code Entry} in {@code raftpb}); the persistence child only
 * stores them. A {@link io.akkaraft.core.Step} reports what its rule noticed ({@link
 * io.akkaraft.core.Step.Fact}, {@code readRoundStarted}), so the shell never works a decision out again.
 *
 * <p>Peer messages ({@link io.akkaraft.core.PeerProtocol}); every one first passes {@code TermRule}: a higher
 * term makes the receiver a follower of that term, a lower one is answered (requests) or dropped (responses).
 * <table>
 *   <caption>Effect of each message by role, once its term equals the receiver's</caption>
 *   <tr><th>message</th><th>sender → receiver</th><th>follower</th><th>candidate</th><th>leader</th></tr>
 *   <tr><td>RequestVote</td><td>candidate → all</td><td colspan="3">grant (after the vote is durable) if not
 *       yet voted for another and the candidate's log is at least as up-to-date; else deny at once</td></tr>
 *   <tr><td>VoteReply</td><td>voter → candidate</td><td>ignored</td><td>counts a grant; wins with a
 *       majority, own durable vote included</td><td>ignored</td></tr>
 *   <tr><td>AppendEntries</td><td>leader → follower</td><td>consistency check, truncate conflicts, append,
 *       advance commit; ack after durable</td><td>becomes follower, then as follower</td><td>ignored
 *       (cannot happen: one leader per term)</td></tr>
 *   <tr><td>AppendReply</td><td>follower → leader</td><td>ignored</td><td>ignored</td><td>updates
 *       nextIndex/matchIndex, commits by majority in its term, sends more or probes from the hint</td></tr>
 * </table>
 */
package io.akkaraft.core;
