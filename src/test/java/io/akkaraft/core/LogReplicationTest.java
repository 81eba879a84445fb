package io.akkaraft.core;

import static io.akkaraft.testkit.Logs.entries;
import static io.akkaraft.testkit.Logs.entry;
import static io.akkaraft.testkit.Logs.terms;
import static io.akkaraft.testkit.Logs.termsOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.core.PeerProtocol.VoteReply;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Log replication, follower side (§3.5, Figure 3.1 AppendEntries receiver), and Figure 3.6 end to end. */
class LogReplicationTest {
  private final RaftRules rules = new RaftRules(new ReplicationLimits(64, 1 << 20, 4));
  private final Membership abc = Members.group("a", "b", "c");

  /** Follower "b" of term 3 (leader "a") with the given log. */
  private MemberState b(RaftLog log) {
    return Members.follower("b", abc, 3, log);
  }

  private static AppendEntries append(long prevIndex, long prevTerm, List<LogEntry> entries, long leaderCommit) {
    return new AppendEntries(3, "a", prevIndex, prevTerm, entries, leaderCommit);
  }

  @Test
  @DisplayName("Figure 3.1, AppendEntries receiver, rule 2: reject if the log has no entry at prevLogIndex; hint its length")
  void followerRejectsWhenItLacksPrevLogIndex() {
    MemberState before = b(terms(1, 1));
    Step step = rules.onMessage(before, append(4, 2, entries(5, 3), 0));
    assertEquals(List.of(new Envelope("a", AppendReply.rejected(3, "b", 4L, 0, 3, 1))), step.sendNow());
    assertTrue(step.events().isEmpty());
    assertSame(before.log(), step.state().log());
    assertEquals("a", step.state().leaderId(), "it still heard from the leader");
    assertTrue(step.resetElectionTimer());
  }

  @Test
  @DisplayName("Figure 3.1, AppendEntries receiver, rule 2, with the §3.5 hint: the conflicting term and its first index")
  void followerRejectsWhenPrevLogTermDiffersAndHintsFirstIndexOfThatTerm() {
    MemberState before = b(terms(1, 2, 2, 2));
    Step step = rules.onMessage(before, append(4, 3, entries(5, 3), 0));
    assertEquals(List.of(new Envelope("a", AppendReply.rejected(3, "b", 4L, 2, 2, 1))), step.sendNow());
    assertTrue(step.events().isEmpty());
    assertSame(before.log(), step.state().log());
  }

  @Test
  @DisplayName("Figure 3.1, AppendEntries receiver, rules 3 and 4: delete a conflicting entry and all that follow, append new ones")
  void followerTruncatesConflictingSuffixAndAppendsNewEntries() {
    Step step = rules.onMessage(b(terms(1, 1, 2, 2)), append(2, 1, entries(3, 3, 3), 0));
    assertArrayEquals(new long[] {1, 1, 3, 3}, termsOf(step.state().log()));
    assertEquals(
        List.of(new JournalEvent.LogTruncated(3), new JournalEvent.EntriesAppended(entries(3, 3, 3))),
        step.events());
    assertEquals(2, step.state().durable().lastIndex(), "the truncated entries on disk no longer count as ours");
    assertEquals(List.of(new Envelope("a", AppendReply.accepted(3, "b", 4L, 2))), step.sendAfterDurable());
  }

  @Test
  @DisplayName("Figure 3.1, AppendEntries receiver, rule 4: append only entries not already in the log")
  void followerDoesNotReappendEntriesItHas() {
    Step step = rules.onMessage(b(terms(1, 1, 3)), append(1, 1, List.of(entry(1, 2), entry(3, 3), entry(3, 4)), 0));
    assertArrayEquals(new long[] {1, 1, 3, 3}, termsOf(step.state().log()));
    assertEquals(List.of(new JournalEvent.EntriesAppended(List.of(entry(3, 4)))), step.events());
  }

  @Test
  @DisplayName("§3.5: a stale or duplicated AppendEntries never truncates; it acknowledges only what it covers")
  void staleOrDuplicateAppendEntriesNeverTruncates() {
    MemberState before = b(terms(1, 1, 3, 3));
    AppendEntries stale = append(0, 0, entries(1, 1), 0);
    Step step = rules.onMessage(before, stale);
    assertSame(before.log(), step.state().log());
    assertTrue(step.events().isEmpty());
    assertEquals(List.of(new Envelope("a", AppendReply.accepted(3, "b", 1, 1))), step.sendAfterDurable(),
        "matchIndex is what the request proves to match, not the follower's last index");

    AppendEntries full = append(0, 0, entries(1, 1, 1, 3, 3), 0);
    Step duplicate = rules.onMessage(rules.onMessage(before, full).state(), full);
    assertArrayEquals(new long[] {1, 1, 3, 3}, termsOf(duplicate.state().log()));
    assertTrue(duplicate.events().isEmpty());
  }

  @Test
  @DisplayName("Figure 3.1, AppendEntries receiver, rule 5: commitIndex = min(leaderCommit, index of last new entry)")
  void commitIndexIsMinOfLeaderCommitAndLastNewEntry() {
    // b holds entries 3..5 that may not be the leader's: this request vouches only for 1..2.
    Step step = rules.onMessage(b(terms(1, 1, 1, 1, 1)), append(1, 1, entries(2, 1), 5));
    assertEquals(2, step.state().commitIndex());

    Step heartbeat = rules.onMessage(step.state(), append(5, 1, List.of(), 5));
    assertEquals(5, heartbeat.state().commitIndex());

    Step behind = rules.onMessage(b(terms(1, 1, 1)), append(3, 1, List.of(), 2));
    assertEquals(2, behind.state().commitIndex(), "leaderCommit below the last new entry");
  }

