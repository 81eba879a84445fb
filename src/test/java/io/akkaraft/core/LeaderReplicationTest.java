package io.akkaraft.core;

import static io.akkaraft.testkit.Logs.terms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.testkit.Logs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Log replication, leader side (§3.5, Figure 3.1 Leaders), with batching and pipelining (§10.2). */
class LeaderReplicationTest {
  private final Membership abc = Members.group("a", "b", "c");

  private static RaftRules rules(int maxEntries, int maxBytes, int maxInflight) {
    return new RaftRules(new ReplicationLimits(maxEntries, maxBytes, maxInflight));
  }

  /** Leader "a" of term 8 with {@code log}; b's progress as given, c probed from the end. */
  private MemberState leader(RaftLog log, Progress b) {
    return Members.leader("a", abc, 8, log,
        Map.of("b", b, "c", Progress.initial(log.lastIndex())));
  }

  private static List<AppendEntries> appendsTo(String peer, Step step) {
    List<AppendEntries> found = new ArrayList<>();
    for (Envelope e : step.sendNow()) if (e.to().equals(peer)) found.add((AppendEntries) e.message());
    return found;
  }

  @Test
  @DisplayName("Figure 3.1, Leaders: if successful, update nextIndex and matchIndex for the follower")
  void leaderUpdatesNextAndMatchIndexOnSuccess() {
    MemberState leader = leader(terms(1, 1, 8), new Progress(2, 0, 1, true));
    Step step = rules(64, 1 << 20, 4).onMessage(leader, AppendReply.accepted(8, "b", 3, 2));
    assertEquals(new Progress(4, 3, 0, false), Members.progressOf(step.state(), "b"));
    assertTrue(appendsTo("b", step).isEmpty(), "b has everything");

    // An older acknowledgement arriving late never moves matchIndex back.
    Step late = rules(64, 1 << 20, 4).onMessage(step.state(), AppendReply.accepted(8, "b", 1, 0));
    assertEquals(3, Members.progressOf(late.state(), "b").matchIndex());
  }

  @Test
  @DisplayName("§10.2.1 pipelining: after a successful probe, up to maxInflightAppends batches of maxEntriesPerAppend go out without waiting")
  void leaderPipelinesAfterSuccessfulProbe() {
    RaftRules rules = rules(2, 1 << 20, 3);
    MemberState leader = leader(terms(8, 8, 8, 8, 8, 8, 8, 8, 8, 8), new Progress(1, 0, 1, true));

    Step probed = rules.onMessage(leader, AppendReply.accepted(8, "b", 2, 2));
    List<AppendEntries> sent = appendsTo("b", probed);
    assertEquals(List.of(2L, 4L, 6L), sent.stream().map(AppendEntries::prevLogIndex).toList());
    for (AppendEntries a : sent) assertEquals(2, a.entries().size());
    assertEquals(new Progress(9, 2, 3, false), Members.progressOf(probed.state(), "b"));

    // The pipeline is full, so entries 9..10 wait; one acknowledgement frees a slot for them.
    Step ack = rules.onMessage(probed.state(), AppendReply.accepted(8, "b", 4, 2));
    List<AppendEntries> next = appendsTo("b", ack);
    assertEquals(1, next.size());
    assertEquals(8, next.get(0).prevLogIndex());
    assertEquals(List.of(9L, 10L), next.get(0).entries().stream().map(LogEntry::index).toList());
    assertEquals(new Progress(11, 4, 3, false), Members.progressOf(ack.state(), "b"));
  }

  @Test
  @DisplayName("Batches are bounded by maxBytesPerAppend, but one entry larger than the bound still goes alone")
  void batchesAreBoundedByBytesAndOversizedEntryGoesAlone() {
    // Each small entry is 40 + 50 = 90 bytes: two fit in 200, three do not. The big one is 540.
    RaftLog log = RaftLog.of(List.of(
        small(1), small(2), small(3), LogEntry.command(8, 4, Logs.payloadOfSize(500)), small(5)));
    MemberState leader = leader(log, new Progress(1, 0, 0, false));

    Step step = rules(100, 200, 4).onHeartbeat(leader);
    List<List<Long>> batches = appendsTo("b", step).stream()
        .map(a -> a.entries().stream().map(LogEntry::index).toList()).toList();
    assertEquals(List.of(List.of(1L, 2L), List.of(3L), List.of(4L), List.of(5L)), batches);
  }

  private static LogEntry small(long index) {
    return LogEntry.command(8, index, Logs.payloadOfSize(50));
  }

  @Test
  @DisplayName("§3.5: on rejection the leader probes again from the follower's hint, a whole term at a time")
  void leaderFallsBackToProbingFromHintOnRejection() {
    RaftRules rules = rules(64, 1 << 20, 4);
    RaftLog log = terms(1, 1, 1, 4, 4, 5, 5, 6, 6, 6);

    // The follower has term 3 at index 10 (Figure 3.6 f), a term the leader lacks: go to its first index.
    Step fromF = rules.onMessage(leader(log, new Progress(11, 0, 1, true)), AppendReply.rejected(8, "b", 10, 3, 7, 1));
    assertEquals(6, single(appendsTo("b", fromF)).prevLogIndex());
    assertEquals(5, single(appendsTo("b", fromF)).prevLogTerm());
    assertEquals(new Progress(7, 0, 1, true), Members.progressOf(fromF.state(), "b"));

    // The follower has term 4 at index 7 (Figure 3.6 e), which the leader holds up to index 5: resume after it.
    Step fromE = rules.onMessage(leader(log, new Progress(8, 0, 1, true)), AppendReply.rejected(8, "b", 7, 4, 4, 1));
    assertEquals(5, single(appendsTo("b", fromE)).prevLogIndex());

    // A pipelining follower that rejects falls back to probing: one request, no optimistic nextIndex.
    Step pipelined = rules.onMessage(leader(log, new Progress(11, 5, 3, false)), AppendReply.rejected(8, "b", 8, 0, 7, 2));
    AppendEntries probe = single(appendsTo("b", pipelined));
    assertEquals(6, probe.prevLogIndex());
    assertEquals(List.of(7L, 8L, 9L, 10L), probe.entries().stream().map(LogEntry::index).toList());
    assertEquals(new Progress(7, 5, 1, true), Members.progressOf(pipelined.state(), "b"));
  }

