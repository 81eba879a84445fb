package io.akkaraft.sim;

import io.akkaraft.core.PeerProtocol.PeerMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The network between members, used by scripted scenarios and random runs alike: etcd's
 * {@code cut}/{@code isolate}/{@code recover} on links, MicroRaft-Firewall-style {@link Rule}s that drop or
 * alter chosen messages, and seeded random loss, duplication and delay (random delays also reorder).
 * A link cut while a message is in flight loses the message.
 */
final class SimNetwork {

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

  private record Link(String from, String to) {}

  private final List<String> members;
  private final EventQueue clock;
  private final Random random;
  private final Transcript trace;
  private final Stats stats;
  private final Receiver receiver;
  private final Set<Link> cut = new HashSet<>();
  private final List<Rule> rules = new ArrayList<>();
  private Faults faults;

  SimNetwork(List<String> members, EventQueue clock, Random random, Transcript trace, Stats stats, Faults faults,
      Receiver receiver) {
    this.members = List.copyOf(members);
    this.clock = clock;
    this.random = random;
    this.trace = trace;
    this.stats = stats;
    this.faults = faults;
    this.receiver = receiver;
  }

  void send(String from, String to, PeerMessage message) {
    stats.messages++;
    if (!connected(from, to)) {
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
    if (!connected(from, to)) {
      note(from, to, message, " lost in flight: link cut");
      return;
    }
    receiver.receive(from, to, message);
  }

  boolean connected(String from, String to) {
    return !cut.contains(new Link(from, to));
  }

  void setFaults(Faults newFaults) {
    faults = newFaults;
  }

  /** Drops every message from {@code from} to {@code to}; the other direction still works. */
  void cutOneWay(String from, String to) {
    cut.add(new Link(from, to));
    note();
  }

  /** Drops messages between {@code a} and {@code b} both ways. */
  void cut(String a, String b) {
    cutBothWays(a, b);
    note();
  }

  /** Cuts {@code id} off from every other member. */
  void isolate(String id) {
    for (String other : members) if (!other.equals(id)) cutBothWays(id, other);
    note();
  }

  /** Splits the group: no message crosses between {@code side} and everyone else. */
  void partition(Collection<String> side) {
    for (String a : side) {
      for (String b : members) if (!side.contains(b)) cutBothWays(a, b);
    }
    note();
  }

  /** Restores every link (rules stay). */
  void recover() {
    if (cut.isEmpty()) return;
    cut.clear();
    note();
  }

  private void cutBothWays(String a, String b) {
    cut.add(new Link(a, b));
    cut.add(new Link(b, a));
  }

  void addRule(Rule rule) {
    rules.add(rule);
  }

  void clearRules() {
    rules.clear();
  }

  /** Members {@code id} can reach and hear from, itself included. */
  Set<String> reachable(String id) {
    Set<String> out = new TreeSet<>();
    for (String other : members) if (connected(id, other) && connected(other, id)) out.add(other);
    return out;
  }

  private void note(String from, String to, PeerMessage message, String fate) {
    if (trace.on()) trace.add(clock.now(), from + "->" + to + " " + Transcript.describe(message) + fate);
  }

  private void note() {
    if (trace.on()) trace.add(clock.now(), "network: " + this);
  }

  @Override
  public String toString() {
    if (cut.isEmpty()) return "all links up";
    Set<String> links = new TreeSet<>();
    for (Link l : cut) {
      boolean both = cut.contains(new Link(l.to(), l.from()));
      if (!both) links.add(l.from() + "-x->" + l.to());
      else if (l.from().compareTo(l.to()) < 0) links.add(l.from() + "-x-" + l.to());
    }
    return "cut " + links;
  }
}
