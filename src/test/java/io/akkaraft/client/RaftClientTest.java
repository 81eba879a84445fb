package io.akkaraft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.akkaraft.session.SessionProtocol.Applied;
import io.akkaraft.session.SessionProtocol.KeepAlive;
import io.akkaraft.session.SessionProtocol.OpenSession;
import io.akkaraft.session.SessionProtocol.ResultDiscarded;
import io.akkaraft.session.SessionProtocol.SessionAlive;
import io.akkaraft.session.SessionProtocol.SessionExpired;
import io.akkaraft.session.SessionProtocol.SessionOpened;
import io.akkaraft.session.SessionProtocol.SessionRequest;
import io.akkaraft.session.SessionProtocol.SessionResult;
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
    return startGroup(groupId, 10_000);
  }

  private static Group startGroup(String groupId, long expireAfterEntries) {
    List<String> ids = List.of(groupId + "-a", groupId + "-b", groupId + "-c");
    Map<String, List<String>> applied = RecordingStateMachine.registry();
    Map<String, ActorRef<RaftCommand>> members = new HashMap<>();
    for (String id : ids) {
      RaftSettings settings = RaftSettings.create(kit.system(), groupId, id, ids);
      members.put(id, kit.spawn(RaftNode.create(settings,
          () -> new SessionStateMachine<>(new RecordingStateMachine(applied, id), expireAfterEntries, 100)), id));
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
  /** Settings for a client driven against a probe: short attempts, no keep-alives unless a test wants them. */
  private static RaftClientSettings probeSettings() {
    return new RaftClientSettings(Duration.ofMillis(300), Duration.ofMillis(20), WAIT, Duration.ZERO);
  }

  private static ClientProtocol.Submit expectSubmit(TestProbe<RaftCommand> member, Object command) {
    ClientProtocol.Submit submit = member.expectMessageClass(ClientProtocol.Submit.class, WAIT);
    assertEquals(command, submit.command());
    return submit;
  }

  private static void reply(ClientProtocol.Submit submit, long index, SessionResult result) {
    submit.replyTo().tell(new ClientProtocol.Committed(index, result));
  }

  private static RaftClientException failureOf(CompletableFuture<RaftClient.Result> result) throws Exception {
    Throwable failure = result.handle((r, e) -> e).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return (RaftClientException) (failure.getCause() != null ? failure.getCause() : failure);
  }

  private static RaftClient.Result valueOf(CompletableFuture<RaftClient.Result> result) throws Exception {
    return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** A client against a probe member, its first command submitted and its session opened as {@code sessionId}. */
  private record Probed(TestProbe<RaftCommand> member, RaftClient client, CompletableFuture<RaftClient.Result> first) {}

  private static Probed withSession(String name, RaftClientSettings settings, String firstCommand, long sessionId) {
    TestProbe<RaftCommand> member = kit.createTestProbe();
    RaftClient client = RaftClient.create(kit.system(), name, settings, List.of(member.getRef()));
    CompletableFuture<RaftClient.Result> first = client.submit(firstCommand).toCompletableFuture();
    reply(expectSubmit(member, new OpenSession(name)), sessionId, new SessionOpened(sessionId));
    return new Probed(member, client, first);
  }

  @Test
  @DisplayName("§6.3: a retry answered 'session expired' after an attempt that may have been applied is outcome unknown, and never re-sent under a new session")
  void sessionExpiredAfterMaybeAppliedAttemptIsOutcomeUnknown() throws Exception {
    Probed probed = withSession("expired-unknown-client", probeSettings(), "x", 1);
    TestProbe<RaftCommand> member = probed.member();
    RaftClient client = probed.client();
    CompletableFuture<RaftClient.Result> x = probed.first();
    expectSubmit(member, new SessionRequest(1, 1, 1, "x")); // unanswered: it may be in the log
    reply(expectSubmit(member, new SessionRequest(1, 1, 1, "x")), 5, new SessionExpired(1));

    RaftClientException error = failureOf(x);
    assertFalse(error.notApplied(), "the first attempt may have been applied before the expiry: " + error.getMessage());

    CompletableFuture<RaftClient.Result> y = client.submit("y").toCompletableFuture();
    reply(expectSubmit(member, new OpenSession("expired-unknown-client")), 6, new SessionOpened(6));
    reply(expectSubmit(member, new SessionRequest(6, 1, 1, "y")), 7, new Applied(1, 7, "Y", false));
    assertEquals(new RaftClient.Result(7, "Y"), valueOf(y), "the next message after x failed is y's: x is not re-sent");
  }

  @Test
  @DisplayName("§6.3: commands certainly not applied under an expired session move to a new session with fresh numbers")
  void notAppliedCommandsMoveToNewSessionWithFreshNumbers() throws Exception {
    Probed probed = withSession("expired-moved-client", probeSettings(), "a", 1);
    TestProbe<RaftCommand> member = probed.member();
    RaftClient client = probed.client();
    CompletableFuture<RaftClient.Result> a = probed.first();
    reply(expectSubmit(member, new SessionRequest(1, 1, 1, "a")), 2, new Applied(1, 2, "A", false));
    assertEquals(new RaftClient.Result(2, "A"), valueOf(a));

    CompletableFuture<RaftClient.Result> b = client.submit("b").toCompletableFuture();
    ClientProtocol.Submit bAttempt = expectSubmit(member, new SessionRequest(1, 2, 2, "b"));
    CompletableFuture<RaftClient.Result> c = client.submit("c").toCompletableFuture();
    ClientProtocol.Submit cAttempt = expectSubmit(member, new SessionRequest(1, 3, 2, "c"));
    reply(bAttempt, 20, new SessionExpired(1));
    ClientProtocol.Submit open = expectSubmit(member, new OpenSession("expired-moved-client"));
    reply(cAttempt, 21, new SessionExpired(1));
    reply(open, 22, new SessionOpened(22));

    reply(expectSubmit(member, new SessionRequest(22, 1, 1, "b")), 23, new Applied(1, 23, "B", false));
    reply(expectSubmit(member, new SessionRequest(22, 2, 1, "c")), 24, new Applied(2, 24, "C", false));
    assertEquals(new RaftClient.Result(23, "B"), valueOf(b));
    assertEquals(new RaftClient.Result(24, "C"), valueOf(c));
  }

  @Test
  @DisplayName("Each unanswered attempt doubles the wait before the next re-send, so a slow leader is not handed the command again and again")
  void unansweredAttemptsWaitTwiceAsLongEachTime() throws Exception {
    Probed probed = withSession("doubling-client", probeSettings(), "x", 1);
    TestProbe<RaftCommand> member = probed.member();
    SessionRequest x = new SessionRequest(1, 1, 1, "x");
    expectSubmit(member, x);
    long firstAt = System.nanoTime();
    expectSubmit(member, x);
    long secondAt = System.nanoTime();
    ClientProtocol.Submit last = expectSubmit(member, x);
    long gap = System.nanoTime() - secondAt;

    // Lower bounds only: the client's timers cannot fire early, however loaded the machine is.
    Duration attempt = probeSettings().attemptTimeout();
    assertTrue(secondAt - firstAt >= attempt.toNanos(), "the first re-send waits one attempt timeout");
    assertTrue(gap >= 2 * attempt.toNanos(), "the second waits two: " + gap / 1_000_000 + " ms");
    reply(last, 2, new Applied(1, 2, "X", false));
    assertEquals(new RaftClient.Result(2, "X"), valueOf(probed.first()));
  }

  @Test
  @DisplayName("max-uncommitted-bytes: a command answered Overloaded fails at once as not applied, and is not retried")
  void overloadedCommandFailsAtOnceAsNotApplied() throws Exception {
    Probed probed = withSession("overloaded-client", probeSettings(), "x", 1);
    TestProbe<RaftCommand> member = probed.member();
    expectSubmit(member, new SessionRequest(1, 1, 1, "x")).replyTo()
        .tell(new ClientProtocol.Overloaded("70000000 bytes are not committed yet (akka-raft.max-uncommitted-bytes)"));

    RaftClientException error = failureOf(probed.first());
    assertTrue(error.notApplied(), error.getMessage());
    assertTrue(error.getMessage().contains("max-uncommitted-bytes"), error.getMessage());
    CompletableFuture<RaftClient.Result> y = probed.client().submit("y").toCompletableFuture();
    reply(expectSubmit(member, new SessionRequest(1, 2, 2, "y")), 3, new Applied(2, 3, "Y", false));
    assertEquals(new RaftClient.Result(3, "Y"), valueOf(y), "the next message after x failed is y's: x is not retried");
  }

  @Test
  @DisplayName("§6.3: a command whose result the session already discarded fails as outcome unknown, never as an empty success")
  void discardedResultIsOutcomeUnknown() throws Exception {
    Probed probed = withSession("discarded-client", probeSettings(), "x", 1);
    TestProbe<RaftCommand> member = probed.member();
    CompletableFuture<RaftClient.Result> x = probed.first();
    reply(expectSubmit(member, new SessionRequest(1, 1, 1, "x")), 3, new ResultDiscarded(1, 1));
    RaftClientException error = failureOf(x);
    assertFalse(error.notApplied(), error.getMessage());
  }

  @Test
  @DisplayName("§6.3: an idle client sends KeepAlive so that its session does not expire")
  void idleClientKeepsItsSessionAlive() throws Exception {
    Probed probed = withSession("keepalive-client", probeSettings().withKeepAliveInterval(Duration.ofMillis(100)), "a", 1);
    TestProbe<RaftCommand> member = probed.member();
    CompletableFuture<RaftClient.Result> a = probed.first();
    reply(expectSubmit(member, new SessionRequest(1, 1, 1, "a")), 2, new Applied(1, 2, "A", false));
    valueOf(a);
    reply(expectSubmit(member, new KeepAlive(1)), 3, new SessionAlive(1));
    reply(expectSubmit(member, new KeepAlive(1)), 4, new SessionAlive(1));
  }

  @Test
  @DisplayName("§6.3: an idle client whose session other clients' traffic expired still writes, applied once")
  void idleClientWritesAfterItsSessionExpired() throws Exception {
    Group group = startGroup("idle", 5);
    String leader = awaitLeader(group.members());
    List<ActorRef<RaftCommand>> members = List.copyOf(group.members().values());
    RaftClientSettings noKeepAlive = RaftClientSettings.defaults().withKeepAliveInterval(Duration.ZERO);
    RaftClient idle = RaftClient.create(kit.system(), "idle-client", noKeepAlive, members);
    RaftClient busy = RaftClient.create(kit.system(), "busy-client", noKeepAlive, members);
    valueOf(idle.submit("idle-1").toCompletableFuture());
    for (int i = 0; i < 10; i++) valueOf(busy.submit("busy-" + i).toCompletableFuture());

    RaftClient.Result again = valueOf(idle.submit("idle-2").toCompletableFuture());
    assertTrue(again.index() > 0);
    List<String> applied = group.applied().get(leader);
    assertEquals(1, applied.stream().filter("idle-2"::equals).count(), String.valueOf(applied));
    assertEquals("idle-2", applied.get(applied.size() - 1));
  }
}
