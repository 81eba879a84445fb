package io.akkaraft.core;

import io.akkaraft.core.PeerProtocol.PeerMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Members driven against each other by passing the messages of their {@link Step}s back and forth, in FIFO
 * order, with no actors: every journal write is confirmed at once ({@link RaftRules#onDurable}), so replies
 * deferred until durable go out right after the step that made them. Messages to members not held here are
 * lost.
 */
final class Exchange {
  private static final int MAX_DELIVERIES = 10_000;

  private final RaftRules rules;
  private final Map<String, MemberState> members = new TreeMap<>();
  private final Deque<Envelope> wire = new ArrayDeque<>();
  private final List<Envelope> delivered = new ArrayList<>();

  Exchange(RaftRules rules, MemberState... states) {
    this.rules = rules;
    for (MemberState s : states) members.put(s.selfId(), s);
  }

  MemberState get(String id) {
    return members.get(id);
  }

  /** Feeds one input to member {@code id} and queues what it sends. */
  void apply(String id, Function<MemberState, Step> input) {
    Step step = input.apply(members.get(id));
    MemberState state = step.state();
    List<Envelope> out = new ArrayList<>(step.sendNow());
    if (!step.events().isEmpty()) {
      Step durable = rules.onDurable(state, new Durable(state.currentTerm(), state.votedFor(), state.log().lastIndex()));
      state = durable.state();
      out.addAll(step.sendAfterDurable());
      out.addAll(durable.sendNow());
      out.addAll(durable.sendAfterDurable());
    } else {
      out.addAll(step.sendAfterDurable()); // nothing to write: already durable
    }
    members.put(id, state);
    wire.addAll(out);
  }

  /** Adds a member, or replaces its state (for a test's setup). */
  void put(MemberState state) {
    members.put(state.selfId(), state);
  }

  /** Delivers until no message is left; returns how many were delivered. */
  int deliverAll() {
    int count = 0;
    while (!wire.isEmpty()) {
      if (++count > MAX_DELIVERIES) throw new AssertionError("no quiescence after " + MAX_DELIVERIES + " messages");
      Envelope envelope = wire.poll();
      if (!members.containsKey(envelope.to())) continue;
      delivered.add(envelope);
      apply(envelope.to(), s -> rules.onMessage(s, envelope.message()));
    }
    return count;
  }

  /** Messages of {@code type} delivered to {@code to} so far. */
  <M extends PeerMessage> List<M> deliveredTo(String to, Class<M> type) {
    List<M> found = new ArrayList<>();
    for (Envelope e : delivered) {
      if (e.to().equals(to) && type.isInstance(e.message())) found.add(type.cast(e.message()));
    }
    return found;
  }
}