  @Test
  @DisplayName("Figure 3.1: commitIndex increases monotonically, even when a request carries an older leaderCommit")
  void commitIndexNeverDecreases() {
    MemberState committed = b(terms(1, 1, 1, 1)).withCommitIndex(4);
    assertEquals(4, rules.onMessage(committed, append(4, 1, List.of(), 2)).state().commitIndex());
    assertEquals(4, rules.onMessage(committed, append(1, 1, List.of(), 9)).state().commitIndex(),
        "min(9, 1) = 1 is below 4");
  }

  @Test
  @DisplayName("Figure 3.1, persist before responding: the acknowledgement carries matchIndex and waits for the write")
  void acknowledgementIsSentAfterDurableWithMatchIndex() {
    Step step = rules.onMessage(b(terms(1)), append(1, 1, entries(2, 3, 3), 0));
    assertTrue(step.sendNow().isEmpty());
    assertEquals(List.of(new Envelope("a", AppendReply.accepted(3, "b", 3, 2))), step.sendAfterDurable());
    assertEquals(1, step.state().durable().lastIndex(), "entries 2..3 are in memory only");

    // A heartbeat vouches for the log up to prevLogIndex, which may still be on its way to disk.
    Step heartbeat = rules.onMessage(step.state(), append(3, 3, List.of(), 0));
    assertEquals(List.of(new Envelope("a", AppendReply.accepted(3, "b", 3, 0))), heartbeat.sendAfterDurable());
  }

  // ---- Figure 3.6 ----

  /** The leader's log in Figure 3.6, when it comes to power for term 8. */
  private static final long[] FIGURE_3_6_LEADER = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6};

  /**
   * Followers (a)–(f) of Figure 3.6, their current term (at least their last log term), and how many
   * rejections the leader needs to find where their logs match: one per conflicting term, not per entry.
   */
  static Stream<Arguments> figure36Followers() {
    return Stream.of(
        Arguments.of("a", 6L, new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6}, 1), // missing entries
        Arguments.of("b", 4L, new long[] {1, 1, 1, 4}, 1),
        Arguments.of("c", 6L, new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6}, 0), // extra uncommitted entries
        Arguments.of("d", 7L, new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7}, 0),
        Arguments.of("e", 4L, new long[] {1, 1, 1, 4, 4, 4, 4}, 2), // both
        Arguments.of("f", 3L, new long[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3}, 2)); // f would need 7 one by one
  }

  private static Membership figure36Group() {
    return Members.group("leader", "a", "b", "c", "d", "e", "f");
  }

  @ParameterizedTest(name = "follower ({0})")
  @MethodSource("figure36Followers")
  @DisplayName("Figure 3.6, §3.5: each follower's log converges to the new leader's, skipping a term per rejection")
  void figure36FollowerConvergesToLeaderLog(String id, long term, long[] followerLog, int expectedRejections) {
    Membership group = figure36Group();
    Exchange net = new Exchange(rules,
        Members.follower("leader", group, 7, terms(FIGURE_3_6_LEADER)),
        Members.follower(id, group, term, terms(followerLog)));
    net.apply("leader", rules::onElectionTimeout);
    // The other members of the figure, not simulated here, elect the leader.
    for (String voter : List.of("a", "b", "c", "d", "e", "f")) {
      if (!voter.equals(id) && !net.get("leader").isLeader()) {
        net.apply("leader", s -> rules.onMessage(s, new VoteReply(8, voter, true)));
      }
    }
    assertTrue(net.get("leader").isLeader());
    net.deliverAll();

    MemberState leader = net.get("leader");
    MemberState follower = net.get(id);
    assertArrayEquals(new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 8}, termsOf(leader.log()), "the figure plus the no-op");
    assertEquals(leader.log().entries(), follower.log().entries());
    long rejections = net.deliveredTo("leader", AppendReply.class).stream().filter(r -> !r.success()).count();
    assertEquals(expectedRejections, rejections, "rejections before the logs matched");
    assertEquals(expectedRejections + 1, net.deliveredTo(id, AppendEntries.class).size(),
        "round trips: one per rejection, then one batch with everything");
    assertEquals(11, Members.progressOf(leader, id).matchIndex());
  }

  @Test
  @DisplayName("Figure 3.6: the leader wins the votes of (a), (b), (e), (f), repairs all six logs and commits its no-op")
  void figure36WholeGroupConvergesAndCommits() {
    Membership group = figure36Group();
    Exchange net = new Exchange(rules, Members.follower("leader", group, 7, terms(FIGURE_3_6_LEADER)));
    figure36Followers().map(Arguments::get)
        .forEach(row -> net.put(Members.follower((String) row[0], group, (Long) row[1], terms((long[]) row[2]))));
    net.apply("leader", rules::onElectionTimeout);
    net.deliverAll();

    MemberState leader = net.get("leader");
    assertTrue(leader.isLeader());
    for (String voter : List.of("a", "b", "e", "f")) assertEquals("leader", net.get(voter).votedFor(), voter);
    for (String voter : List.of("c", "d")) assertEquals(null, net.get(voter).votedFor(), voter + "'s log is more up-to-date");
    assertEquals(11, leader.commitIndex(), "the no-op of term 8 is on a majority");

    net.apply("leader", rules::onHeartbeat); // carries the new commit index
    net.deliverAll();
    for (String id : List.of("a", "b", "c", "d", "e", "f")) {
      assertEquals(leader.log().entries(), net.get(id).log().entries(), id);
      assertEquals(11, net.get(id).commitIndex(), id);
    }
  }
}
