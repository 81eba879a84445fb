package io.akkaraft.testkit;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.role.RaftMember;
import io.akkaraft.testkit.invariants.GroupInvariants;
import io.akkaraft.testkit.invariants.MemberInvariants;
import io.akkaraft.testkit.invariants.Property;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Records what every member of a group reports after each step, and checks Raft's invariants as it goes
 * (in the spirit of LogCabin's invariant checker) through the same functions the simulator runs: {@link
 * GroupInvariants} per member, against the member's previous step and across the group (thesis Figure 3.2),
 * and {@link MemberInvariants#durable} across a member's restarts. Violations are collected, not thrown,
 * because a throw would only crash the member's actor; tests call {@link #assertNoViolations()}.
 *
 * <p>Thread-safe: members report from their own actors; every method synchronizes on this object. Each
 * report costs time linear in the log's length: meant for test-sized logs, not long benchmarks.
 */
public final class GroupObserver {
  private final Map<String, MemberState> latest = new HashMap<>();
  private final Map<String, MemberState> recovered = new HashMap<>();
  private final Map<String, MemberState> lastSeen = new HashMap<>(); // across incarnations
  private final List<String> violations = new ArrayList<>();
  private final GroupInvariants invariants = new GroupInvariants(this::violated, LogEntry::toString);

  /** The observer of one incarnation of {@code memberId}: its first report is what it recovered. */
  public RaftMember.StateObserver forIncarnation(String memberId) {
    MemberState[] previous = {null};
    return state -> {
      onState(memberId, previous[0], state);
      previous[0] = state;
    };
  }

  /** {@code p} is the previous report of the same incarnation, null for the first (what it recovered). */
  private synchronized void onState(String id, MemberState p, MemberState s) {
    latest.put(id, s);
    if (p == null) recovered.put(id, s);
    if (p != s) invariants.onState(id, p, s);
    MemberState before = lastSeen.put(id, s);
    if (before != null) MemberInvariants.durable(id, before, s, p == null, this::violated);
  }

  private void violated(Property property, String detail) {
    violations.add(property.title + ": " + detail);
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
    return invariants.leadersByTerm();
  }

  /** Each violation as its property's title and what exactly broke, first one first. */
  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  public synchronized void assertNoViolations() {
    if (!violations.isEmpty()) {
      throw new AssertionError(violations.size() + " Raft invariant violations, first ones:\n  "
          + String.join("\n  ", violations.subList(0, Math.min(10, violations.size()))) + "\n" + describe());
    }
  }

  public synchronized String describe() {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(latest).values().forEach(s -> out.append("  ").append(s).append('\n'));
    out.append("  leaders by term: ").append(invariants.leadersByTerm());
    return out.toString();
  }
}
