package io.akkaraft.role;

import akka.actor.typed.ActorRef;
import io.akkaraft.ClientProtocol.SubmitReply;
import io.akkaraft.RaftSettings;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.Payload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What only a leader keeps, besides the rules' {@code RoleState.Leader} (as MicroRaft's {@code LeaderState}):
 * made when a leadership starts and dropped when it ends, so nothing of one leadership reaches the next.
 */
final class LeaderState {
  /**
   * A client command accepted for the next batch, with its retry key (or null) and the retries of it that
   * arrived before the batch was proposed.
   */
  static final class Proposal {
    final Payload payload;
    final ActorRef<SubmitReply> replyTo;
    final String retryKey;
    List<ActorRef<SubmitReply>> joined = List.of();

    Proposal(Payload payload, ActorRef<SubmitReply> replyTo, String retryKey) {
      this.payload = payload;
      this.replyTo = replyTo;
      this.retryKey = retryKey;
    }

    void join(ActorRef<SubmitReply> retry) {
      if (joined.isEmpty()) joined = new ArrayList<>(1);
      joined.add(retry);
    }
  }

  /** Who answered this leadership lately: for check quorum and for §4.2.3 without a lease. */
  final QuorumContact quorum;
  /** Followers that stopped catching up. */
  final StalledFollowers stalled;
  /** The read lease, or null with {@code lease-reads} off. */
  final LeaderLease lease;
  /** Back-pressure: command bytes queued or appended but not committed. */
  final UncommittedBytes uncommitted;
  /** Clients waiting for their entry to be applied. */
  final ClientReplies clients = new ClientReplies();
  /** {@code clients::onApplied}, made once per leadership rather than once per step. */
  final Applier.Listener answerClients = clients::onApplied;
  /** Commands accepted since the last flush: proposed together, as one append and one AppendEntries. */
  final List<Proposal> proposals = new ArrayList<>();
  /** The proposals above that have a retry key, by key. */
  final Map<String, Proposal> proposalsByRetryKey = new HashMap<>();
  boolean flushScheduled;

  LeaderState(RaftSettings settings, MemberState state, long now) {
    uncommitted = new UncommittedBytes(settings.maxUncommittedBytes());
    uncommitted.startLeading(state);
    // Ten election timeouts: long enough for a large catch-up batch, short enough to matter to an operator.
    stalled = new StalledFollowers(settings.electionTimeoutMax().toNanos() * 10);
    lease = settings.leaseReads() ? new LeaderLease(settings.leaseDuration().toNanos()) : null;
    quorum = new QuorumContact(state.membership().peersOf(state.selfId()), state.membership().quorum(), now);
  }
}
