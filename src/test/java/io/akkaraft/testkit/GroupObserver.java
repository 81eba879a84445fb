package io.akkaraft.testkit;

import io.akkaraft.core.MemberState;
import io.akkaraft.role.RaftMember;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Records what every member of a group reports after each step, and checks Raft's invariants as it goes
 * (in the spirit of LogCabin's invariant checker): per member on each step, across a member's restarts, and
 * across the group (thesis Figure 3.2). Violations are collected, not thrown, because a throw would only
 * crash the member's actor; tests call {@link #assertNoViolations()}.
 *
 * <p>Thread-safe: members report from their own actors; every method synchronizes on this object. Each
 * report costs time linear in the log's length: meant for test-sized logs, not long benchmarks.
 */
public final class GroupObserver {
  /** Where a committed entry was first seen committed: its term, and the term of the leader that knew it. */
  private record Commitment(long entryTerm, long leaderTerm) {}

  private final Map<String, MemberState> latest = new HashMap<>();
  private final Map<String, MemberState> recovered = new HashMap<>();
  private final Map<String, MemberState> lastDurableSeen = new HashMap<>();
  private final Map<Long, Set<String>> leadersByTerm = new TreeMap<>();
  private final Map<Long, Commitment> committed = new HashMap<>();
  private final List<String> violations = new ArrayList<>();

  /** The observer of one incarnation of {@code memberId}: its first report is what it recovered. */
  public RaftMember.StateObserver forIncarnation(String memberId) {
    long[] lastCommit = {-1};
    return state -> onState(memberId, state, lastCommit);
  }

  private synchronized void onState(String id, MemberState s, long[] lastCommit) {
    MemberState previous = latest.put(id, s);
    boolean firstOfIncarnation = lastCommit[0] < 0;
    if (firstOfIncarnation) recovered.put(id, s);
    // Commit index is volatile: it restarts from 0 after a restart, and never decreases otherwise.
    check(s.commitIndex() >= Math.max(0, lastCommit[0]), id + " commit index went down to " + s.commitIndex());
    lastCommit[0] = s.commitIndex();
    checkMember(id, s);
    checkDurableAcrossSteps(id, s, firstOfIncarnation);
    if (s.isLeader()) {
      boolean becameLeader = firstOfIncarnation || previous == null || !previous.isLeader()
          || previous.currentTerm() != s.currentTerm();
      onLeader(id, s, becameLeader);
    }
    checkCommittedPrefix(id, s);
  }

  private void checkMember(String id, MemberState s) {
    // Log terms never decrease along the log and are never above the current term.
    long prev = 0;
    for (long i = 1; i <= s.log().lastIndex(); i++) {
      long t = s.log().termAt(i);
      check(t >= prev && t <= s.currentTerm(), id + " log terms out of order at " + i + ": " + s.log());
      prev = t;
    }
    // Memory runs ahead of the disk, never behind it.
    check(s.durable().term() <= s.currentTerm(), id + " durable term above current: " + s);
    // A member never commits beyond its own log.
    check(s.commitIndex() <= s.log().lastIndex(), id + " committed beyond its log: " + s);
    // A leader voted for itself in its term.
    check(!s.isLeader() || id.equals(s.votedFor()), id + " leads without its own vote: " + s);
  }

  /** Durable term never decreases and a durable vote never changes within its term, across restarts too. */
  private void checkDurableAcrossSteps(String id, MemberState s, boolean firstOfIncarnation) {
    MemberState before = lastDurableSeen.get(id);
    if (before != null) {
      long t0 = before.durable().term();
      String v0 = before.durable().votedFor();
      check(s.durable().term() >= t0,
          id + (firstOfIncarnation ? " recovered" : " has") + " durable term " + s.durable().term() + " < " + t0);
      check(s.durable().term() != t0 || v0 == null || v0.equals(s.durable().votedFor()),
          id + " durable vote in term " + t0 + " changed from " + v0 + " to " + s.durable().votedFor()
              + (firstOfIncarnation ? " across a restart" : ""));
    }
    lastDurableSeen.put(id, s);
  }

  private void onLeader(String id, MemberState s, boolean becameLeader) {
    Set<String> leaders = leadersByTerm.computeIfAbsent(s.currentTerm(), t -> new TreeSet<>());
    leaders.add(id);
    // Election Safety: at most one leader can be elected in a given term.
    check(leaders.size() == 1, "two leaders in term " + s.currentTerm() + ": " + leaders);
    if (becameLeader) {
      // Leader Completeness: entries committed under earlier terms' leaders are in every later leader's log.
      committed.forEach((index, c) -> check(c.leaderTerm() >= s.currentTerm() || s.log().termAt(index) == c.entryTerm(),
          id + " became leader of term " + s.currentTerm() + " without entry " + index + " (term " + c.entryTerm()
              + ") committed in term " + c.leaderTerm() + ": " + s));
    }
    for (long i = 1; i <= s.commitIndex(); i++) {
      long entryTerm = s.log().termAt(i);
      Commitment c = committed.get(i);
      check(c == null || c.entryTerm() == entryTerm,
          id + " as leader committed term " + entryTerm + " at " + i + " where " + c + " was committed: " + s);
      if (c == null || c.leaderTerm() > s.currentTerm()) committed.put(i, new Commitment(entryTerm, s.currentTerm()));
    }
  }

  /** State Machine Safety: no two members commit different entries at an index. */
  private void checkCommittedPrefix(String id, MemberState s) {
    for (long i = 1; i <= s.commitIndex(); i++) {
      Commitment c = committed.get(i);
      check(c == null || c.entryTerm() == s.log().termAt(i),
          id + " committed term " + s.log().termAt(i) + " at " + i + " where " + c + " was committed: " + s);
    }
  }

  private void check(boolean ok, String violation) {
    if (!ok) violations.add(violation);
  }

  public synchronized MemberState latest(String id) {
    return latest.get(id);
  }

  /** What the current incarnation of {@code id} recovered from its journal (its first report). */
  public synchronized MemberState recovered(String id) {
    return recovered.get(id);
  }

  /** Forgets what {@code id}'s last incarnation reported, so that tests wait for the next one's reports. */
  synchronized void forgetIncarnation(String id) {
    latest.remove(id);
    recovered.remove(id);
  }

  /** Every member seen as leader, by term. */
  public synchronized Map<Long, Set<String>> leadersByTerm() {
    Map<Long, Set<String>> copy = new TreeMap<>();
    leadersByTerm.forEach((term, ids) -> copy.put(term, Set.copyOf(ids)));
    return copy;
  }

  /** Log Matching across the latest states: same index and term means the same entries up to there. */
  public synchronized void checkLogMatching() {
    List<String> ids = new ArrayList<>(new TreeSet<>(latest.keySet()));
    for (int x = 0; x < ids.size(); x++) {
      for (int y = x + 1; y < ids.size(); y++) {
        MemberState a = latest.get(ids.get(x));
        MemberState b = latest.get(ids.get(y));
        long common = Math.min(a.log().lastIndex(), b.log().lastIndex());
        long matchUpTo = 0;
        for (long i = common; i >= 1; i--) {
          if (a.log().termAt(i) == b.log().termAt(i)) {
            matchUpTo = i;
            break;
          }
        }
        for (long i = 1; i <= matchUpTo; i++) {
          check(Objects.equals(a.log().entry(i), b.log().entry(i)),
              "log matching broken at " + i + " (match up to " + matchUpTo + "): " + a + " vs " + b);
        }
      }
    }
  }

  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  public synchronized void assertNoViolations() {
    checkLogMatching();
    if (!violations.isEmpty()) {
      throw new AssertionError(violations.size() + " Raft invariant violations, first ones:\n  "
          + String.join("\n  ", violations.subList(0, Math.min(10, violations.size()))) + "\n" + describe());
    }
  }

  public synchronized String describe() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(latest).values().forEach(s -> out.append("  ").append(s).append('\n'));
    out.append("  leaders by term: ").append(leadersByTerm);
    return out.toString();
  }
}
