package io.akkaraft.serialization;

import akka.actor.ActorSystem;
import akka.actor.typed.ActorRef;
import io.akkaraft.CborSerializable;
import io.akkaraft.ClientProtocol;
import io.akkaraft.ClientProtocol.Consistency;
import io.akkaraft.RaftCommand;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.Membership;
import io.akkaraft.core.Payload;
import io.akkaraft.core.PeerProtocol;
import io.akkaraft.kv.KvProtocol;
import io.akkaraft.core.JournalEvent;
import io.akkaraft.persistence.JournalProtocol;
import io.akkaraft.session.SessionProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One or more instances of every serializable message, event and value of akka-raft. Every field holds a
 * value other than its default, so that a field Jackson silently drops (unknown properties are ignored on
 * reading) makes the round trip unequal; nullable fields get a second sample with null.
 */
final class Samples {
  private Samples() {}

  /** An application command that is itself CBOR-serialized, as applications are invited to do. */
  public record Increment(String counter, int by) implements CborSerializable {}

  /** The actor refs samples carry; any live refs of the test's actor system. */
  record Refs(
      ActorRef<ClientProtocol.SubmitReply> submitReplies,
      ActorRef<ClientProtocol.Status> status,
      ActorRef<ClientProtocol.ReadReply> readReplies,
      ActorRef<RaftCommand> member) {}

  static List<Object> all(ActorSystem system, Refs refs) {
    List<Object> samples = new ArrayList<>();
    samples.addAll(core(system));
    samples.addAll(peer(system));
    samples.addAll(journal(system));
    samples.addAll(client(refs));
    samples.addAll(kv());
    samples.addAll(session());
    return samples;
  }

  private static List<LogEntry> entries(ActorSystem system) {
    return List.of(
        LogEntry.noOp(3, 6),
        LogEntry.command(3, 7, Payloads.encode(system, "set x = 1")),
        LogEntry.command(3, 8, Payloads.encode(system, new Increment("hits", 2))));
  }

  static List<Object> core(ActorSystem system) {
    return List.of(
        Payloads.encode(system, "a command"),
        Payloads.encode(system, new Increment("hits", 5)),
        new Payload(4, "some-manifest", new byte[] {1, 2, 3}),
        LogEntry.noOp(2, 3),
        LogEntry.command(2, 4, Payloads.encode(system, 42)),
        Membership.of(List.of("a", "b", "c")));
  }

  static List<Object> peer(ActorSystem system) {
    return List.of(
        new PeerProtocol.RequestVote(3, "a", 7, 2),
        new PeerProtocol.VoteReply(3, "b", true),
        new PeerProtocol.PreVote(4, "a", 7, 2),
        new PeerProtocol.PreVoteReply(4, "b", true),
        new PeerProtocol.PreVoteReply(5, "c", false),
        new PeerProtocol.AppendEntries(3, "a", 5, 2, entries(system), 4, 9),
        new PeerProtocol.AppendEntries(3, "a", 5, 2, List.of(), 4, 9),
        PeerProtocol.AppendReply.accepted(3, "b", 8, 3, 9),
        PeerProtocol.AppendReply.rejected(3, "b", 5, 2, 4, 3, 9));
  }

  static List<Object> journal(ActorSystem system) {
    List<JournalEvent> events = List.of(
        new JournalEvent.TermAndVoteChanged(3, "a"),
        new JournalEvent.LogTruncated(6),
        new JournalEvent.EntriesAppended(entries(system)));
    List<Object> samples = new ArrayList<>(events);
    samples.add(new JournalEvent.TermAndVoteChanged(4, null));
    return samples;
  }

  /** What a member says only to itself or its journal child: none of it may be readable off the network. */
  static List<Object> localOnly(ActorSystem system) {
    List<Object> samples = new ArrayList<>(List.of(
        new JournalProtocol.Write(2, List.of(new JournalEvent.LogTruncated(6))),
        new JournalProtocol.Written(2),
        new JournalProtocol.Recovered(3, "a", entries(system))));
    for (String name : List.of("ElectionTimeout", "HeartbeatTick", "FlushProposals")) {
      try {
        samples.addAll(List.of(Class.forName("io.akkaraft.role.Internal$" + name).getEnumConstants()));
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
    }
    return samples;
  }

  static List<Object> client(Refs refs) {
    return List.of(
        new ClientProtocol.Submit("set x = 1", refs.submitReplies()),
        new ClientProtocol.Submit(new Increment("hits", 3), refs.submitReplies()),
        new ClientProtocol.Submit("set y = 2", refs.submitReplies(), "41/7"),
        new ClientProtocol.GetStatus(refs.status()),
        new ClientProtocol.Read("count", Consistency.LINEARIZABLE, refs.readReplies()),
        new ClientProtocol.Read(new Increment("q", 1), Consistency.LOCAL, refs.readReplies()),
        new ClientProtocol.GetReadIndex(refs.readReplies()),
        new ClientProtocol.ReadResult(7, 42),
        new ClientProtocol.ReadResult(7, null),
        new ClientProtocol.ReadIndexGranted(7),
        new ClientProtocol.ReadUnavailable("leadership lost", "b"),
        new ClientProtocol.ReadUnavailable("no leader known", null),
        new ClientProtocol.ReadRejected("unknown query"),
        new ClientProtocol.Committed(7, 3),
        new ClientProtocol.Committed(7, new Increment("hits", 4)),
        new ClientProtocol.Committed(7, null),
        new ClientProtocol.NotLeader("b", refs.member()),
        new ClientProtocol.NotLeader("b", null),
        new ClientProtocol.NotLeader(null, null),
        new ClientProtocol.Overloaded("64 MiB not committed yet"),
        new ClientProtocol.Rejected("command too large"),
        new ClientProtocol.OutcomeUnknown(7, "stopped leading"),
        new ClientProtocol.Status("a", "leader", 3, "a", 7, 6, 8, List.of("a", "b", "c")),
        new ClientProtocol.Status("b", "candidate", 4, null, 7, 6, 8, List.of("a", "b", "c")));
  }

  static List<Object> kv() {
    byte[] value = "v".getBytes(StandardCharsets.UTF_8);
    return List.of(
        new KvProtocol.Put("k", value),
        new KvProtocol.Delete("k"),
        new KvProtocol.CompareAndSet("k", "old".getBytes(StandardCharsets.UTF_8), value),
        new KvProtocol.Get("k"),
        KvProtocol.KvResult.of(true, value),
        KvProtocol.KvResult.invalid("empty key"));
  }

  static List<Object> session() {
    return List.of(
        new SessionProtocol.OpenSession("client-1"),
        new SessionProtocol.KeepAlive(3),
        new SessionProtocol.SessionRequest(3, 4, 2, new KvProtocol.Delete("k")),
        new SessionProtocol.SessionOpened(3),
        new SessionProtocol.SessionAlive(3),
        new SessionProtocol.Applied(4, 12, KvProtocol.KvResult.of(true, null), true),
        new SessionProtocol.Applied(4, 0, null, true),
        new SessionProtocol.SessionExpired(3),
        new SessionProtocol.ResultDiscarded(3, 4));
  }
}
