package io.akkaraft.client;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import io.akkaraft.RaftCommand;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An application's handle on a Raft group whose members run a {@link io.akkaraft.session.SessionStateMachine}.
 * It finds the leader (following not-leader hints), registers a session, numbers every command, and retries
 * a command with the same number after a timeout or a leader change, so each command is applied once.
 *
 * <pre>{@code
 * RaftClient client = RaftClient.create(system, "orders-client", RaftClientSettings.defaults(), members);
 * client.submit(new PlaceOrder(...)).thenAccept(result -> ...);
 * }</pre>
 *
 * <p>Thread-safe: {@link #submit} may be called from any thread.
 */
public final class RaftClient {
  private final ActorRef<ClientActor.Command> actor;

  private RaftClient(ActorRef<ClientActor.Command> actor) {
    this.actor = actor;
  }

  /** A client of the group whose members are {@code members}; its actor is named {@code name}. */
  public static RaftClient create(
      ActorSystem<?> system, String name, RaftClientSettings settings, List<ActorRef<RaftCommand>> members) {
    return new RaftClient(system.systemActorOf(ClientActor.create(settings, members), name, Props.empty()));
  }

  /**
   * A command's outcome: the log index at which it was applied and the application state machine's result.
   */
  public record Result(long index, Object value) {}

  /**
   * Submits {@code command}; completes once it is committed and applied, or fails with a {@link
   * RaftClientException} that tells whether it was applied.
   */
  public CompletionStage<Result> submit(Object command) {
    CompletableFuture<Result> result = new CompletableFuture<>();
    actor.tell(new ClientActor.Submit(command, result));
    return result;
  }
}
