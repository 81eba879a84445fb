/**
 * Deterministic simulation of the production Raft member behaviors, with Raft's safety properties checked
 * after every step (LogCabin's invariant checker, run VOPR-style from one seed).
 *
 * <ul>
 *   <li>{@link io.akkaraft.sim.Simulation}: members created by {@code RaftMember.builder}, each run in a
 *       BehaviorTestKit, in virtual time; a {@link io.akkaraft.sim.SimNetwork} (delay, loss, duplication,
 *       reordering, message rules, and the cuts of {@link io.akkaraft.testkit.NetworkFaults}); a {@link io.akkaraft.sim.SimDisk} per member
 *       (writes durable after a random latency, lost in a crash, recovered through {@code Recovering}).</li>
 *   <li>{@link io.akkaraft.sim.InvariantChecker}: Figure 3.2's properties and each member's own invariants
 *       through the shared {@code io.akkaraft.testkit.invariants} (which the in-JVM groups run too), and on
 *       top what only the simulator sees: durability against its disks, applied commands, client replies,
 *       linearizable reads.</li>
 *   <li>{@link io.akkaraft.sim.RandomRun}: one seed, a safety phase with faults, then a liveness phase;
 *       {@link io.akkaraft.sim.SimulationMain} runs many seeds or replays one with its transcript.</li>
 *   <li>Scenario tests set up exact situations of the thesis on the same simulator.</li>
 * </ul>
 */
package io.akkaraft.sim;