  @Test
  @DisplayName("§3.5: rejections that a later success or a newer probe already overtook are ignored")
  void staleRejectionsAreIgnored() {
    RaftRules rules = rules(64, 1 << 20, 4);
    RaftLog log = terms(1, 1, 1, 4, 4, 5, 5, 6, 6, 6);

    // b is known to match up to 6: a rejection at prevLogIndex 5 is from before that.
    MemberState matched = leader(log, new Progress(9, 6, 2, false));
    Step belowMatch = rules.onMessage(matched, AppendReply.rejected(8, "b", 5, 1, 1, 1));
    assertEquals(matched.role(), belowMatch.state().role());
    assertTrue(belowMatch.sendNow().isEmpty());

    // b is being probed at prevLogIndex 6: a rejection of the earlier probe at 10 is old news.
    MemberState probing = leader(log, new Progress(7, 0, 1, true));
    Step oldProbe = rules.onMessage(probing, AppendReply.rejected(8, "b", 10, 3, 7, 1));
    assertEquals(probing.role(), oldProbe.state().role());
    assertTrue(oldProbe.sendNow().isEmpty());
  }

  @Test
  @DisplayName("§3.4: the heartbeat sends an empty AppendEntries with leaderCommit to an idle follower")
  void heartbeatSendsEmptyAppendEntriesToIdleFollower() {
    MemberState leader = leader(terms(1, 8, 8), new Progress(4, 3, 0, false)).withCommitIndex(3);
    Step step = rules(64, 1 << 20, 4).onHeartbeat(leader);
    assertEquals(List.of(new AppendEntries(8, "a", 3, 8, List.of(), 3)), appendsTo("b", step));
    assertEquals(new Progress(4, 3, 0, false), Members.progressOf(step.state(), "b"), "an empty request uses no slot");
    assertEquals(1, appendsTo("c", step).size(), "every follower hears from the leader");
    assertTrue(step.events().isEmpty());
  }

  @Test
  @DisplayName("§3.5 probing: while a probe with entries is unanswered, a heartbeat sends an empty AppendEntries, never the batch again")
  void heartbeatToAProbingFollowerSendsAnEmptyProbeNotTheBatchAgain() {
    MemberState leader = leader(terms(1, 8, 8, 8, 8), new Progress(2, 0, 1, true)).withCommitIndex(1);

    Step step = rules(64, 1 << 20, 4).onHeartbeat(leader);

    assertEquals(List.of(new AppendEntries(8, "a", 1, 1, List.of(), 1)), appendsTo("b", step));
    assertEquals(new Progress(2, 0, 1, true), Members.progressOf(step.state(), "b"), "the probe stays the one in flight");
  }

  @Test
  @DisplayName("§3.5 probing: the answer to an empty probe resumes replication when the probe with entries was lost")
  void answerToAnEmptyProbeResumesReplicationAfterALostProbe() {
    MemberState leader = leader(terms(1, 8, 8, 8, 8), new Progress(2, 0, 1, true));
    RaftRules rules = rules(64, 1 << 20, 4);

    // b holds entry 1 only: the empty probe at prevLogIndex 1 succeeds, and entries 2..5 go out again.
    Step step = rules.onMessage(leader, AppendReply.accepted(8, "b", 1, 0));

    AppendEntries resent = single(appendsTo("b", step));
    assertEquals(1, resent.prevLogIndex());
    assertEquals(List.of(2L, 3L, 4L, 5L), resent.entries().stream().map(LogEntry::index).toList());
  }

  @Test
  @DisplayName("Figure 3.1 'reply false if term < currentTerm': a late term notice of the leader's own term, answering a request of an earlier leadership, changes nothing")
  void lateTermNoticeAnsweringAnEarlierLeadershipIsIgnored() {
    MemberState leader = leader(terms(1, 8, 8), new Progress(4, 3, 0, false));
    AppendReply notice = AppendReply.rejected(8, "b", 9, 0, 0, 2);
    assertTrue(notice.isTermNotice());

    Step step = rules(64, 1 << 20, 4).onMessage(leader, notice);

    assertEquals(leader.role(), step.state().role(), "b's progress stays");
    assertTrue(appendsTo("b", step).isEmpty(), "no probe restarts");
  }

  @Test
  @DisplayName("§3.5: a leader never obeys another leader's AppendEntries of its own term")
  void leaderIgnoresAppendEntriesOfItsOwnTerm() {
    MemberState leader = leader(terms(1, 8), Progress.initial(2));
    Step step = rules(64, 1 << 20, 4).onMessage(leader, new AppendEntries(8, "b", 2, 8, Logs.entries(3, 8), 3));
    assertEquals(leader, step.state());
    assertTrue(step.events().isEmpty());
  }

  private static AppendEntries single(List<AppendEntries> sent) {
    assertEquals(1, sent.size(), sent.toString());
    return sent.get(0);
  }
}
