/**
 * The member actor: {@code Recovering}, then one behavior per role, each listing the messages it handles.
 * {@code Leader} proposes in batches, heartbeats, checks quorum, applies back-pressure and runs read rounds
 * and its lease, with a {@code LeaderState} made per leadership; {@code Follower} and {@code Candidate}
 * (which also pre-votes) share {@code NonLeader}: the {@code ElectionTimer}, redirects of {@code Submit},
 * read indexes asked of the leader. {@code Member} is the executor they share: it feeds inputs to the pure
 * rules and carries out the {@code Step} they return (journal writes through {@code WriteQueue}, sends now
 * and after durable, applying, observer and metrics), calling the role's {@code onLeave}, {@code afterStep}
 * and {@code appliedListener} hooks. {@link io.akkaraft.role.RaftMember#builder} assembles a member; {@link
 * io.akkaraft.role.Testing} holds the switches only tests and the simulator use.
 *
 * <table>
 *   <caption>Messages the actor handles besides peer RPCs and client requests</caption>
 *   <tr><th>message</th><th>from</th><th>effect</th></tr>
 *   <tr><td>Recovered</td><td>journal child</td><td>Recovering becomes Follower with the recovered term,
 *       vote and log; stashed messages are replayed</td></tr>
 *   <tr><td>Written(seq)</td><td>journal child</td><td>releases replies waiting for that write, sends the
 *       next batched write, lets a candidate count its own vote and a leader count its own entries</td></tr>
 *   <tr><td>ElectionTimeout</td><td>own timer</td><td>follower/candidate start an election</td></tr>
 *   <tr><td>HeartbeatTick</td><td>own timer</td><td>leader steps down if no majority answered for an
 *       election timeout, else sends AppendEntries to every follower (a read round with leases on)</td></tr>
 *   <tr><td>FlushProposals</td><td>leader, to itself</td><td>proposes the commands accepted since the last
 *       flush as one batch; others ignore it</td></tr>
 *   <tr><td>Terminated(journal)</td><td>Akka</td><td>the member stops: no durability, no answers</td></tr>
 * </table>
 */
package io.akkaraft.role;
