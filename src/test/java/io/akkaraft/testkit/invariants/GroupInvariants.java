package io.akkaraft.testkit.invariants;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.RaftLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Raft's safety properties across a group (thesis Figure 3.2), checked on every state any member reports,
 * over the group's whole history, together with each member's own invariants ({@link MemberInvariants}).
 * The seeded simulator and the in-JVM groups of real actors both feed it every report; the simulator adds
 * what only it can see (its disks, clients and clock) on top.
 *
 * <p>Not thread-safe: a harness whose members report from several threads serializes its calls.
 */
public final class GroupInvariants {
  private record Commit(LogEntry entry, long term) {}

  private record IndexTerm(long index, long term) {}

  private record Origin(LogEntry entry, long previousTerm, String seenOn) {}

  private record Election(String leader, RaftLog log) {}

  private final Violations out;
  private final Function<LogEntry, String> describe;
  private final TreeMap<Long, Set<String>> leadersByTerm = new TreeMap<>();
  private final TreeMap<Long, Election> elections = new TreeMap<>();
  private final List<Commit> committed = new ArrayList<>(); // committed.get(i - 1) is index i
  private final Map<IndexTerm, Origin> origins = new HashMap<>();

  /** Reports to {@code out}; {@code describe} writes an entry in messages (with its command, say). */
  public GroupInvariants(Violations out, Function<LogEntry, String> describe) {
    this.out = out;
    this.describe = describe;
  }

  /** Member {@code id} reported {@code s}; {@code p} is its previous state in this incarnation, or null. */
  public void onState(String id, MemberState p, MemberState s) {
    onState(id, p, s, p == null ? 1 : MemberInvariants.firstChange(p.log(), s.log()));
  }

  /** As {@link #onState(String, MemberState, MemberState)}, with {@code changedFrom} = {@link MemberInvariants#firstChange}. */
  public void onState(String id, MemberState p, MemberState s, long changedFrom) {
    MemberInvariants.state(id, s, changedFrom, out);
    if (p != null) MemberInvariants.step(id, p, s, changedFrom, out);
    checkLogMatching(id, s, changedFrom);
    checkLeader(id, p, s);
    recordCommits(id, p, s);
  }

  /** Entries known committed, index 1 first: how many. */
  public int committedCount() {
    return committed.size();
  }

  /** The entry known committed at {@code index}, 1 to {@link #committedCount()}. */
  public LogEntry committedEntry(long index) {
    return committed.get((int) index - 1).entry();
  }

  /** Every member seen leading, by term. */
  public Map<Long, Set<String>> leadersByTerm() {
    Map<Long, Set<String>> copy = new TreeMap<>();
    leadersByTerm.forEach((term, ids) -> copy.put(term, Set.copyOf(ids)));
    return copy;
  }

  /**
   * Log Matching, by induction over the log: an entry's index and term fix its content and the term just
   * before it, for every member at every time, so logs that share an entry share everything up to it.
   */
  private void checkLogMatching(String id, MemberState s, long changedFrom) {
    RaftLog log = s.log();
    for (long i = changedFrom; i <= log.lastIndex(); i++) {
      LogEntry e = log.entry(i);
      long previousTerm = log.termAt(i - 1);
      Origin seen = origins.putIfAbsent(new IndexTerm(i, e.term()), new Origin(e, previousTerm, id));
      if (seen == null) continue;
      if (!out.check(Objects.equals(seen.entry(), e) && seen.previousTerm() == previousTerm, Property.LOG_MATCHING,
          () -> id + " has " + describe.apply(e) + " after term " + previousTerm + ", but " + seen.seenOn() + " had "
              + describe.apply(seen.entry()) + " after term " + seen.previousTerm())) {
        return;
      }
    }
  }

  private void checkLeader(String id, MemberState p, MemberState s) {
    if (!s.isLeader()) return;
    long term = s.currentTerm();
    Set<String> leaders = leadersByTerm.computeIfAbsent(term, t -> new TreeSet<>());
    leaders.add(id);
    // Election Safety: at most one leader per term.
    if (!out.check(leaders.size() == 1, Property.ELECTION_SAFETY,
        () -> String.join(" and ", leaders) + " were both leaders of term " + term)) {
      return;
    }
    boolean elected = p == null || !p.isLeader() || p.currentTerm() != term;
    if (!elected) return;
    elections.putIfAbsent(term, new Election(id, s.log()));
    // Leader Completeness: every entry committed in an earlier term is in the new leader's log.
    for (Commit c : committed) {
      if (c.term() < term && !holds(s.log(), c.entry())) {
        out.add(Property.LEADER_COMPLETENESS, id + " became leader of term " + term + " without entry "
            + describe.apply(c.entry()) + " committed in term " + c.term() + "; its log is " + s.log());
        return;
      }
    }
  }

  private void recordCommits(String id, MemberState p, MemberState s) {
    long from = p == null ? 1 : p.commitIndex() + 1;
    for (long i = from; i <= s.commitIndex(); i++) {
      LogEntry e = s.log().entry(i);
      if (i > committed.size()) {
        committed.add(new Commit(e, s.currentTerm()));
        checkLaterLeadersHold(e, s.currentTerm(), Long.MAX_VALUE);
        continue;
      }
      Commit c = committed.get((int) i - 1);
      // State Machine Safety: no two members ever commit different entries at one index.
      if (!out.check(Objects.equals(c.entry(), e), Property.STATE_MACHINE_SAFETY,
          () -> id + " committed " + describe.apply(e) + " at index " + e.index() + ", where "
              + describe.apply(c.entry()) + " was committed in term " + c.term())) {
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
    for (Map.Entry<Long, Election> elected : elections.subMap(term, false, upTo, true).entrySet()) {
      out.check(holds(elected.getValue().log(), e), Property.LEADER_COMPLETENESS,
          () -> elected.getValue().leader() + " became leader of term " + elected.getKey() + " without entry "
              + describe.apply(e) + ", committed in term " + term);
    }
  }

  private static boolean holds(RaftLog log, LogEntry e) {
    return e.index() <= log.lastIndex() && Objects.equals(log.entry(e.index()), e);
  }
}
