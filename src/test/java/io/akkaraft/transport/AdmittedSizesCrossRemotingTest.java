package io.akkaraft.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.ActorSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.akkaraft.ClientProtocol.Committed;
import io.akkaraft.ClientProtocol.GetReadIndex;
import io.akkaraft.ClientProtocol.ReadIndexGranted;
import io.akkaraft.ClientProtocol.ReadReply;
import io.akkaraft.ClientProtocol.ReadResult;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.ClientProtocol.SubmitReply;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftNode;
import io.akkaraft.RaftSettings;
import io.akkaraft.core.LogEntry;
import io.akkaraft.core.Payload;
import io.akkaraft.core.PeerProtocol.AppendEntries;
import io.akkaraft.core.RaftLog;
import io.akkaraft.core.ReplicationLimits;
import io.akkaraft.kv.KvLimits;
import io.akkaraft.kv.KvProtocol.KvResult;
import io.akkaraft.testkit.RecordingStateMachine;
import io.akkaraft.testkit.TestConfigs;
import io.akkaraft.serialization.Payloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two actor systems on Artery TCP (port 0, cluster provider, not joined) with the library's reference.conf and production serializers: the
 * largest message of every kind a member sends arrives, so none is dropped as oversized.
 */
class AdmittedSizesCrossRemotingTest {
  private static final Duration ARRIVAL = Duration.ofSeconds(10);
  private static final ActorTestKit a = ActorTestKit.create("sizes-a", remote());
  private static final ActorTestKit b = ActorTestKit.create("sizes-b", remote());
  private static final int maxBytesPerAppend = TransportLimits.bytes(a.system().settings().config(),
      TransportLimits.MAX_BYTES_PER_APPEND);
  private static final int maxCommandBytes = TransportLimits.bytes(a.system().settings().config(),
      TransportLimits.MAX_COMMAND_BYTES);

  private static Config remote() {
    return ConfigFactory.parseString(String.join("\n",
            "akka.actor.provider = cluster",
            "akka.remote.artery.transport = tcp",
            "akka.remote.artery.canonical.hostname = 127.0.0.1",
            "akka.remote.artery.canonical.port = 0"))
        .withFallback(TestConfigs.inMemory());
  }

  @AfterAll
  static void stop() {
    a.shutdownTestKit();
    b.shutdownTestKit();
  }

  /** {@code probe}'s ref as {@code from} sees it: a remote ref, so that a tell crosses Artery. */
  private static <T> ActorRef<T> seenFrom(ActorTestKit from, TestProbe<T> probe, ActorSystem<?> owner) {
    String path = ActorRefResolver.get(owner).toSerializationFormat(probe.getRef());
    return ActorRefResolver.get(from.system()).resolveActorRef(path);
  }

  /** A byte-array command whose payload (Akka's byte-array serializer) has sizeBytes exactly {@code size}. */
  private static byte[] commandOfSize(int size) {
    int overhead = Payloads.encode(a.system().classicSystem(), new byte[0]).sizeBytes();
    byte[] command = new byte[size - overhead];
    for (int i = 0; i < command.length; i++) command[i] = (byte) i;
    assertEquals(size, Payloads.encode(a.system().classicSystem(), command).sizeBytes());
    return command;
  }

  /** Entries as a busy leader holds them: terms and indices far from small, so their varints are long. */
  private static RaftLog logOf(int entries, int payloadBytes) {
    List<LogEntry> log = new ArrayList<>();
    for (int i = 1; i <= entries; i++) {
      log.add(LogEntry.command(1L << 40, i, Payloads.encode(a.system().classicSystem(), new byte[payloadBytes])));
    }
    return RaftLog.of(log);
  }

  private static void assertAppendArrives(List<LogEntry> batch) {
    TestProbe<AppendEntries> follower = b.createTestProbe();
    AppendEntries sent = new AppendEntries(1L << 40, "leader-with-a-long-member-id", Long.MAX_VALUE / 3, 1L << 40,
        batch, Long.MAX_VALUE / 3, Long.MAX_VALUE / 5);
    seenFrom(a, follower, b.system()).tell(sent);
    assertEquals(sent, follower.expectMessageClass(AppendEntries.class, ARRIVAL));
  }

