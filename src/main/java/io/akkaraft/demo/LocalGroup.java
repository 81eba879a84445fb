package io.akkaraft.demo;

import akka.Done;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.akkaraft.ClientProtocol.GetStatus;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.ClientProtocol.Submit;
import io.akkaraft.ClientProtocol.SubmitReply;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftNode;
import io.akkaraft.RaftSettings;
import io.akkaraft.StateMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Raft group whose members all run in one local actor system, each with a LevelDB journal (native, fsync
 * on) of its own under {@code dataDir/<member>}, as on separate machines. For the {@code demo} and
 * {@code bench} commands; its methods block, which suits a command line's main thread only.
 */
public final class LocalGroup implements AutoCloseable {
  /** How long one request to a member may take. */
  public static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private final ActorSystem<GroupGuardian.Command> system;
  private final String groupId;
  private final List<String> memberIds;
  private final Supplier<? extends StateMachine<?, ?>> stateMachine;
  private final Map<String, ActorRef<RaftCommand>> running = new LinkedHashMap<>();

  private LocalGroup(ActorSystem<GroupGuardian.Command> system, String groupId, List<String> memberIds,
      Supplier<? extends StateMachine<?, ?>> stateMachine) {
    this.system = system;
    this.groupId = groupId;
    this.memberIds = List.copyOf(memberIds);
    this.stateMachine = stateMachine;
  }

  /** Starts an actor system and every member of group {@code groupId}. */
  public static LocalGroup start(String groupId, List<String> memberIds, Path dataDir,
      Supplier<? extends StateMachine<?, ?>> stateMachine) {
    for (String id : memberIds) createDirectory(dataDir.resolve(id));
    ActorSystem<GroupGuardian.Command> system =
        ActorSystem.create(GroupGuardian.create(), "akka-raft-" + groupId, config(memberIds, dataDir));
    LocalGroup group = new LocalGroup(system, groupId, memberIds, stateMachine);
    try {
      for (String id : memberIds) group.startMember(id);
    } catch (RuntimeException e) {
      group.close();
      throw e;
    }
    return group;
  }

  /** Fails early, with a plain message, rather than through a journal failure inside the actor system. */
  private static void createDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create the data directory " + dir + " (" + e + ")", e);
    }
  }

  /**
   * The node configuration ({@code application.conf}) with a local actor provider and one LevelDB journal
   * and snapshot store per member.
   */
  static Config config(List<String> memberIds, Path dataDir) {
    Config base = ConfigFactory.load();
    Config leveldb = base.getConfig("akka.persistence.journal.leveldb")
        .withValue("native", ConfigValueFactory.fromAnyRef(true))
        .withValue("fsync", ConfigValueFactory.fromAnyRef(true));
    Config snapshots = base.getConfig("akka.persistence.snapshot-store.local");
    Config config = ConfigFactory.parseString("akka.actor.provider = local");
    for (String id : memberIds) {
      Path dir = dataDir.resolve(id).toAbsolutePath();
      config = config
          .withValue(journalPluginId(id), leveldb
              .withValue("dir", ConfigValueFactory.fromAnyRef(dir.resolve("journal").toString())).root())
          .withValue(snapshotPluginId(id), snapshots
              .withValue("dir", ConfigValueFactory.fromAnyRef(dir.resolve("snapshots").toString())).root());
    }
    return config.withFallback(base);
  }

  private static String journalPluginId(String memberId) {
    return "akka-raft-local." + memberId + ".journal";
  }

  private static String snapshotPluginId(String memberId) {
    return "akka-raft-local." + memberId + ".snapshots";
  }

  public ActorSystem<?> system() {
    return system;
  }

  public List<String> memberIds() {
    return memberIds;
  }

  /** The settings member {@code id} runs with. */
  public RaftSettings settings(String id) {
    return RaftSettings.create(system, groupId, id, memberIds)
        .withJournalPluginId(journalPluginId(id), snapshotPluginId(id));
  }

  /** Starts member {@code id}; it recovers whatever its journal holds. */
  public void startMember(String id) {
    ActorRef<RaftCommand> member = await(AskPattern.ask(system,
        replyTo -> new GroupGuardian.Start(id, RaftNode.create(settings(id), stateMachine), replyTo),
        ASK_TIMEOUT, system.scheduler()), "start " + id);
    running.put(id, member);
  }

  /** Stops member {@code id} and waits until it has terminated. */
  public void stopMember(String id) {
    await(AskPattern.<GroupGuardian.Command, Done>ask(system, replyTo -> new GroupGuardian.Stop(id, replyTo),
        ASK_TIMEOUT, system.scheduler()), "stop " + id);
    running.remove(id);
  }

  public List<String> runningIds() {
    return memberIds.stream().filter(running::containsKey).toList();
  }

  public ActorRef<RaftCommand> member(String id) {
    ActorRef<RaftCommand> member = running.get(id);
    if (member == null) throw new IllegalStateException("member " + id + " is not running");
    return member;
  }

  public Status status(String id) {
    return await(AskPattern.ask(member(id), GetStatus::new, ASK_TIMEOUT, system.scheduler()), "status of " + id);
  }

  /** Status of every running member, in member order. */
  public List<Status> statuses() {
    List<Status> statuses = new ArrayList<>();
    for (String id : memberIds) if (running.containsKey(id)) statuses.add(status(id));
    return statuses;
  }

  public CompletionStage<SubmitReply> submitAsync(ActorRef<RaftCommand> member, Object command, Duration timeout) {
    return AskPattern.ask(member, replyTo -> new Submit(command, replyTo), timeout, system.scheduler());
  }

  public SubmitReply submit(String id, Object command) {
    return await(submitAsync(member(id), command, ASK_TIMEOUT), "submit to " + id);
  }

  /** Polls until a running member reports itself leader and {@code accept}s it. */
  public Status awaitLeader(Duration within, Predicate<Status> accept) {
    return poll(within, "a leader", () -> statuses().stream()
        .filter(s -> s.role().equals("leader") && accept.test(s))
        .findFirst());
  }

  /** Polls until every running member has applied at least up to {@code index}. */
  public List<Status> awaitApplied(long index, Duration within) {
    return poll(within, "all members to apply index " + index, () -> {
      List<Status> statuses = statuses();
      boolean all = statuses.stream().allMatch(s -> s.lastApplied() >= index);
      return all ? Optional.of(statuses) : Optional.empty();
    });
  }

  private static <T> T poll(Duration within, String what, Supplier<Optional<T>> check) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<T> result = check.get();
      if (result.isPresent()) return result.get();
      if (System.nanoTime() > deadline) throw new IllegalStateException("gave up waiting for " + what + " after " + within.toSeconds() + "s");
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }

  private static <T> T await(CompletionStage<T> stage, String what) {
    try {
      return stage.toCompletableFuture().get(ASK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " interrupted", e);
    }
  }

  /** Stops every member and the actor system, and waits for both. */
  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // shutting down anyway; nothing more to do
    }
  }
}
