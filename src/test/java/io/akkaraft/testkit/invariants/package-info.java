/**
 * Raft's invariants as one set of functions that every harness calls on each state a member reports, in the
 * shape of LogCabin's checker: a state on its own, a step against the previous one, and the group's history.
 *
 * <ul>
 *   <li>{@link io.akkaraft.testkit.invariants.MemberInvariants}: one member: log terms in order and not above
 *       the term, commits within the log, leaders and candidates voted for themselves (pre-candidates have not
 *       voted yet), the durable term not above the term; per step, term, commit index, vote and known leader
 *       never go back, a leader commits only its own term's entries and only appends (Leader Append-Only);
 *       across restarts, the durable term and vote stay; and the timers each role runs.</li>
 *   <li>{@link io.akkaraft.testkit.invariants.GroupInvariants}: thesis Figure 3.2 across the group (Election
 *       Safety, Leader Completeness, Log Matching, State Machine Safety over commits), running the member
 *       checks on every report too.</li>
 *   <li>{@link io.akkaraft.testkit.invariants.Violations} and {@link io.akkaraft.testkit.invariants.Property}:
 *       what they report to.</li>
 * </ul>
 *
 * <p>Callers: the simulator's {@code sim.InvariantChecker} (which adds durability against its disks, applied
 * commands, client replies and linearizable reads) and the in-JVM groups' {@code testkit.GroupObserver}.
 */
package io.akkaraft.testkit.invariants;
