package io.akkaraft.sim;

import static io.akkaraft.sim.EventQueue.millis;

import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.core.UnsafeRule;
import io.akkaraft.testkit.invariants.Property;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * One seeded run, VOPR-style: the seed decides the group size (3 or 5), every fault rate and latency, the
 * workload and the nemesis. A safety phase with faults is followed by a liveness phase: faults stop, the
 * network heals, all but at most a minority of members are up, and within a bounded virtual time a leader
 * must be elected and every acknowledged command applied on every connected member.
 */
final class RandomRun {

  /**
   * What a run found. {@code report} shows the group's final state, and the whole transcript when the run was
   * traced; it is empty for an untraced run that passed.
   */
  record Result(long seed, int members, Stats stats, InvariantChecker.Violation violation, String report) {
    boolean failed() {
      return violation != null;
    }
  }

  private final Simulation sim;
  private final Random random;
  private final Set<String> keptDown = new TreeSet<>();
  private boolean nemesisOn;
  private Submission probe;
  private int probes;

  private RandomRun(Simulation sim, Random random) {
    this.sim = sim;
    this.random = random;
  }

  static Result run(long seed, Set<UnsafeRule> unsafe, boolean trace) {
    Random random = new Random(seed);
    int size = random.nextBoolean() ? 3 : 5;
    SimOptions options = SimOptions.random(random)
        .withClocks(SimOptions.Clocks.random(new Random(seed * 0x2545F4914F6CDD1DL + 0x1B873593L)));
    Simulation sim = new Simulation(seed, Simulation.memberIds(size), options, unsafe, trace);
    // A quarter of the runs elect without Pre-Vote (§9.6), which hides rules it makes unreachable, such as a
    // stale candidate's election. Drawn apart from the run's other choices, so seeds keep their faults.
    boolean preVote = new Random(seed * 0x9E3779B97F4A7C15L).nextInt(4) != 0;
    for (String id : Simulation.memberIds(size)) sim.tune(id, s -> s.withPreVote(preVote));
    new RandomRun(sim, new Random(random.nextLong())).run();
    String report = sim.violation() == null && !trace ? "" : sim.report(Integer.MAX_VALUE);
    return new Result(seed, size, sim.stats, sim.violation(), report);
  }

  private void run() {
    sim.start();
    sim.workload.start();
    nemesisOn = true;
    sim.clock.after(nextStrike(), this::strike);
    sim.runFor(sim.options.safetyPhase());
    if (sim.checker.failed()) return;
    liveness();
  }

  // ---- safety phase ----

  private long nextStrike() {
    SimOptions.Nemesis n = sim.options.nemesis();
    return n.minInterval() + (long) (random.nextDouble() * (n.maxInterval() - n.minInterval()));
  }

  /** The nemesis: crashes (with or without a restart), partitions, one-way cuts, and healing. */
  private void strike() {
    if (!nemesisOn) return;
    int roll = random.nextInt(100);
    if (roll < 25) crashSomeone();
    else if (roll < 45) partition(1 + random.nextInt(sim.ids.size() - 1));
    else if (roll < 55) partition(1);
    else if (roll < 65) cutOneWay();
    else sim.network.heal();
    sim.clock.after(nextStrike(), this::strike);
  }

  private void crashSomeone() {
    String id = sim.ids.get(random.nextInt(sim.ids.size()));
    if (!sim.isUp(id)) return;
    note("crash " + id);
    sim.crash(id);
    if (random.nextInt(100) < 15) return; // stays down until the liveness phase
    long downtime = (long) (random.nextDouble() * sim.options.nemesis().maxDowntime());
    sim.clock.after(downtime, () -> {
      if (nemesisOn) sim.restart(id);
    });
  }

  private void partition(int sideSize) {
    List<String> shuffled = new ArrayList<>(sim.ids);
    Collections.shuffle(shuffled, random);
    List<String> side = shuffled.subList(0, sideSize);
    sim.stats.partitions++;
    note("partition " + new TreeSet<>(side) + " from the rest");
    sim.network.heal();
    if (sideSize == 1) sim.network.isolate(side.get(0));
    else sim.network.partition(side);
  }

  private void cutOneWay() {
    String from = sim.ids.get(random.nextInt(sim.ids.size()));
    String to = sim.ids.get(random.nextInt(sim.ids.size()));
    if (from.equals(to)) return;
    sim.stats.partitions++;
    note("cut " + from + " -> " + to);
    sim.network.cutOneWay(from, to);
  }

  private void note(String what) {
    if (sim.trace.on()) sim.trace.add(sim.clock.now(), "nemesis: " + what);
  }

  // ---- liveness phase ----

  private void liveness() {
    nemesisOn = false;
    sim.workload.stop();
    sim.network.heal();
    SimNetwork.Faults f = sim.options.network();
    sim.network.setFaults(new SimNetwork.Faults(0, 0, f.minDelay(), f.maxDelay(), 0, f.maxDelay()));
    int minority = (sim.ids.size() - 1) / 2;
    int down = random.nextInt(100) < 25 ? 1 + random.nextInt(minority) : 0;
    List<String> shuffled = new ArrayList<>(sim.ids);
    Collections.shuffle(shuffled, random);
    keptDown.addAll(shuffled.subList(0, down));
    note("faults stop; kept down: " + keptDown);
    for (String id : sim.ids) {
      if (keptDown.contains(id)) sim.crash(id);
      else sim.restart(id);
    }
    List<String> connected = sim.ids.stream().filter(id -> !keptDown.contains(id)).toList();
    boolean settled = sim.runUntil(() -> progressMade() && sim.firstUnapplied(connected) == null,
        sim.options.livenessBudget());
    if (settled || sim.checker.failed()) return;
    String leader = sim.leader();
    sim.checker.fail(Property.LIVENESS, "within " + Transcript.time(sim.options.livenessBudget())
        + " of faults stopping with " + connected + " connected: "
        + (leader == null || probe == null || !probe.committed() ? "no leader committed a new command (leader now: "
            + leader + ")" : sim.firstUnapplied(connected)));
  }

  /** A fresh command, sent to whoever seems to lead and resent as needed, is acknowledged. */
  private boolean progressMade() {
    if (probe != null && probe.reply instanceof Committed) return true;
    long waited = probe == null ? Long.MAX_VALUE : sim.clock.now() - probe.sentAt;
    boolean retry = waited > millis(300) || (probe.reply != null && waited > millis(20));
    if (retry) {
      String leader = sim.leader();
      List<String> up = sim.ids.stream().filter(sim::isUp).toList();
      String target = leader != null ? leader : up.get(probes % up.size());
      probe = sim.submit("probe", target, "probe-" + (++probes), sim.options.workload().latency());
    }
    return false;
  }
}
