package io.akkaraft.sim;

import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.testkit.SimulatedNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The network between members, used by scripted scenarios and random runs alike: the cut links and fault
 * vocabulary of {@link SimulatedNetwork} (the in-JVM groups' network too), MicroRaft-Firewall-style
 * {@link Rule}s that drop or alter chosen messages, and seeded random loss, duplication and delay (random
 * delays also reorder). A link cut while a message is in flight loses the message.
 */
final class SimNetwork extends SimulatedNetwork {

  /** Random faults for every message that crosses an intact link. Delays are in virtual nanoseconds. */
  record Faults(
      double dropRate, double duplicateRate, long minDelay, long maxDelay, double slowRate, long slowMaxDelay) {
    static Faults reliable(long delay) {
      return new Faults(0, 0, delay, delay, 0, delay);
    }
  }

  /** Drops ({@code null}) or alters a message; etcd's {@code msgHook}, MicroRaft's {@code Firewall}. */
  @FunctionalInterface
  interface Rule {
    PeerMessage apply(String from, String to, PeerMessage message);
  }

  /** Hands an arriving message to its member. */
  @FunctionalInterface
  interface Receiver {
    void receive(String from, String to, PeerMessage message);
  }

  private final EventQueue clock;
  private final Random random;
  private final Transcript trace;
  private final Stats stats;
  private final Receiver receiver;
  private final List<Rule> rules = new ArrayList<>();
  private Faults faults;

  SimNetwork(List<String> members, EventQueue clock, Random random, Transcript trace, Stats stats, Faults faults,
      Receiver receiver) {
    super(members);
    this.clock = clock;
    this.random = random;
    this.trace = trace;
    this.stats = stats;
    this.faults = faults;
    this.receiver = receiver;
  }

  void send(String from, String to, PeerMessage message) {
    stats.messages++;
    if (!delivers(from, to)) {
      note(from, to, message, " (link cut)");
      return;
    }
    PeerMessage m = message;
    for (Rule rule : rules) {
      m = rule.apply(from, to, m);
      if (m == null) {
        note(from, to, message, " (dropped by rule)");
        return;
      }
    }
    if (faults.dropRate() > 0 && random.nextDouble() < faults.dropRate()) {
      stats.dropped++;
      note(from, to, m, " (lost)");
      return;
    }
    boolean twice = faults.duplicateRate() > 0 && random.nextDouble() < faults.duplicateRate();
    if (twice) stats.duplicated++;
    long first = delay();
    long second = twice ? delay() : -1;
    PeerMessage sent = m;
    clock.after(first, () -> arrive(from, to, sent));
    if (twice) clock.after(second, () -> arrive(from, to, sent));
    if (trace.on()) {
      String altered = m != message ? " (altered by rule)" : "";
      note(from, to, sent, altered + " (arrives t=" + Transcript.time(clock.now() + first)
          + (twice ? " and again t=" + Transcript.time(clock.now() + second) : "") + ")");
    }
  }

  private long delay() {
    if (faults.slowRate() > 0 && random.nextDouble() < faults.slowRate()) {
      stats.delayed++;
      return between(faults.maxDelay(), faults.slowMaxDelay());
    }
    return between(faults.minDelay(), faults.maxDelay());
  }

  private long between(long min, long max) {
    return max <= min ? min : min + (long) (random.nextDouble() * (max - min));
  }

  private void arrive(String from, String to, PeerMessage message) {
    if (!delivers(from, to)) {
      note(from, to, message, " lost in flight: link cut");
      return;
    }
    receiver.receive(from, to, message);
  }

  void setFaults(Faults newFaults) {
    faults = newFaults;
  }

  void addRule(Rule rule) {
    rules.add(rule);
  }

  void clearRules() {
    rules.clear();
  }

  private void note(String from, String to, PeerMessage message, String fate) {
    if (trace.on()) trace.add(clock.now(), from + "->" + to + " " + Transcript.describe(message) + fate);
  }

  @Override
  protected void changed() {
    if (trace.on()) trace.add(clock.now(), "network: " + this);
  }
}
