package io.akkaraft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.akkaraft.ClientProtocol;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.ClientProtocol.SubmitReply;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftNode;
import io.akkaraft.RaftSettings;
import io.akkaraft.session.SessionStateMachine;
import io.akkaraft.testkit.RecordingStateMachine;
import io.akkaraft.testkit.TestConfigs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The client's retry path: thesis §6.3, exactly-once across lost replies and leader changes. */
class RaftClientTest {
  private static final ActorTestKit kit = ActorTestKit.create("client-test", TestConfigs.inMemory());
  private static final Duration WAIT = Duration.ofSeconds(15);

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
  }

  /** A group of three members running a session state machine over a recording one. */
  private record Group(Map<String, ActorRef<RaftCommand>> members, Map<String, List<String>> applied) {}

  private static Group startGroup(String groupId) {
    List<String> ids = List.of(groupId + "-a", groupId + "-b", groupId + "-c");
    Map<String, List<String>> applied = RecordingStateMachine.registry();
    Map<String, ActorRef<RaftCommand>> members = new HashMap<>();
    for (String id : ids) {
      RaftSettings settings = RaftSettings.create(kit.system(), groupId, id, ids);
      members.put(id, kit.spawn(RaftNode.create(settings,
          () -> new SessionStateMachine<>(new RecordingStateMachine(applied, id), 10_000, 100)), id));
    }
    return new Group(members, applied);
  }

  private static String awaitLeader(Map<String, ActorRef<RaftCommand>> members) {
    TestProbe<Status> probe = kit.createTestProbe();
    return probe.awaitAssert(WAIT, () -> {
      for (var member : members.entrySet()) {
        member.getValue().tell(new ClientProtocol.GetStatus(probe.getRef()));
        if (probe.receiveMessage().role().equals("leader")) return member.getKey();
      }
      throw new AssertionError("no leader yet");
    });
  }

  /** Forwards everything to a member, but while {@code dropReplies} is set, swallows Submit replies. */
  private static Behavior<RaftCommand> lossyProxy(ActorRef<RaftCommand> member, AtomicBoolean dropReplies,
      ActorRef<SubmitReply> sink) {
    return Behaviors.receiveMessage(message -> {
      if (message instanceof ClientProtocol.Submit submit && dropReplies.get()) {
        member.tell(new ClientProtocol.Submit(submit.command(), sink));
      } else {
        member.tell(message);
      }
      return Behaviors.same();
    });
  }

  @Test
  @DisplayName("§6.3: a command whose reply was lost is retried with the same serial number across a leader change and applied once")
  void retriedCommandIsAppliedOnceAcrossLeaderChange() throws Exception {
    Group group = startGroup("retry");
    String leader = awaitLeader(group.members());
    AtomicBoolean dropReplies = new AtomicBoolean(false);
    TestProbe<SubmitReply> swallowed = kit.createTestProbe();
    List<ActorRef<RaftCommand>> targets = new ArrayList<>();
    targets.add(kit.spawn(lossyProxy(group.members().get(leader), dropReplies, swallowed.getRef())));
    group.members().forEach((id, ref) -> {
      if (!id.equals(leader)) targets.add(ref);
    });
    RaftClient client = RaftClient.create(kit.system(), "retry-client",
        new RaftClientSettings(Duration.ofMillis(500), Duration.ofMillis(50), WAIT), targets);

    assertEquals(1, client.submit("first").toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS).value());

    dropReplies.set(true);
    CompletableFuture<RaftClient.Result> result = client.submit("x").toCompletableFuture();
    swallowed.expectMessageClass(ClientProtocol.Committed.class, WAIT); // applied, but the client never hears
    dropReplies.set(false);
    kit.stop(group.members().get(leader), WAIT);

    RaftClient.Result saved = result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(2, saved.value(), "the result saved when it was first applied");
    assertTrue(saved.index() > 0, "with the index it was first applied at");
    TestProbe<Object> probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      group.applied().forEach((id, commands) -> {
        if (!id.equals(leader)) assertEquals(List.of("first", "x"), commands, id);
      });
      return null;
    });
  }

  @Test
  @DisplayName("The client follows not-leader hints from followers and gets each result once")
  void clientFollowsNotLeaderHints() throws Exception {
    Group group = startGroup("hints");
    String leader = awaitLeader(group.members());
    List<ActorRef<RaftCommand>> followersFirst = new ArrayList<>();
    group.members().forEach((id, ref) -> {
      if (!id.equals(leader)) followersFirst.add(ref);
    });
    followersFirst.add(group.members().get(leader));
    RaftClient client = RaftClient.create(kit.system(), "hints-client", RaftClientSettings.defaults(), followersFirst);
    for (int i = 1; i <= 5; i++) {
      assertEquals(i, client.submit("c" + i).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS).value());
    }
    assertEquals(List.of("c1", "c2", "c3", "c4", "c5"), group.applied().get(leader));
  }

  @Test
  @DisplayName("A command refused by the leader (larger than max-command-bytes) fails with notApplied")
  void rejectedCommandFailsAsNotApplied() throws Exception {
    Group group = startGroup("rejected");
    awaitLeader(group.members());
    RaftClient client = RaftClient.create(kit.system(), "rejected-client", RaftClientSettings.defaults(),
        List.copyOf(group.members().values()));
    String tooLarge = "x".repeat(3 * 1024 * 1024);
    CompletableFuture<RaftClient.Result> result = client.submit(tooLarge).toCompletableFuture();
    Throwable failure = kit.createTestProbe().awaitAssert(WAIT, () -> {
      assertTrue(result.isCompletedExceptionally());
      return result.handle((r, e) -> e).join();
    });
    RaftClientException error = (RaftClientException) (failure.getCause() != null ? failure.getCause() : failure);
    assertTrue(error.notApplied(), error.getMessage());
    assertTrue(error.getMessage().contains("max-command-bytes"), error.getMessage());
    group.applied().values().forEach(commands -> assertEquals(List.of(), commands));
  }
}
