package io.akkaraft.sim;

import akka.actor.typed.ActorRef;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.ClientProtocol.Consistency;
import io.akkaraft.ClientProtocol.NotLeader;
import io.akkaraft.ClientProtocol.Read;
import io.akkaraft.ClientProtocol.ReadReply;
import io.akkaraft.ClientProtocol.ReadResult;
import io.akkaraft.ClientProtocol.Rejected;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.ClientProtocol.SubmitReply;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The clients' end of the simulation: commands and reads on their way to members, and the replies, each
 * checked as it arrives. A reply can only come from the incarnation that received the request.
 */
final class Clients {
  private final Simulation sim;
  private final List<Submission> outstanding = new ArrayList<>();
  private final List<Submission> acknowledged = new ArrayList<>();
  private final List<ReadRequest> reads = new ArrayList<>();
  private long highestAcknowledged;

  Clients(Simulation sim) {
    this.sim = sim;
  }

  Submission submit(String client, String memberId, String command, long latency) {
    return submit(client, memberId, command, latency, null);
  }

  /** As a client that numbers its commands would send one (again): under {@code retryKey}. */
  Submission submit(String client, String memberId, String command, long latency, String retryKey) {
    Submission s = new Submission(client, command, memberId, sim.clock.now(), retryKey);
    sim.stats.submitted++;
    note(client + "->" + memberId + " Submit '" + command + "'");
    sim.clock.after(latency, () -> deliver(s));
    return s;
  }

  private void deliver(Submission s) {
    SimMember m = sim.member(s.memberId);
    if (m == null) {
      note(s.client + "->" + s.memberId + " Submit '" + s.command + "' lost: member down");
      return;
    }
    s.target = m;
    outstanding.add(s);
    ActorRef<SubmitReply> replyTo = s.inbox.getRef();
    sim.run(m, new Submit(s.command, replyTo, s.retryKey));
  }

  /** A linearizable read must see every write acknowledged before it is sent (§6.4). */
  ReadRequest read(String client, String memberId, long latency) {
    ReadRequest r = new ReadRequest(client, memberId, highestAcknowledged);
    note(client + "->" + memberId + " Read (must see index " + r.mustSee + ")");
    sim.clock.after(latency, () -> {
      SimMember m = sim.member(memberId);
      if (m == null) return;
      r.target = m;
      reads.add(r);
      ActorRef<ReadReply> replyTo = r.inbox.getRef();
      sim.run(m, new Read("last-applied", Consistency.LINEARIZABLE, replyTo));
    });
    return r;
  }

  /** After every step of {@code m}: collects what it answered. */
  void poll(SimMember m) {
    pollSubmissions(m);
    pollReads(m);
  }

  /** {@code m} crashed: whatever it was asked will never be answered. */
  void forget(SimMember m) {
    outstanding.removeIf(s -> s.target == m);
    reads.removeIf(r -> r.target == m);
  }

  private void pollSubmissions(SimMember m) {
    for (int i = 0; i < outstanding.size(); i++) {
      Submission s = outstanding.get(i);
      if (s.target != m || !s.inbox.hasMessages()) continue;
      s.reply = s.inbox.receiveMessage();
      outstanding.remove(i--);
      note(m.id + "->" + s.client + " " + s.reply + " for '" + s.command + "'");
      if (s.reply instanceof Committed committed) {
        sim.stats.acknowledged++;
        acknowledged.add(s);
        highestAcknowledged = Math.max(highestAcknowledged, committed.index());
        sim.checker.onAcknowledged(s.client, s.command, committed.index(), committed.result());
      } else if (s.reply instanceof Rejected || s.reply instanceof NotLeader) {
        sim.checker.onRefused(s.client, s.command, s.reply.toString());
      }
      sim.workload.onReply(s);
    }
  }

  private void pollReads(SimMember m) {
    for (int i = 0; i < reads.size(); i++) {
      ReadRequest r = reads.get(i);
      if (r.target != m || !r.inbox.hasMessages()) continue;
      r.reply = r.inbox.receiveMessage();
      reads.remove(i--);
      note(m.id + "->" + r.client + " " + r.reply);
      if (r.reply instanceof ReadResult result) {
        sim.stats.reads++;
        sim.checker.onReadResult(r.client, m.id, r.mustSee, result.index(), result.result());
      }
    }
  }

  /** The first acknowledged command not applied at its index on one of {@code members}, or null if none. */
  String firstUnapplied(Collection<String> members) {
    for (Submission s : acknowledged) {
      for (String id : members) {
        SimStateMachine sm = sim.stateMachine(id);
        if (sm == null || !s.command.equals(sm.at(s.index()))) {
          return "'" + s.command + "' (acknowledged at index " + s.index() + ") is not applied on " + id
              + (sm == null ? " (down)" : " (applied up to " + sm.lastApplied() + ")");
        }
      }
    }
    return null;
  }

  private void note(String line) {
    if (sim.trace.on()) sim.trace.add(sim.clock.now(), line);
  }
}
