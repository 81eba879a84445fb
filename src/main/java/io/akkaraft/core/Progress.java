package io.akkaraft.core;

/**
 * The leader's view of one follower (Figure 3.1 nextIndex/matchIndex), plus the pipeline.
 *
 * <p>While {@code probing}, the leader does not know where the logs match and sends one AppendEntries at a
 * time; once one succeeds it pipelines: up to the configured number of AppendEntries in flight, advancing
 * {@code nextIndex} optimistically.
 *
 * @param inflight AppendEntries with entries sent and not yet answered
 * @param ackedRound the highest read round this follower has answered in the leader's term (§6.4)
 */
public record Progress(long nextIndex, long matchIndex, int inflight, boolean probing, long ackedRound) {

  public Progress(long nextIndex, long matchIndex, int inflight, boolean probing) {
    this(nextIndex, matchIndex, inflight, probing, 0);
  }

  public static Progress initial(long leaderLastIndex) {
    return new Progress(leaderLastIndex + 1, 0, 0, true);
  }

  Progress sent(long newNextIndex) {
    return new Progress(newNextIndex, matchIndex, inflight + 1, probing, ackedRound);
  }

  Progress accepted(long match, boolean usedSlot) {
    long newMatch = Math.max(matchIndex, match);
    long newNext = Math.max(nextIndex, newMatch + 1);
    // Once the follower holds everything sent, no slot is really taken: without this, replies lost on the
    // way would hold their slots forever, and a full pipeline would never send again (like etcd's FreeLE).
    boolean allAcknowledged = newMatch >= newNext - 1;
    int stillInflight = probing || allAcknowledged ? 0 : usedSlot ? Math.max(0, inflight - 1) : inflight;
    return new Progress(newNext, newMatch, stillInflight, false, ackedRound);
  }

  Progress probeFrom(long next) {
    return new Progress(Math.max(next, matchIndex + 1), matchIndex, 0, true, ackedRound);
  }

  Progress inflight(int count) {
    return new Progress(nextIndex, matchIndex, count, probing, ackedRound);
  }

  Progress ackedRound(long round) {
    return round <= ackedRound ? this : new Progress(nextIndex, matchIndex, inflight, probing, round);
  }
}
