package io.akkaraft.core;

import io.akkaraft.core.PeerProtocol.PeerMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates one rule's decision. Every change to term, vote or log goes through here, so the in-memory
 * state and the journal events describing it can never disagree.
 */
final class StepBuilder {
  private MemberState state;
  private final List<JournalEvent> events = new ArrayList<>();
  private final List<Envelope> sendNow = new ArrayList<>();
  private final List<Envelope> sendAfterDurable = new ArrayList<>();
  private boolean resetElectionTimer;
  private int facts;
  private long readRoundStarted;

  StepBuilder(MemberState state) {
    this.state = state;
  }

  MemberState state() {
    return state;
  }

  /** Moves to a later term: the vote of the old term does not carry over (Figure 3.1). */
  void term(long term) {
    assert term > state.currentTerm() : "terms only increase";
    state = state.withTerm(term);
    recordTermAndVote();
  }

  void vote(String candidate) {
    assert state.votedFor() == null || state.votedFor().equals(candidate) : "one vote per term";
    state = state.withVote(candidate);
    recordTermAndVote();
  }

  private void recordTermAndVote() {
    if (!events.isEmpty() && events.get(events.size() - 1) instanceof JournalEvent.TermAndVoteChanged) {
      events.remove(events.size() - 1);
    }
    events.add(new JournalEvent.TermAndVoteChanged(state.currentTerm(), state.votedFor()));
  }

  void append(List<LogEntry> entries) {
    if (entries.isEmpty()) return;
    state = state.withLog(state.log().append(entries), state.durable());
    events.add(new JournalEvent.EntriesAppended(entries));
  }

  /** Drops the entries from {@code fromIndex} on; whatever the disk holds there no longer counts as ours. */
  void truncateFrom(long fromIndex) {
    state = state.withLog(
        state.log().truncateFrom(fromIndex), state.durable().withLastIndexAtMost(fromIndex - 1));
    events.add(new JournalEvent.LogTruncated(fromIndex));
  }

  void commitIndex(long index) {
    assert index >= state.commitIndex() : "commitIndex never decreases";
    state = state.withCommitIndex(index);
  }

  void leader(String leaderId) {
    state = state.withLeader(leaderId);
  }

  void role(RoleState role) {
    state = state.withRole(role);
  }

  void durable(Durable durable) {
    state = state.withDurable(durable);
  }

  void send(String to, PeerMessage message) {
    sendNow.add(new Envelope(to, message));
  }

  void sendAfterDurable(String to, PeerMessage message) {
    sendAfterDurable.add(new Envelope(to, message));
  }

  void resetElectionTimer() {
    resetElectionTimer = true;
  }

  void note(Step.Fact fact) {
    facts |= fact.bit();
  }

  void readRoundStarted(long round) {
    readRoundStarted = round;
  }

  Step build() {
    return new Step(state, List.copyOf(events), List.copyOf(sendNow), List.copyOf(sendAfterDurable), resetElectionTimer,
        facts, readRoundStarted);
  }
}
