package io.akkaraft.kv;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.pattern.Patterns;
import io.akkaraft.ClientProtocol.Consistency;
import io.akkaraft.ClientProtocol.Read;
import io.akkaraft.ClientProtocol.ReadReply;
import io.akkaraft.ClientProtocol.ReadResult;
import io.akkaraft.ClientProtocol.ReadUnavailable;
import io.akkaraft.RaftCommand;
import io.akkaraft.client.RaftClient;
import io.akkaraft.client.RaftClientException;
import io.akkaraft.kv.KvProtocol.CompareAndSet;
import io.akkaraft.kv.KvProtocol.Delete;
import io.akkaraft.kv.KvProtocol.Get;
import io.akkaraft.kv.KvProtocol.KvCommand;
import io.akkaraft.kv.KvProtocol.KvResult;
import io.akkaraft.kv.KvProtocol.Put;
import io.akkaraft.util.Asks;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The key-value store as one node offers it: validates requests, sends writes through a {@link RaftClient}
 * (one session per node, so a write retried after a leader change is applied once) and serves reads from
 * the local member at the consistency asked for. Any node accepts any request.
 */
public final class KvService implements KvApi {
  private final ActorSystem<?> system;
  private final ActorRef<RaftCommand> localMember;
  private final RaftClient writer;
  private final KvLimits limits;
  private final Duration requestTimeout;
  private final Duration retryBackoff;

  public KvService(ActorSystem<?> system, ActorRef<RaftCommand> localMember, RaftClient writer, KvLimits limits,
      Duration requestTimeout, Duration retryBackoff) {
    this.system = system;
    this.localMember = localMember;
    this.writer = writer;
    this.limits = limits;
    this.requestTimeout = requestTimeout;
    this.retryBackoff = retryBackoff;
  }

  @Override
  public KvLimits limits() {
    return limits;
  }

  @Override
  public CompletionStage<KvOutcome> put(String key, byte[] value) {
    return write(new Put(key, value), value);
  }

  /** Sets {@code key} to {@code value} if it now holds {@code expected}. */
  @Override
  public CompletionStage<KvOutcome> compareAndSet(String key, byte[] expected, byte[] value) {
    return write(new CompareAndSet(key, expected, value), value);
  }

  @Override
  public CompletionStage<KvOutcome> delete(String key) {
    return write(new Delete(key), null);
  }

  @Override
  public CompletionStage<KvOutcome> get(String key, Consistency consistency) {
    String problem = limits.keyProblem(key);
    if (problem != null) return CompletableFuture.completedFuture(new KvOutcome.Invalid(problem, false));
    long deadline = System.nanoTime() + requestTimeout.toNanos();
    return read(new Get(key), consistency, deadline);
  }

  private CompletionStage<KvOutcome> write(KvCommand command, byte[] value) {
    String problem = limits.keyProblem(command.key());
    if (problem != null) return CompletableFuture.completedFuture(new KvOutcome.Invalid(problem, false));
    if (value != null && (problem = limits.valueProblem(value)) != null) {
      return CompletableFuture.completedFuture(new KvOutcome.Invalid(problem, true));
    }
    return writer.submit(command).handle((result, failure) -> {
      if (failure == null) return new KvOutcome.Done(result.index(), (KvResult) result.value());
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      if (cause instanceof RaftClientException e && e.notApplied()) return new KvOutcome.Unavailable(e.getMessage(), null);
      return new KvOutcome.Unknown(cause.getMessage());
    });
  }

  /** Retries while no leader is known, until the request's deadline. */
  private CompletionStage<KvOutcome> read(Get get, Consistency consistency, long deadline) {
    Duration left = Duration.ofNanos(deadline - System.nanoTime());
    if (left.isNegative() || left.isZero()) {
      return CompletableFuture.completedFuture(new KvOutcome.Unavailable("no leader answered in time", null));
    }
    CompletionStage<ReadReply> reply =
        Asks.ask(localMember, replyTo -> new Read(get, consistency, replyTo), left, system.scheduler());
    return reply.handle((r, failure) -> r).thenCompose(r -> {
      if (r instanceof ReadResult result) {
        return CompletableFuture.completedFuture(new KvOutcome.Done(result.index(), (KvResult) result.result()));
      }
      if (r instanceof ReadUnavailable unavailable && System.nanoTime() + retryBackoff.toNanos() < deadline) {
        return Patterns.after(retryBackoff, system.classicSystem().scheduler(), system.executionContext(),
            () -> read(get, consistency, deadline));
      }
      String reason = r == null ? "no answer in time" : r.toString();
      return CompletableFuture.completedFuture(new KvOutcome.Unavailable(reason, null));
    });
  }
}
