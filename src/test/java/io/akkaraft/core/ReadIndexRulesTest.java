package io.akkaraft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.AppendReply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Thesis §6.4: reads confirmed by a heartbeat round to a majority, bypassing the log. */
class ReadIndexRulesTest {
  private final RaftRules rules = new RaftRules(new ReplicationLimits(64, 1 << 20, 4));
  private final Membership three = Membership.of(List.of("a", "b", "c"));

  /** Leader "a" of term 2 whose no-op (index 2) is committed and matched everywhere. */
  private MemberState leaderWithCommittedNoOp() {
    RaftLog log = RaftLog.of(List.of(LogEntry.noOp(1, 1), LogEntry.noOp(2, 2)));
    Map<String, Progress> progress = Map.of("b", new Progress(3, 2, 0, false), "c", new Progress(3, 2, 0, false));
    return new MemberState("a", three, 2, "a", log, 2, "a", new RoleState.Leader(progress), new Durable(2, "a", 2));
  }

  @Test
  @DisplayName("§6.4 step 1: a leader serves reads only once an entry of its own term is committed")
  void leaderServesReadsOnlyAfterCommittingAnEntryOfItsTerm() {
    MemberState leader = leaderWithCommittedNoOp();
    assertTrue(RaftRules.mayServeReads(leader));
    MemberState notYet = new MemberState("a", three, 2, "a", leader.log(), 1, "a", leader.role(), leader.durable());
    assertFalse(RaftRules.mayServeReads(notYet), "commit index 1 holds a term-1 entry");
  }

  @Test
  @DisplayName("§6.4 step 3: a read round is confirmed only by a majority answering AppendEntries sent after it began")
  void readRoundNeedsMajorityAcknowledgingThatRound() {
    Step started = rules.startReadRound(leaderWithCommittedNoOp());
    MemberState s = started.state();
    assertEquals(1, ((RoleState.Leader) s.role()).readRound());
    assertEquals(2, started.sendNow().size(), "one heartbeat to each follower");
    for (Envelope e : started.sendNow()) assertEquals(1, ((AppendEntries) e.message()).readRound());
    assertEquals(0, RaftRules.confirmedReadRound(s), "the leader alone is no majority of three");

    // A reply to an AppendEntries sent before the round (readRound 0) proves nothing about the round.
    s = rules.onMessage(s, AppendReply.accepted(2, "b", 2, 0, 0)).state();
    assertEquals(0, RaftRules.confirmedReadRound(s));
    s = rules.onMessage(s, AppendReply.accepted(2, "b", 2, 0, 1)).state();
    assertEquals(1, RaftRules.confirmedReadRound(s), "leader + b are a majority of three");
  }

  @Test
  @DisplayName("§6.4: a rejection of the leader's term still shows the follower follows it")
  void sameTermRejectionAcknowledgesTheRound() {
    MemberState s = rules.startReadRound(leaderWithCommittedNoOp()).state();
    s = rules.onMessage(s, AppendReply.rejected(2, "c", 2, 1, 2, 0, 1)).state();
    assertEquals(1, RaftRules.confirmedReadRound(s));
  }

  @Test
  @DisplayName("§6.4: a reply of a later term confirms nothing; the leader steps down instead")
  void laterTermReplyDeposesInsteadOfConfirming() {
    MemberState s = rules.startReadRound(leaderWithCommittedNoOp()).state();
    s = rules.onMessage(s, AppendReply.rejected(3, "b", 2, 0, 0, 0, 1)).state();
    assertTrue(s.isFollower());
    assertEquals(0, RaftRules.confirmedReadRound(s));
  }

  @Test
  @DisplayName("Followers echo the round of the AppendEntries they answer, accepted or rejected")
  void followerEchoesReadRound() {
    MemberState follower = MemberState.recovered("b", three, 2, "a", RaftLog.of(List.of(LogEntry.noOp(1, 1))));
    Step accepted = rules.onMessage(follower, new AppendEntries(2, "a", 1, 1, List.of(), 1, 7));
    assertEquals(7, ((AppendReply) accepted.sendAfterDurable().get(0).message()).readRound());
    Step rejected = rules.onMessage(follower, new AppendEntries(2, "a", 5, 2, List.of(), 1, 8));
    assertEquals(8, ((AppendReply) rejected.sendNow().get(0).message()).readRound());
  }

  @Test
  @DisplayName("A single-member group confirms its read rounds by itself")
  void singleMemberConfirmsAlone() {
    Membership one = Membership.of(List.of("a"));
    RaftLog log = RaftLog.of(List.of(LogEntry.noOp(1, 1)));
    MemberState leader = new MemberState("a", one, 1, "a", log, 1, "a", new RoleState.Leader(Map.of()), new Durable(1, "a", 1));
    assertEquals(1, RaftRules.confirmedReadRound(rules.startReadRound(leader).state()));
  }
}
