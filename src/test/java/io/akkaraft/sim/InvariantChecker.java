package io.akkaraft.sim;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.testkit.Logs;
import io.akkaraft.testkit.invariants.GroupInvariants;
import io.akkaraft.testkit.invariants.MemberInvariants;
import io.akkaraft.testkit.invariants.Property;
import io.akkaraft.testkit.invariants.Violations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The simulator's invariant checker, in the spirit of LogCabin's: every state a member reports goes through
 * the shared {@link GroupInvariants} and {@link MemberInvariants} (thesis Figure 3.2 and each member's own
 * invariants, the same checks the in-JVM groups run), and on top of them what only the simulator can check:
 * members against their simulated disks and votes cast across crashes (Durability), applied commands,
 * client replies, linearizable reads, and the timers each member runs. Random runs stop at the first
 * violation; scenarios may go on to see what else breaks.
 */
final class InvariantChecker {

  /** A broken invariant: which, what exactly, and when (virtual time). */
  record Violation(Property property, String detail, long time) {
    @Override
    public String toString() {
      return property.title + " violated at t=" + Transcript.time(time) + ": " + detail;
    }
  }

  /** The simulated disks, to hold members to what they claim is durable. */
  @FunctionalInterface
  interface Disks {
    SimDisk of(String memberId);
  }

  private record VoteKey(String voter, long term) {}

  private record Applied(long index, String command) {}

  /** What the checker remembers of one member's current incarnation. */
  private static final class Tracked {
    final int incarnation;
    MemberState state;
    long lastApplied;
    final List<Applied> unverified = new ArrayList<>();

    Tracked(int incarnation) {
      this.incarnation = incarnation;
    }
  }

  private final int quorum;
  private final List<String> members;
  private final Disks disks;
  private final LongSupplier clock;
  private final Map<String, Tracked> tracked = new HashMap<>();
  private final Violations out = this::fail;
  private final GroupInvariants group = new GroupInvariants(out, InvariantChecker::describe);
  private final Map<String, MemberState> lastOfMember = new HashMap<>(); // across incarnations
  private final Map<VoteKey, String> votes = new HashMap<>();
  private final Map<Long, String> applied = new HashMap<>();
  private final Set<String> appliedCommands = new HashSet<>();
  private final Map<String, String> refused = new HashMap<>(); // command -> the reply that refused it
  private final List<Violation> violations = new ArrayList<>();

  InvariantChecker(List<String> members, Disks disks, LongSupplier clock) {
    this.members = List.copyOf(members);
    this.quorum = members.size() / 2 + 1;
    this.disks = disks;
    this.clock = clock;
  }

  /** The first violation, or null. */
  Violation violation() {
    return violations.isEmpty() ? null : violations.get(0);
  }

  /** Every violation so far (at most 50), first one first. */
  List<Violation> violations() {
    return List.copyOf(violations);
  }

  boolean failed() {
    return !violations.isEmpty();
  }

  /** Records a violation, found here or elsewhere (liveness, a member that threw). */
  void fail(Property property, String detail) {
    if (violations.size() < 50) violations.add(new Violation(property, detail, clock.getAsLong()));
  }

  /** Committed entries known so far, index 1 first. */
  int committedCount() {
    return group.committedCount();
  }

  LogEntry committedEntry(long index) {
    return group.committedEntry(index);
  }

  // ---- inputs ----

  /** A member reported its state: after recovery ({@code incarnation} is new) and after every step. */
  void onState(String id, int incarnation, MemberState s) {
    Tracked t = tracked.get(id);
    if (t == null || t.incarnation != incarnation) {
      t = new Tracked(incarnation);
      tracked.put(id, t);
    }
    MemberState p = t.state;
    t.state = s;
    if (p == s) {
      verifyApplied(id, t, s);
      return;
    }
    long changedFrom = p == null ? 1 : MemberInvariants.firstChange(p.log(), s.log());
    int committedBefore = group.committedCount();
    group.onState(id, p, s, changedFrom);
    MemberState before = lastOfMember.put(id, s);
    if (before != null) MemberInvariants.durable(id, before, s, p == null, out);
    checkDurableIsOnDisk(id, p, s, changedFrom);
    // Durability: a newly committed entry is on a majority of disks.
    for (long i = committedBefore + 1; i <= group.committedCount(); i++) checkOnMajorityOfDisks(i);
    verifyApplied(id, t, s);
  }

