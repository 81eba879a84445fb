package io.akkaraft.role;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.ReceiveBuilder;
import io.akkaraft.ClientProtocol.GetReadIndex;
import io.akkaraft.ClientProtocol.NotLeader;
import io.akkaraft.ClientProtocol.ReadReply;
import io.akkaraft.ClientProtocol.ReadUnavailable;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.MemberState;
import io.akkaraft.util.Asks;

/**
 * What followers, pre-candidates and candidates share: an election timeout that makes them stand, clients
 * pointed at the leader they know of, and linearizable reads through the leader's read index (§6.4).
 */
abstract class NonLeader extends RoleBehavior {
  NonLeader(Member member) {
    super(member);
  }

  ReceiveBuilder<RaftCommand> nonLeaderHandlers() {
    return sharedHandlers()
        .onMessage(Submit.class, this::redirect)
        .onMessageEquals(Internal.ElectionTimeout.INSTANCE, this::onElectionTimer)
        .onMessageEquals(Internal.ElectionTimeout.NOW, this::onElectionTimeoutNow)
        .onMessageEquals(Internal.HeartbeatTick.INSTANCE, Behaviors::same)
        .onMessageEquals(Internal.FlushProposals.INSTANCE, Behaviors::same); // scheduled by an ended leadership
  }

  @Override
  boolean leaderHeardRecently(long now) {
    return now - member.leaderContactAt < member.settings.electionTimeoutMin().toNanos();
  }

  @Override
  String whyLeaderHeard(long now) {
    return "heard from leader " + member.state().leaderId() + " " + (now - member.leaderContactAt) / 1_000_000
        + " ms ago";
  }

  /** Clients are pointed at the leader this member knows of. */
  private Behavior<RaftCommand> redirect(Submit submit) {
    submit.replyTo().tell(new NotLeader(member.state().leaderId(), leaderRef()));
    return Behaviors.same();
  }

  private ActorRef<RaftCommand> leaderRef() {
    String leader = member.state().leaderId();
    return leader == null ? null : member.transport.refOf(leader).orElse(null);
  }

  // ---- the election timeout (§3.4) ----

  private Behavior<RaftCommand> onElectionTimer() {
    return member.electionTimer.fired() ? onElectionTimeout() : Behaviors.same();
  }

  /** The timeout elapses now, whatever the deadline: the timer is stopped and armed afresh on the next reset. */
  private Behavior<RaftCommand> onElectionTimeoutNow() {
    member.electionTimer.stop();
    return onElectionTimeout();
  }

  private Behavior<RaftCommand> onElectionTimeout() {
    MemberState state = member.state();
    long known = state.membership().peersOf(state.selfId()).stream().filter(member.transport::knows).count();
    if (known + 1 < state.membership().quorum()) {
      // Nobody to win votes from yet: a new term would only disrupt peers once they appear.
      getContext().getLog().debug("{} knows {} peers, too few to win an election; waiting", member.settings.memberId(), known);
      member.electionTimer.start();
      return Behaviors.same();
    }
    // One line per election: when elections repeat, the terms and who answered tell why.
    getContext().getLog().info("{} {} term {} (last log {}/{}; heard last from a leader {} ms ago)",
        member.settings.memberId(), member.settings.preVote() ? "asks for pre-votes for" : "stands for election in",
        state.currentTerm() + 1, state.log().lastIndex(), state.log().lastTerm(),
        (member.clock.getAsLong() - member.leaderContactAt) / 1_000_000);
    return carryOut(member.rules.onElectionTimeout(state));
  }

  // ---- reads (§6.4) ----

  /** §6.4: a follower asks the leader for a read index, then waits for its own state machine to reach it. */
  @Override
  void onLinearizableRead(PendingReads.Read read) {
    ActorRef<RaftCommand> ref = leaderRef();
    if (ref == null) {
      read.replyTo().tell(new ReadUnavailable("no leader known", member.state().leaderId()));
      return;
    }
    Asks.ask(getContext(), ReadReply.class, ref, member.settings.electionTimeoutMax().multipliedBy(2),
        GetReadIndex::new, (reply, failure) -> new Internal.ReadIndexAnswer(read, reply, failure));
  }

  @Override
  Behavior<RaftCommand> onGetReadIndex(GetReadIndex request) {
    request.replyTo().tell(new ReadUnavailable("not the leader", member.state().leaderId()));
    return Behaviors.same();
  }
}
