package io.akkaraft.sim;

import static io.akkaraft.sim.EventQueue.millis;

import java.util.Random;

/**
 * Fault rates, latencies, workload and phase lengths of one run, as plain settings in the manner of
 * TigerBeetle's packet simulator options. Random runs draw them from the seed, so that some seeds are calm and
 * others stormy; scenarios start {@link #calm()} and script their own faults. Times are virtual nanoseconds.
 */
record SimOptions(
    SimNetwork.Faults network,
    Disk disk,
    Nemesis nemesis,
    Workload workload,
    long safetyPhase,
    long livenessBudget,
    Clocks clocks) {

  /**
   * Lease-based reads on or off, and how much faster than the slowest one a member's clock may run (a ratio,
   * within the settings' clock-drift-bound). Each incarnation's clock also starts at an offset of its own.
   */
  record Clocks(boolean leaseReads, double maxDrift) {
    static final Clocks EXACT = new Clocks(false, 1.0);

    /** From a stream of its own, so that existing seeds keep their network, disk and nemesis. */
    static Clocks random(Random r) {
      return new Clocks(r.nextInt(3) == 0, pick(r, 1.0, 1.02, 1.08));
    }
  }

  SimOptions withClocks(Clocks newClocks) {
    return new SimOptions(network, disk, nemesis, workload, safetyPhase, livenessBudget, newClocks);
  }

  /** Journal write latency; a slow write takes up to {@code slowMaxLatency}. */
  record Disk(long minLatency, long maxLatency, double slowRate, long slowMaxLatency, double tornWriteRate) {}

  /** How often the nemesis strikes (crash, partition, cut, heal) and how long a crashed member stays down. */
  record Nemesis(long minInterval, long maxInterval, long maxDowntime) {}

  /** Clients submitting commands; each waits for its reply or gives up after {@code timeout}. */
  record Workload(int clients, long minInterval, long maxInterval, long latency, long timeout) {}

  /** A reliable network (1 ms), a 1 ms disk, no nemesis and no clients: scenarios add what they need. */
  static SimOptions calm() {
    return new SimOptions(SimNetwork.Faults.reliable(millis(1)), new Disk(millis(1), millis(1), 0, millis(1), 0),
        new Nemesis(0, 0, 0), new Workload(0, millis(10), millis(10), millis(1), millis(500)), 0, millis(5000), Clocks.EXACT);
  }

  static SimOptions random(Random r) {
    long minDelay = millis(0.1 + 2 * r.nextDouble());
    long maxDelay = minDelay + (long) (r.nextDouble() * millis(pick(r, 5, 20, 60)));
    SimNetwork.Faults network = new SimNetwork.Faults(pick(r, 0, 0, 0.01, 0.05, 0.15), pick(r, 0, 0, 0.02, 0.1),
        minDelay, maxDelay, pick(r, 0, 0, 0.01, 0.05), millis(pick(r, 100, 400)));
    long minLatency = millis(0.05 + r.nextDouble());
    Disk disk = new Disk(minLatency, minLatency + (long) (r.nextDouble() * millis(pick(r, 1, 5, 20))),
        pick(r, 0, 0.01, 0.05), millis(pick(r, 50, 200)), pick(r, 0, 0.5));
    long interval = millis(pick(r, 50, 200, 600));
    Nemesis nemesis = new Nemesis(interval, 2 * interval, millis(pick(r, 50, 300, 1000)));
    boolean burst = r.nextInt(8) == 0; // many clients at once: long batches, full pipelines
    long submitEvery = burst ? millis(1) : millis(pick(r, 2, 10, 30));
    int clients = burst ? 5 : 1 + r.nextInt(3);
    Workload workload = new Workload(clients, submitEvery, 4 * submitEvery, millis(1), millis(500));
    return new SimOptions(network, disk, nemesis, workload, millis(1000 + r.nextInt(2000)), millis(5000), Clocks.EXACT);
  }

  private static double pick(Random r, double... choices) {
    return choices[r.nextInt(choices.length)];
  }
}