  /** A member sent a vote grant: from then on the vote is cast, whatever happens to the member. */
  void onVoteGranted(String voter, long term, String candidate) {
    recordVote(voter, term, candidate);
  }

  /** A member's state machine applied {@code command} at {@code index}. */
  void onApplied(String id, int incarnation, long index, String command) {
    Tracked t = tracked.get(id);
    if (t == null || t.incarnation != incarnation) {
      fail(Property.STATE_MACHINE_SAFETY, id + " applied index " + index + " before it recovered");
      return;
    }
    // Each entry is applied exactly once, in index order.
    out.check(index > t.lastApplied, Property.STATE_MACHINE_SAFETY,
        () -> id + " applied index " + index + " after index " + t.lastApplied);
    t.lastApplied = index;
    String before = applied.putIfAbsent(index, command);
    // State Machine Safety: no two members apply different commands at the same index.
    out.check(before == null || before.equals(command), Property.STATE_MACHINE_SAFETY,
        () -> id + " applied '" + command + "' at index " + index + " where another member applied '" + before + "'");
    t.unverified.add(new Applied(index, command));
    appliedCommands.add(command);
    out.check(!refused.containsKey(command), Property.CLIENT_REPLY,
        () -> id + " applied '" + command + "', which a client was told " + refused.get(command));
  }

  /**
   * A client was told its command will never be applied ({@code Rejected}) or that nothing happened
   * ({@code NotLeader}); each command is submitted once, so it must never be applied anywhere.
   */
  void onRefused(String client, String command, String reply) {
    refused.put(command, reply);
    out.check(!appliedCommands.contains(command), Property.CLIENT_REPLY,
        () -> client + " was told " + reply + " for '" + command + "', which has been applied");
  }

  /**
   * A member's disk completed a write, which found it at {@code termBefore} and {@code voteBefore};
   * {@code truncatedFrom} is 0 unless the write truncated the log.
   */
  void onDiskWrite(String id, long termBefore, String voteBefore, long truncatedFrom) {
    SimDisk disk = disks.of(id);
    // Durability: the term on disk never goes back, and the vote on disk never changes within its term.
    out.check(disk.term() >= termBefore, Property.DURABILITY,
        () -> id + "'s disk went back from term " + termBefore + ": " + disk);
    out.check(disk.term() != termBefore || voteBefore == null || voteBefore.equals(disk.votedFor()), Property.DURABILITY,
        () -> id + "'s disk changed its vote in term " + termBefore + " from " + voteBefore + ": " + disk);
    if (disk.votedFor() != null) recordVote(id, disk.term(), disk.votedFor());
    // Durability: a committed entry stays on a majority of disks.
    if (truncatedFrom > 0) {
      for (long i = truncatedFrom; i <= committedCount(); i++) checkOnMajorityOfDisks(i);
    }
  }

  /** A client was told that {@code command} committed at {@code index}, with the state machine's result. */
  void onAcknowledged(String client, String command, long index, Object result) {
    if (!out.check(index >= 1 && index <= committedCount(), Property.CLIENT_REPLY,
        () -> client + " was told '" + command + "' committed at " + index + ", which is not known to be committed")) {
      return;
    }
    String there = Logs.command(committedEntry(index));
    out.check(command.equals(there) && command.equals(result), Property.CLIENT_REPLY,
        () -> client + " was told '" + command + "' committed at " + index + " with result '" + result + "', but '"
            + there + "' is committed there");
  }

