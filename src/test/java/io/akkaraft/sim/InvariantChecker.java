package io.akkaraft.sim;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.RaftLog;
import io.akkaraft.core.RoleState;
import io.akkaraft.testkit.Logs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Raft's safety properties (thesis Figure 3.2) and each member's own invariants, checked on every state a
 * member reports, in the spirit of LogCabin's invariant checker: per member, against its previous state, and
 * across the group's whole history. Random runs stop at the first violation; scenarios may go on to see
 * what else breaks.
 */
final class InvariantChecker {

  /** What was broken. */
  enum Property {
    ELECTION_SAFETY("Election Safety"),
    LEADER_APPEND_ONLY("Leader Append-Only"),
    LOG_MATCHING("Log Matching"),
    LEADER_COMPLETENESS("Leader Completeness"),
    STATE_MACHINE_SAFETY("State Machine Safety"),
    DURABILITY("Durability"),
    LIVENESS("Liveness"),
    MEMBER_STATE("Member state"),
    CLIENT_REPLY("Client reply"),
    LINEARIZABLE_READ("Linearizable read"),
    MEMBER_FAILED("Member failed");

    final String title;

    Property(String title) {
      this.title = title;
    }
  }

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

  private record Commit(LogEntry entry, long term) {}

  private record IndexTerm(long index, long term) {}

  private record Origin(LogEntry entry, long previousTerm, String seenOn) {}

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
  private final TreeMap<Long, String> leaderOfTerm = new TreeMap<>();
  private final TreeMap<Long, RaftLog> logAtElection = new TreeMap<>();
  private final List<Commit> committed = new ArrayList<>(); // committed.get(i - 1) is index i
  private final Map<IndexTerm, Origin> origins = new HashMap<>();
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

  /** The detail is built only on failure: checks run on every step, and messages show whole logs. */
  private boolean check(boolean ok, Property property, Supplier<String> detail) {
    if (!ok) fail(property, detail.get());
    return ok;
  }

  /** Entries are equal when their term, index, kind and command are. */
  static boolean same(LogEntry a, LogEntry b) {
    return a == b || (a != null && a.equals(b));
  }

  /** Committed entries known so far, index 1 first. */
  int committedCount() {
    return committed.size();
  }

  LogEntry committedEntry(long index) {
    return committed.get((int) index - 1).entry();
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
    long changedFrom = p == null ? 1 : firstChange(p.log(), s.log());
    checkMember(id, p, s, changedFrom);
    checkDurableIsOnDisk(id, p, s, changedFrom);
    checkLogMatching(id, s, changedFrom);
    checkLeader(id, p, s, changedFrom);
    recordCommits(id, p, s);
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
    check(index > t.lastApplied, Property.STATE_MACHINE_SAFETY,
        () -> id + " applied index " + index + " after index " + t.lastApplied);
    t.lastApplied = index;
    String before = applied.putIfAbsent(index, command);
    // State Machine Safety: no two members apply different commands at the same index.
    check(before == null || before.equals(command), Property.STATE_MACHINE_SAFETY,
        () -> id + " applied '" + command + "' at index " + index + " where another member applied '" + before + "'");
    t.unverified.add(new Applied(index, command));
    appliedCommands.add(command);
    check(!refused.containsKey(command), Property.CLIENT_REPLY,
        () -> id + " applied '" + command + "', which a client was told " + refused.get(command));
  }

  /**
   * A client was told its command will never be applied ({@code Rejected}) or that nothing happened
   * ({@code NotLeader}); each command is submitted once, so it must never be applied anywhere.
   */
  void onRefused(String client, String command, String reply) {
    refused.put(command, reply);
    check(!appliedCommands.contains(command), Property.CLIENT_REPLY,
        () -> client + " was told " + reply + " for '" + command + "', which has been applied");
  }

