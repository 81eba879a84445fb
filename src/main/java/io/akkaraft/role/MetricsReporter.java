package io.akkaraft.role;

import io.akkaraft.RaftMetrics;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.PeerMessage;
import io.akkaraft.core.Progress;
import io.akkaraft.core.RoleState;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Tells a member's {@link RaftMetrics} what changed since the last step it saw: a few comparisons per step,
 * nothing at all with {@link RaftMetrics#NONE}, and follower lags only when the leader's progress changed.
 */
final class MetricsReporter {
  private final RaftMetrics metrics;
  private final boolean off;
  private Class<? extends RoleState> role;
  private String leader;
  private long term = -1;
  private long commitIndex = -1;
  private long lastApplied = -1;
  private long lastLogIndex = -1;
  private Map<String, Progress> reportedProgress; // the leader's progress map the lags were computed from
  private final BiConsumer<String, Progress> reportLag; // one instance, not a new lambda per step

  /** Reports the state the member recovered at once, so that a scrape never shows term 0 after a restart. */
  MetricsReporter(RaftMetrics metrics, MemberState recovered) {
    this.metrics = metrics;
    this.off = metrics == RaftMetrics.NONE;
    this.reportLag = (follower, progress) -> metrics.onFollowerLag(follower, lastLogIndex - progress.matchIndex());
    onStep(recovered, 0);
  }

  void onStep(MemberState state, long applied) {
    if (off) return;
    RoleState now = state.role();
    if (now.getClass() != role) {
      role = now.getClass();
      reportedProgress = null;
      metrics.onRole(now.name());
      if (now instanceof RoleState.Leader) metrics.onBecameLeader();
    }
    String knownLeader = state.leaderId();
    if (knownLeader != null && !knownLeader.equals(leader)) {
      leader = knownLeader;
      metrics.onLeaderChanged(knownLeader);
    }
    if (state.currentTerm() != term) metrics.onTerm(term = state.currentTerm());
    if (state.commitIndex() != commitIndex) metrics.onCommitIndex(commitIndex = state.commitIndex());
    if (applied != lastApplied) metrics.onLastApplied(lastApplied = applied);
    long last = state.log().lastIndex();
    boolean logGrew = last != lastLogIndex;
    if (logGrew) metrics.onLastLogIndex(lastLogIndex = last);
    if (now instanceof RoleState.Leader leading && (logGrew || leading.progress() != reportedProgress)) {
      reportedProgress = leading.progress();
      reportedProgress.forEach(reportLag);
    }
  }

  void onSend(PeerMessage message) {
    if (!off && message instanceof AppendEntries append && !append.entries().isEmpty()) {
      metrics.onAppendEntriesSent(append.entries().size());
    }
  }
}
