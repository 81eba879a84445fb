package io.akkaraft.role;

import akka.actor.typed.ActorRef;
import io.akkaraft.ClientProtocol.ReadReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Linearizable reads in their three stages (§6.4): waiting for a confirmation round to start, in the round
 * under way (one round serves every read that arrived before it began), and confirmed but waiting for the
 * state machine to reach their read index.
 */
final class PendingReads {

  /** A read; {@code query == null} marks a follower's request for a read index. */
  record Read(Object query, ActorRef<ReadReply> replyTo) {
    boolean wantsIndexOnly() {
      return query == null;
    }
  }

  private List<Read> waitingForRound = new ArrayList<>();
  private List<Read> inRound = new ArrayList<>();
  private long round;
  private long roundReadIndex;
  private final TreeMap<Long, List<Read>> waitingForApply = new TreeMap<>();

  void add(Read read) {
    waitingForRound.add(read);
  }

  /** Nothing waits for a round: the leader need not look at confirmations at all. */
  boolean noneWaitingForRound() {
    return round == 0 && waitingForRound.isEmpty();
  }

  boolean roundUnderWay() {
    return round != 0;
  }

  boolean hasReadsForNewRound() {
    return !waitingForRound.isEmpty();
  }

  /** The reads waiting so far go into round {@code number}; their read index is {@code commitIndex}. */
  void beginRound(long number, long commitIndex) {
    inRound = waitingForRound;
    waitingForRound = new ArrayList<>();
    round = number;
    roundReadIndex = commitIndex;
  }

  /** The reads of a confirmed round that only wanted the read index. */
  record IndexGrants(long readIndex, List<Read> reads) {}

  /**
   * If a majority confirmed the round under way, its queries move on to wait for their read index to be
   * applied; requests for the index alone are returned, to be answered at once.
   */
  IndexGrants onConfirmed(long confirmedRound) {
    if (round == 0 || confirmedRound < round) return new IndexGrants(0, List.of());
    List<Read> indexOnly = new ArrayList<>();
    for (Read read : inRound) {
      if (read.wantsIndexOnly()) indexOnly.add(read);
      else awaitApply(roundReadIndex, read);
    }
    inRound = new ArrayList<>();
    round = 0;
    return new IndexGrants(roundReadIndex, indexOnly);
  }

  /** {@code read} may be answered once the state machine has applied {@code readIndex}. */
  void awaitApply(long readIndex, Read read) {
    waitingForApply.computeIfAbsent(readIndex, i -> new ArrayList<>()).add(read);
  }

  /** Reads whose read index is applied, with that index; removed from here. */
  List<Map.Entry<Long, Read>> ready(long lastApplied) {
    List<Map.Entry<Long, Read>> ready = new ArrayList<>();
    while (!waitingForApply.isEmpty() && waitingForApply.firstKey() <= lastApplied) {
      var byIndex = waitingForApply.pollFirstEntry();
      for (Read read : byIndex.getValue()) ready.add(Map.entry(byIndex.getKey(), read));
    }
    return ready;
  }

  /** Every read not yet answered; they are forgotten here. */
  List<Read> drain() {
    List<Read> all = new ArrayList<>(waitingForRound);
    all.addAll(inRound);
    waitingForApply.values().forEach(all::addAll);
    waitingForRound = new ArrayList<>();
    inRound = new ArrayList<>();
    waitingForApply.clear();
    round = 0;
    return all;
  }
}