  /**
   * A member's disk completed a write, which found it at {@code termBefore} and {@code voteBefore};
   * {@code truncatedFrom} is 0 unless the write truncated the log.
   */
  void onDiskWrite(String id, long termBefore, String voteBefore, long truncatedFrom) {
    SimDisk disk = disks.of(id);
    // Durability: the term on disk never goes back, and the vote on disk never changes within its term.
    check(disk.term() >= termBefore, Property.DURABILITY,
        () -> id + "'s disk went back from term " + termBefore + ": " + disk);
    check(disk.term() != termBefore || voteBefore == null || voteBefore.equals(disk.votedFor()), Property.DURABILITY,
        () -> id + "'s disk changed its vote in term " + termBefore + " from " + voteBefore + ": " + disk);
    if (disk.votedFor() != null) recordVote(id, disk.term(), disk.votedFor());
    // Durability: a committed entry stays on a majority of disks.
    if (truncatedFrom > 0) {
      for (long i = truncatedFrom; i <= committed.size(); i++) checkOnMajorityOfDisks(i);
    }
  }

  /** A client was told that {@code command} committed at {@code index}, with the state machine's result. */
  void onAcknowledged(String client, String command, long index, Object result) {
    if (!check(index >= 1 && index <= committed.size(), Property.CLIENT_REPLY,
        () -> client + " was told '" + command + "' committed at " + index + ", which is not known to be committed")) {
      return;
    }
    String there = Logs.command(committedEntry(index));
    check(command.equals(there) && command.equals(result), Property.CLIENT_REPLY,
        () -> client + " was told '" + command + "' committed at " + index + " with result '" + result + "', but '"
            + there + "' is committed there");
  }

  /**
   * A linearizable read was answered with the state at {@code index} (its query result being the last
   * command index applied there): it must include every write acknowledged before the read was sent, and
   * nothing that is not committed (§6.4).
   */
  void onReadResult(String client, String member, long mustSee, long index, Object result) {
    check(index >= mustSee && index <= committed.size() && result instanceof Long applied && applied <= index,
        Property.LINEARIZABLE_READ, () -> member + " answered " + client + "'s read with the state at index " + index
            + " (last command " + result + "), but index " + mustSee + " had been acknowledged before the read and "
            + committed.size() + " entries are committed");
  }

  /** After every step of a member: followers and candidates wait for an election timeout, leaders do not. */
  void onTimers(String id, MemberState s, boolean electionTimer, boolean heartbeatTimer) {
    if (s == null) return;
    if (s.isLeader()) {
      check(!electionTimer && heartbeatTimer, Property.MEMBER_STATE,
          () -> id + " leads in term " + s.currentTerm() + " with election timer " + electionTimer + ", heartbeat "
              + heartbeatTimer);
    } else {
      check(electionTimer && !heartbeatTimer, Property.MEMBER_STATE,
          () -> id + " is " + s.role().name() + " in term " + s.currentTerm() + " with election timer " + electionTimer
              + ", heartbeat " + heartbeatTimer);
    }
  }

  // ---- one member ----

  private void checkMember(String id, MemberState p, MemberState s, long changedFrom) {
    RaftLog log = s.log();
    for (long i = Math.max(1, changedFrom); i <= log.lastIndex(); i++) {
      // Log terms never decrease along the log, and are never above the current term.
      long at = i;
      if (!check(log.termAt(i) >= log.termAt(i - 1) && log.termAt(i) <= s.currentTerm()
          && log.entry(i).index() == i, Property.MEMBER_STATE,
          () -> id + " has log terms out of order at " + at + ": " + s)) {
        return;
      }
    }
    // A member commits only what its log holds.
    check(s.commitIndex() <= log.lastIndex(), Property.MEMBER_STATE, () -> id + " committed beyond its log: " + s);
    // Leaders and candidates voted for themselves; a pre-candidate has voted for nobody yet in a new term.
    check(s.isFollower() || s.role() instanceof RoleState.PreCandidate || id.equals(s.votedFor()),
        Property.MEMBER_STATE,
        () -> id + " is " + s.role().name() + " without its own vote: " + s);
    // The disk never runs ahead of memory.
    check(s.durable().term() <= s.currentTerm(), Property.MEMBER_STATE,
        () -> id + " has a durable term above its term: " + s);
    if (p == null) return;
    // Terms and commit indices never go back within an incarnation.
    check(s.currentTerm() >= p.currentTerm(), Property.MEMBER_STATE,
        () -> id + " went back from term " + p.currentTerm() + " to " + s.currentTerm());
    check(s.commitIndex() >= p.commitIndex(), Property.MEMBER_STATE,
        () -> id + " commit index went back from " + p.commitIndex() + " to " + s.commitIndex());
    if (s.currentTerm() != p.currentTerm()) return;
    // Within a term, the vote is set at most once, and the known leader never becomes another member (it is
    // forgotten when a leader that lost its majority steps down).
    check(p.votedFor() == null || p.votedFor().equals(s.votedFor()), Property.MEMBER_STATE,
        () -> id + " changed its vote in term " + s.currentTerm() + " from " + p.votedFor() + " to " + s.votedFor());
    check(p.leaderId() == null || s.leaderId() == null || p.leaderId().equals(s.leaderId()), Property.MEMBER_STATE,
        () -> id + " changed the leader of term " + s.currentTerm() + " from " + p.leaderId() + " to " + s.leaderId());
    // A leader advances its commit index only to an entry of its own term (§3.6.2).
    check(!s.isLeader() || s.commitIndex() == p.commitIndex() || log.termAt(s.commitIndex()) == s.currentTerm(),
        Property.MEMBER_STATE, () -> id + " as leader of term " + s.currentTerm() + " committed up to index "
            + s.commitIndex() + " of term " + log.termAt(s.commitIndex()) + " by counting replicas");
  }

