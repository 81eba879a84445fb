/**
 * The member actor: {@code Recovering}, then one behavior per role ({@code Follower}, {@code Candidate},
 * {@code Leader}), all carrying out the pure rules' decisions through the shared {@code Member} shell.
 *
 * <table>
 *   <caption>Messages the actor handles besides peer RPCs and client requests</caption>
 *   <tr><th>message</th><th>from</th><th>effect</th></tr>
 *   <tr><td>Recovered</td><td>journal child</td><td>Recovering becomes Follower with the recovered term,
 *       vote and log; stashed messages are replayed</td></tr>
 *   <tr><td>Written(seq)</td><td>journal child</td><td>releases replies waiting for that write, sends the
 *       next batched write, lets a candidate count its own vote and a leader count its own entries</td></tr>
 *   <tr><td>ElectionTimeout</td><td>own timer</td><td>follower/candidate start an election</td></tr>
 *   <tr><td>HeartbeatTick</td><td>own timer</td><td>leader sends AppendEntries to every follower</td></tr>
 *   <tr><td>Terminated(journal)</td><td>Akka</td><td>the member stops: no durability, no answers</td></tr>
 * </table>
 */
package io.akkaraft.role;
