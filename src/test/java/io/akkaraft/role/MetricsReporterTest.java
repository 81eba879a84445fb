package io.akkaraft.role;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.akkaraft.RaftMetrics;
import io.akkaraft.core.Durable;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.MemberState;
import io.akkaraft.core.Membership;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.PeerProtocol.VoteReply;
import io.akkaraft.core.Progress;
import io.akkaraft.core.RaftLog;
import io.akkaraft.core.RoleState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The member reports what changed, once, and follower lags as the leader's last index minus matchIndex. */
class MetricsReporterTest {
  private final Membership abc = Membership.of(List.of("a", "b", "c"));
  private final List<String> calls = new ArrayList<>();
  private final RaftMetrics recording = new RaftMetrics() {
    @Override public void onRole(String role) { calls.add("role " + role); }
    @Override public void onBecameLeader() { calls.add("became leader"); }
    @Override public void onLeaderChanged(String leaderId) { calls.add("leader " + leaderId); }
    @Override public void onTerm(long term) { calls.add("term " + term); }
    @Override public void onCommitIndex(long index) { calls.add("commit " + index); }
    @Override public void onLastApplied(long index) { calls.add("applied " + index); }
    @Override public void onLastLogIndex(long index) { calls.add("last " + index); }
    @Override public void onFollowerLag(String follower, long lag) { calls.add("lag " + follower + "=" + lag); }
    @Override public void onAppendEntriesSent(int entries) { calls.add("sent " + entries); }
  };

  private static RaftLog log(long term, int length) {
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 1; i <= length; i++) entries.add(LogEntry.noOp(term, i));
    return RaftLog.of(entries);
  }

  private MemberState state(long term, RaftLog log, long commit, String leader, RoleState role) {
    return new MemberState("a", abc, term, "a", log, commit, leader, role, new Durable(term, "a", log.lastIndex()));
  }

  private List<String> drain() {
    List<String> seen = List.copyOf(calls);
    calls.clear();
    return seen;
  }

  @Test
  @DisplayName("The recovered state is reported at once; an unchanged state reports nothing")
  void reportsChangesOnly() {
    MemberState recovered = state(3, log(3, 4), 0, null, new RoleState.Follower());
    MetricsReporter reporter = new MetricsReporter(recording, recovered);
    assertEquals(List.of("role follower", "term 3", "commit 0", "applied 0", "last 4"), drain());
    reporter.onStep(recovered, 0);
    assertEquals(List.of(), drain());
    reporter.onStep(state(3, log(3, 4), 2, "b", new RoleState.Follower()), 2);
    assertEquals(List.of("leader b", "commit 2", "applied 2"), drain());
    reporter.onStep(state(3, log(3, 4), 2, "b", new RoleState.Follower()), 2);
    assertEquals(List.of(), drain(), "the same leader again is no change");
  }

  @Test
  @DisplayName("Becoming leader: role, election, leader change, then lags only when progress or the log changed")
  void leaderReportsLags() {
    MetricsReporter reporter = new MetricsReporter(recording, state(4, log(3, 4), 4, null, new RoleState.Candidate(Set.of())));
    drain();
    Map<String, Progress> progress = Map.of("b", new Progress(5, 4, 0, false), "c", Progress.initial(4));
    MemberState leading = state(4, log(4, 5), 4, "a", new RoleState.Leader(progress));
    reporter.onStep(leading, 4);
    List<String> seen = drain();
    assertEquals(List.of("role leader", "became leader", "leader a", "applied 4", "last 5"), seen.subList(0, 5));
    assertEquals(Set.of("lag b=1", "lag c=5"), Set.copyOf(seen.subList(5, seen.size())));

    reporter.onStep(state(4, log(4, 5), 5, "a", new RoleState.Leader(progress)), 5);
    assertEquals(List.of("commit 5", "applied 5"), drain(), "same progress, same log: no lags");

    Map<String, Progress> caughtUp = Map.of("b", new Progress(6, 5, 0, false), "c", Progress.initial(4));
    reporter.onStep(state(4, log(4, 5), 5, "a", new RoleState.Leader(caughtUp)), 5);
    assertEquals(Set.of("lag b=0", "lag c=5"), Set.copyOf(drain()));

    reporter.onStep(state(5, log(4, 5), 5, "b", new RoleState.Follower()), 5);
    assertEquals(List.of("role follower", "leader b", "term 5"), drain());
  }

  @Test
  @DisplayName("Only AppendEntries with entries count as sent batches")
  void appendEntriesSent() {
    MetricsReporter reporter = new MetricsReporter(recording, state(1, log(1, 0), 0, null, new RoleState.Follower()));
    drain();
    reporter.onSend(new AppendEntries(1, "a", 0, 0, List.of(LogEntry.noOp(1, 1), LogEntry.noOp(1, 2)), 0));
    reporter.onSend(new AppendEntries(1, "a", 2, 1, List.of(), 0));
    reporter.onSend(new VoteReply(1, "a", true));
    assertEquals(List.of("sent 2"), drain());
  }

  @Test
  @DisplayName("With RaftMetrics.NONE nothing is computed or called")
  void noneIsSilent() {
    MetricsReporter reporter = new MetricsReporter(RaftMetrics.NONE, state(1, log(1, 2), 0, null, new RoleState.Follower()));
    reporter.onStep(state(2, log(1, 2), 1, "b", new RoleState.Follower()), 1);
    reporter.onSend(new AppendEntries(1, "a", 0, 0, List.of(LogEntry.noOp(1, 1)), 0));
    assertEquals(List.of(), drain());
  }
}