  /** Durability: what a member counts as durable (its vote, its acknowledged entries) is on its disk. */
  private void checkDurableIsOnDisk(String id, MemberState p, MemberState s, long changedFrom) {
    boolean durableChanged = p == null || p.durable() != s.durable();
    if (!durableChanged && changedFrom > s.durable().lastIndex()) return;
    SimDisk disk = disks.of(id);
    if (!check(s.durable().term() == disk.term() && Objects.equals(s.durable().votedFor(), disk.votedFor()),
        Property.DURABILITY, () -> id + " counts term " + s.durable().term() + " and vote " + s.durable().votedFor()
            + " as durable, but its " + disk)) {
      return;
    }
    long upTo = s.durable().lastIndex();
    if (!check(upTo <= disk.lastIndex() && upTo <= s.log().lastIndex(), Property.DURABILITY,
        () -> id + " counts " + upTo + " entries as durable, but its " + disk + " and its log is " + s.log())) {
      return;
    }
    for (long i = durableChanged ? 1 : changedFrom; i <= upTo; i++) {
      LogEntry claimed = s.log().entry(i);
      LogEntry onDisk = disk.entry(i);
      if (!check(same(onDisk, claimed), Property.DURABILITY,
          () -> id + " counts entry " + claimed + " as durable, but its disk has " + onDisk)) {
        return;
      }
    }
    if (s.durable().votedFor() != null) recordVote(id, s.durable().term(), s.durable().votedFor());
  }

  private void recordVote(String voter, long term, String candidate) {
    String before = votes.putIfAbsent(new VoteKey(voter, term), candidate);
    // Durability: no member votes twice in one term, across crashes too.
    check(before == null || before.equals(candidate), Property.DURABILITY,
        () -> voter + " voted for " + before + " and then for " + candidate + " in term " + term);
  }

  /**
   * Log Matching, by induction over the log: an entry's index and term fix its content and the term just
   * before it, for every member at every time, so logs that share an entry share everything up to it.
   */
  private void checkLogMatching(String id, MemberState s, long changedFrom) {
    RaftLog log = s.log();
    for (long i = changedFrom; i <= log.lastIndex(); i++) {
      LogEntry e = log.entry(i);
      Origin seen = origins.putIfAbsent(new IndexTerm(i, e.term()), new Origin(e, log.termAt(i - 1), id));
      if (seen == null) continue;
      long previousTerm = log.termAt(i - 1);
      if (!check(same(seen.entry(), e) && seen.previousTerm() == previousTerm, Property.LOG_MATCHING,
          () -> id + " has " + describe(e) + " after term " + previousTerm + ", but " + seen.seenOn() + " had "
              + describe(seen.entry()) + " after term " + seen.previousTerm())) {
        return;
      }
    }
  }