  @Test
  @DisplayName("An AppendEntries batch filled to max-bytes-per-append (4 KB and 16 KB values) arrives")
  void batchAtMaxBytesPerAppendArrives() {
    for (int valueBytes : new int[] {4_000, 16_384}) {
      List<LogEntry> batch = logOf(2 * maxBytesPerAppend / valueBytes, valueBytes).batchFrom(1, 512, maxBytesPerAppend);
      int bytes = batch.stream().mapToInt(LogEntry::sizeBytes).sum();
      assertTrue(bytes > maxBytesPerAppend - batch.get(0).sizeBytes() && bytes <= maxBytesPerAppend,
          "the batch is full: " + bytes + " bytes");
      assertAppendArrives(batch);
    }
  }

  @Test
  @DisplayName("An AppendEntries with one entry of max-command-bytes, larger than max-bytes-per-append, arrives")
  void singleEntryAtMaxCommandBytesArrives() {
    Payload largest = Payloads.encode(a.system().classicSystem(), commandOfSize(maxCommandBytes));
    RaftLog log = RaftLog.of(List.of(LogEntry.command(1L << 40, 1, largest),
        LogEntry.command(1L << 40, 2, Payloads.encode(a.system().classicSystem(), new byte[10]))));
    List<LogEntry> batch = log.batchFrom(1, 512, maxBytesPerAppend);
    assertEquals(1, batch.size(), "the entry goes alone");
    assertAppendArrives(batch);
  }

  @Test
  @DisplayName("A Submit of a max-command-bytes command arrives, and its Committed with as large a result returns")
  void submitAndCommittedAtMaxCommandBytesArrive() {
    TestProbe<SubmitReply> client = a.createTestProbe();
    TestProbe<Submit> leader = b.createTestProbe();
    byte[] command = commandOfSize(maxCommandBytes);
    seenFrom(a, leader, b.system()).tell(new Submit(command, client.getRef()));

    Submit received = leader.expectMessageClass(Submit.class, ARRIVAL);
    assertArrayEquals(command, (byte[]) received.command());
    received.replyTo().tell(new Committed(Long.MAX_VALUE / 3, command));
    Committed committed = client.expectMessageClass(Committed.class, ARRIVAL);
    assertArrayEquals(command, (byte[]) committed.result());
  }

  @Test
  @DisplayName("A ReadResult with a value of the node's --max-value-bytes, and a read index, arrive")
  void readResultOfMaxValueAndReadIndexArrive() {
    TestProbe<ReadReply> reader = a.createTestProbe();
    TestProbe<GetReadIndex> leader = b.createTestProbe();
    seenFrom(a, leader, b.system()).tell(new GetReadIndex(reader.getRef()));
    ActorRef<ReadReply> replyTo = leader.expectMessageClass(GetReadIndex.class, ARRIVAL).replyTo();

    replyTo.tell(new ReadIndexGranted(Long.MAX_VALUE / 3));
    assertEquals(new ReadIndexGranted(Long.MAX_VALUE / 3), reader.expectMessageClass(ReadIndexGranted.class, ARRIVAL));
    byte[] value = commandOfSize(KvLimits.DEFAULT_MAX_VALUE_BYTES);
    replyTo.tell(new ReadResult(Long.MAX_VALUE / 3, new KvResult(true, value, null)));
    ReadResult result = reader.expectMessageClass(ReadResult.class, ARRIVAL);
    assertArrayEquals(value, ((KvResult) result.result()).value());
  }

  @Test
  @DisplayName("A member whose max-bytes-per-append does not fit the transport's frame stops at start")
  void memberWithLimitsBeyondTheFrameStopsAtStart() {
    RaftSettings settings = RaftSettings.create(a.system(), "sizes", "n1", List.of("n1"))
        .withLimits(new ReplicationLimits(512, 4 * 1024 * 1024, 4));
    ActorRef<RaftCommand> member =
        a.spawn(RaftNode.create(settings, () -> new RecordingStateMachine(new ConcurrentHashMap<>(), "n1")));
    a.createTestProbe().expectTerminated(member, ARRIVAL);
  }
}
