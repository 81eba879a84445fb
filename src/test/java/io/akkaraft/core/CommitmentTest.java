package io.akkaraft.core;

import static io.akkaraft.testkit.Logs.terms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.core.PeerProtocol.AppendReply;
import io.akkaraft.core.PeerProtocol.RequestVote;
import io.akkaraft.core.PeerProtocol.VoteReply;
import io.akkaraft.testkit.Logs;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Commitment (§3.5, §3.6.2): what a leader may consider committed, and when. */
class CommitmentTest {
  private static final ReplicationLimits LIMITS = new ReplicationLimits(64, 1 << 20, 4);
  private final RaftRules rules = new RaftRules(LIMITS);
  private final Membership five = Members.group(5);

  /** {@code peer} acknowledges that its log matches the leader's up to {@code matchIndex}. */
  private MemberState ack(RaftRules with, MemberState leader, String peer, long matchIndex) {
    return with.onMessage(leader, AppendReply.accepted(leader.currentTerm(), peer, matchIndex, 1)).state();
  }

  @Test
  @DisplayName("Figure 3.1, Leaders: commit N of the current term once a majority of matchIndex (the leader's included) >= N")
  void leaderCommitsCurrentTermEntryOnceMajorityHasIt() {
    MemberState s1 = Members.leader("s1", five, 2, terms(1, 2, 2)).withCommitIndex(1);
    s1 = ack(rules, s1, "s2", 3);
    assertEquals(1, s1.commitIndex(), "s1 and s2 are 2 of 5");
    s1 = ack(rules, s1, "s3", 2);
    assertEquals(2, s1.commitIndex(), "index 2 is on s1, s2, s3");
    s1 = ack(rules, s1, "s4", 3);
    assertEquals(3, s1.commitIndex(), "index 3 is on s1, s2, s4");
  }

  /**
   * Figure 3.7 (c): S1, leader again in term 4, has replicated the term-2 entry at index 2 to S2 and S3.
   * S5 (log [1 3]) could still be elected by S2, S3, S4 and overwrite it, as in (d1).
   */
  private MemberState figure37c() {
    MemberState s1 = Members.leader("s1", five, 4, terms(1, 2, 4)).withCommitIndex(1);
    s1 = ack(rules, s1, "s4", 1);
    return s1;
  }

  @Test
  @DisplayName("§3.6.2, Figure 3.7: never commit an entry of an earlier term by counting replicas; it commits with a current-term entry")
  void leaderCommitsOldTermEntryOnlyWithCurrentTermEntry() {
    MemberState s1 = figure37c();
    s1 = ack(rules, s1, "s2", 2);
    s1 = ack(rules, s1, "s3", 2);
    assertEquals(1, s1.commitIndex(), "the term-2 entry is on S1, S2, S3 but not committed");

    // (d2): S1 replicates its term-4 entry on a majority: index 3 commits, and index 2 with it.
    s1 = ack(rules, s1, "s2", 3);
    assertEquals(1, s1.commitIndex(), "index 3 is on S1 and S2 only");
    s1 = ack(rules, s1, "s3", 3);
    assertEquals(3, s1.commitIndex());
  }

  @Test
  @DisplayName("UnsafeRule.COMMIT_OLD_TERM_BY_COUNTING commits the Figure 3.7 entry that S5 can still overwrite (the test has teeth)")
  void countingReplicasOfOldTermEntryCommitsWhatCanBeOverwritten() {
    RaftRules unsafe = new RaftRules(LIMITS, EnumSet.of(UnsafeRule.COMMIT_OLD_TERM_BY_COUNTING));
    MemberState s1 = figure37c();
    s1 = ack(unsafe, s1, "s2", 2);
    s1 = ack(unsafe, s1, "s3", 2);
    assertEquals(2, s1.commitIndex(), "the broken rule counts the term-2 entry as committed");

    // (d1): yet S2, which holds that entry, grants its vote to S5 in term 5 (S5's last term 3 is later than 2),
    // and so would S3 and S4: S5 could win and overwrite the "committed" entry.
    MemberState s2 = Members.follower("s2", five, 4, terms(1, 2));
    assertEquals(new VoteReply(5, "s2", true),
        rules.onMessage(s2, new RequestVote(5, "s5", 2, 3)).sendAfterDurable().get(0).message());
  }

  @Test
  @DisplayName("§10.2.1: the leader counts itself toward a majority only for entries its own journal has confirmed")
  void leaderDoesNotCountItselfBeforeDurable() {
    Membership abc = Members.group("a", "b", "c");
    MemberState a = Members.leader("a", abc, 2, terms(1, 2)).withCommitIndex(1)
        .withDurable(new Durable(2, "a", 1)); // the term-2 entry is still being written
    a = ack(rules, a, "b", 2);
    assertEquals(1, a.commitIndex(), "b alone is no majority of three while a's own write is under way");

    Step written = rules.onDurable(a, new Durable(2, "a", 2));
    assertEquals(2, written.state().commitIndex(), "a and b are a majority");
  }

  @Test
  @DisplayName("§10.2.1: a single-member leader commits a proposal once its own write is durable, not before")
  void singleMemberLeaderCommitsOnlyWhenDurable() {
    MemberState a = Members.leader("a", Members.group("a"), 1, terms(1)).withCommitIndex(1);
    Step proposed = rules.propose(a, List.of(Logs.payload("x")));
    assertEquals(2, proposed.state().log().lastIndex());
    assertEquals(1, proposed.state().commitIndex());
    assertEquals(2, rules.onDurable(proposed.state(), new Durable(1, "a", 2)).state().commitIndex());
  }

  @Test
  @DisplayName("§3.6.2: a new leader commits its predecessors' entries by committing its no-op")
  void newLeaderCommitsEarlierEntriesThroughItsNoOp() {
    Membership abc = Members.group("a", "b", "c");
    // a and b hold [1 1] from term 1, uncommitted; a becomes leader of term 2.
    MemberState a = rules.onElectionTimeout(Members.follower("a", abc, 1, terms(1, 1))).state();
    a = rules.onDurable(a, new Durable(2, "a", 2)).state();
    a = rules.onMessage(a, new VoteReply(2, "b", true)).state();
    assertTrue(a.isLeader());
    a = ack(rules, a, "b", 2);
    assertEquals(0, a.commitIndex(), "b has the term-1 entries, but counting them proves nothing");
    a = rules.onDurable(a, new Durable(2, "a", 3)).state();
    a = ack(rules, a, "b", 3);
    assertEquals(3, a.commitIndex(), "the no-op at 3 is on a and b; 1..2 commit with it");
    assertEquals(LogEntry.Kind.NO_OP, a.log().entry(3).kind());
  }
}