  private void checkLeader(String id, MemberState p, MemberState s, long changedFrom) {
    if (!s.isLeader()) return;
    long term = s.currentTerm();
    String other = leaderOfTerm.putIfAbsent(term, id);
    // Election Safety: at most one leader per term.
    if (!check(other == null || other.equals(id), Property.ELECTION_SAFETY,
        () -> id + " and " + other + " were both leaders of term " + term)) {
      return;
    }
    boolean elected = p == null || !p.isLeader() || p.currentTerm() != term;
    if (elected) {
      logAtElection.putIfAbsent(term, s.log());
      // Leader Completeness: every entry committed in an earlier term is in the new leader's log.
      for (int i = 1; i <= committed.size(); i++) {
        Commit c = committed.get(i - 1);
        if (c.term() < term && !holds(s.log(), c.entry())) {
          fail(Property.LEADER_COMPLETENESS, id + " became leader of term " + term + " without entry "
              + describe(c.entry()) + " committed in term " + c.term() + "; its log is " + s.log());
          return;
        }
      }
    } else {
      // Leader Append-Only: a leader never overwrites or deletes entries in its log.
      check(changedFrom > p.log().lastIndex(), Property.LEADER_APPEND_ONLY,
          () -> id + " as leader of term " + term + " changed its log from " + p.log() + " to " + s.log());
    }
  }

  private void recordCommits(String id, MemberState p, MemberState s) {
    long from = p == null ? 1 : p.commitIndex() + 1;
    for (long i = from; i <= s.commitIndex(); i++) {
      LogEntry e = s.log().entry(i);
      if (i > committed.size()) {
        committed.add(new Commit(e, s.currentTerm()));
        checkOnMajorityOfDisks(i);
        checkLaterLeadersHold(e, s.currentTerm(), Long.MAX_VALUE);
        continue;
      }
      Commit c = committed.get((int) i - 1);
      // State Machine Safety: no two members ever commit different entries at one index.
      if (!check(same(c.entry(), e), Property.STATE_MACHINE_SAFETY,
          () -> id + " committed " + describe(e) + " at index " + e.index() + ", where " + describe(c.entry())
              + " was committed in term " + c.term())) {
        return;
      }
      if (s.currentTerm() < c.term()) {
        committed.set((int) i - 1, new Commit(c.entry(), s.currentTerm()));
        checkLaterLeadersHold(e, s.currentTerm(), c.term());
      }
    }
  }

  /** Leader Completeness for leaders elected before the commit was seen: terms in (term, upTo]. */
  private void checkLaterLeadersHold(LogEntry e, long term, long upTo) {
    for (Map.Entry<Long, RaftLog> leader : logAtElection.subMap(term, false, upTo, true).entrySet()) {
      check(holds(leader.getValue(), e), Property.LEADER_COMPLETENESS,
          () -> leaderOfTerm.get(leader.getKey()) + " became leader of term " + leader.getKey() + " without entry "
              + describe(e) + ", committed in term " + term);
    }
  }

  private void checkOnMajorityOfDisks(long index) {
    LogEntry e = committedEntry(index);
    List<String> holders = new ArrayList<>();
    for (String id : members) if (disks.of(id).holds(e)) holders.add(id);
    check(holders.size() >= quorum, Property.DURABILITY, () -> "committed entry " + describe(e) + " is on the disks of "
        + holders + " only, fewer than a majority of " + members);
  }

  /** Applied entries must be committed (§3.5) and be what was committed at that index. */
  private void verifyApplied(String id, Tracked t, MemberState s) {
    for (Applied a : t.unverified) {
      long index = a.index();
      String command = a.command();
      boolean ok = index <= s.commitIndex() && index <= committed.size()
          && command.equals(Logs.command(committedEntry(index)));
      if (!check(ok, Property.STATE_MACHINE_SAFETY, () -> id + " applied '" + command + "' at index " + index
          + " which is not the committed entry there (commit index " + s.commitIndex() + ")")) {
        break;
      }
    }
    t.unverified.clear();
  }

  // ---- helpers ----

  private static boolean holds(RaftLog log, LogEntry e) {
    return e.index() <= log.lastIndex() && same(log.entry(e.index()), e);
  }

  /** The first index at which the two logs differ; past the shorter one's end if they don't. */
  static long firstChange(RaftLog before, RaftLog after) {
    if (before == after) return Long.MAX_VALUE;
    long common = Math.min(before.lastIndex(), after.lastIndex());
    for (long i = 1; i <= common; i++) {
      if (!same(before.entry(i), after.entry(i))) return i;
    }
    return before.lastIndex() == after.lastIndex() ? Long.MAX_VALUE : common + 1;
  }

  private static String describe(LogEntry e) {
    String command = Logs.command(e);
    return e + (command == null ? "" : "'" + command + "'");
  }
}