  /**
   * A linearizable read was answered with the state at {@code index} (its query result being the last
   * command index applied there): it must include every write acknowledged before the read was sent, and
   * nothing that is not committed (§6.4).
   */
  void onReadResult(String client, String member, long mustSee, long index, Object result) {
    out.check(index >= mustSee && index <= committedCount() && result instanceof Long applied && applied <= index,
        Property.LINEARIZABLE_READ, () -> member + " answered " + client + "'s read with the state at index " + index
            + " (last command " + result + "), but index " + mustSee + " had been acknowledged before the read and "
            + committedCount() + " entries are committed");
  }

  /** After every step of a member: followers and candidates wait for an election timeout, leaders do not. */
  void onTimers(String id, MemberState s, boolean electionTimer, boolean heartbeatTimer) {
    if (s != null) MemberInvariants.timers(id, s, electionTimer, heartbeatTimer, out);
  }

  /** Durability: what a member counts as durable (its vote, its acknowledged entries) is on its disk. */
  private void checkDurableIsOnDisk(String id, MemberState p, MemberState s, long changedFrom) {
    boolean durableChanged = p == null || p.durable() != s.durable();
    if (!durableChanged && changedFrom > s.durable().lastIndex()) return;
    SimDisk disk = disks.of(id);
    if (!out.check(s.durable().term() == disk.term() && Objects.equals(s.durable().votedFor(), disk.votedFor()),
        Property.DURABILITY, () -> id + " counts term " + s.durable().term() + " and vote " + s.durable().votedFor()
            + " as durable, but its " + disk)) {
      return;
    }
    long upTo = s.durable().lastIndex();
    if (!out.check(upTo <= disk.lastIndex() && upTo <= s.log().lastIndex(), Property.DURABILITY,
        () -> id + " counts " + upTo + " entries as durable, but its " + disk + " and its log is " + s.log())) {
      return;
    }
    for (long i = durableChanged ? 1 : changedFrom; i <= upTo; i++) {
      LogEntry claimed = s.log().entry(i);
      LogEntry onDisk = disk.entry(i);
      if (!out.check(Objects.equals(onDisk, claimed), Property.DURABILITY,
          () -> id + " counts entry " + claimed + " as durable, but its disk has " + onDisk)) {
        return;
      }
    }
    if (s.durable().votedFor() != null) recordVote(id, s.durable().term(), s.durable().votedFor());
  }

  private void recordVote(String voter, long term, String candidate) {
    String before = votes.putIfAbsent(new VoteKey(voter, term), candidate);
    // Durability: no member votes twice in one term, across crashes too.
    out.check(before == null || before.equals(candidate), Property.DURABILITY,
        () -> voter + " voted for " + before + " and then for " + candidate + " in term " + term);
  }

  private void checkOnMajorityOfDisks(long index) {
    LogEntry e = committedEntry(index);
    List<String> holders = new ArrayList<>();
    for (String id : members) if (disks.of(id).holds(e)) holders.add(id);
    out.check(holders.size() >= quorum, Property.DURABILITY, () -> "committed entry " + describe(e) + " is on the disks of "
        + holders + " only, fewer than a majority of " + members);
  }

  /** Applied entries must be committed (§3.5) and be what was committed at that index. */
  private void verifyApplied(String id, Tracked t, MemberState s) {
    for (Applied a : t.unverified) {
      long index = a.index();
      String command = a.command();
      boolean ok = index <= s.commitIndex() && index <= committedCount()
          && command.equals(Logs.command(committedEntry(index)));
      if (!out.check(ok, Property.STATE_MACHINE_SAFETY, () -> id + " applied '" + command + "' at index " + index
          + " which is not the committed entry there (commit index " + s.commitIndex() + ")")) {
        break;
      }
    }
    t.unverified.clear();
  }

  private static String describe(LogEntry e) {
    String command = Logs.command(e);
    return e + (command == null ? "" : "'" + command + "'");
  }
}
