package example.counter;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.akkaraft.ClientProtocol.Consistency;
import io.akkaraft.ClientProtocol.Read;
import io.akkaraft.ClientProtocol.ReadReply;
import io.akkaraft.ClientProtocol.ReadResult;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftNode;
import io.akkaraft.RaftSettings;
import io.akkaraft.client.RaftClient;
import io.akkaraft.client.RaftClientSettings;
import io.akkaraft.session.SessionStateMachine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A Raft group of three {@link Counter}s in one actor system, with its journal under a directory: what an
 * application that embeds akka-raft writes. Each member is an ordinary actor made by {@link RaftNode#create};
 * the {@link RaftClient} finds the leader and submits each command exactly once.
 *
 * <p>Started again on the same directory, the members recover term, vote and log from the journal and
 * re-apply the committed commands.
 */
public final class CounterGroup implements AutoCloseable {
  public static final List<String> MEMBER_IDS = List.of("n1", "n2", "n3");
  private static final String GROUP_ID = "counter";
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration READ_DEADLINE = Duration.ofSeconds(20);

  private final ActorSystem<SpawnProtocol.Command> system;
  private final Map<String, ActorRef<RaftCommand>> members = new LinkedHashMap<>();
  private final RaftClient client;

  private CounterGroup(ActorSystem<SpawnProtocol.Command> system) {
    this.system = system;
    for (String id : MEMBER_IDS) members.put(id, spawnMember(id));
    client = RaftClient.create(system, "counter-client", RaftClientSettings.defaults(),
        new ArrayList<>(members.values()));
  }

  /** Starts the three members with their journal and snapshots under {@code dataDir}. */
  public static CounterGroup start(Path dataDir) {
    Config config = ConfigFactory.load()
        .withValue("akka.persistence.journal.leveldb.dir",
            ConfigValueFactory.fromAnyRef(dataDir.resolve("journal").toString()))
        .withValue("akka.persistence.snapshot-store.local.dir",
            ConfigValueFactory.fromAnyRef(dataDir.resolve("snapshots").toString()));
    return new CounterGroup(ActorSystem.create(SpawnProtocol.create(), "counter", config));
  }

  private ActorRef<RaftCommand> spawnMember(String id) {
    RaftSettings settings = RaftSettings.create(system, GROUP_ID, id, MEMBER_IDS);
    // The session layer filters commands that the client retries, so each Add is applied once.
    var member = RaftNode.create(settings, () -> new SessionStateMachine<>(new Counter(), 10_000, 1_000));
    CompletionStage<ActorRef<RaftCommand>> spawned = AskPattern.ask(system,
        replyTo -> new SpawnProtocol.Spawn<>(member, "member-" + id, Props.empty(), replyTo),
        ASK_TIMEOUT, system.scheduler());
    return spawned.toCompletableFuture().join();
  }

  /** Adds {@code amount} once it is committed; completes with the counter's value right after it. */
  public CompletionStage<Long> add(long amount) {
    return client.submit(new Counter.Add(amount)).thenApply(result -> (Long) result.value());
  }

  /**
   * The value as member {@code memberId} answers a linearizable read: it reflects every add completed
   * before the read. Retried while the member knows no leader (as during an election).
   */
  public long read(String memberId) throws InterruptedException {
    Instant deadline = Instant.now().plus(READ_DEADLINE);
    ReadReply reply = null;
    while (Instant.now().isBefore(deadline)) {
      CompletionStage<ReadReply> asked = AskPattern.ask(members.get(memberId),
          replyTo -> new Read(Counter.Get.VALUE, Consistency.LINEARIZABLE, replyTo), ASK_TIMEOUT,
          system.scheduler());
      reply = asked.toCompletableFuture().join();
      if (reply instanceof ReadResult result) return (Long) result.result();
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException(memberId + " gave no linearizable read within " + READ_DEADLINE
        + "; last reply " + reply);
  }

  /** Stops the members and the actor system, and waits until the journal is closed. */
  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
