package io.akkaraft.util;

import akka.actor.typed.ActorRef;
import akka.actor.typed.RecipientRef;
import akka.actor.typed.Scheduler;
import akka.actor.typed.scaladsl.AskPattern;
import akka.actor.typed.javadsl.ActorContext;
import akka.util.Timeout;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.reflect.ClassTag;
import scala.util.Try;

/**
 * {@code ActorContext.ask} for the hot paths. The javadsl version goes through a {@code CompletionStage} backed
 * by a Scala future, whose callbacks (even {@code whenComplete}) run on {@code CompletableFuture}'s default
 * executor, and on a machine with fewer than 3 cores that executor starts a new thread for every reply. The
 * scaladsl ask pipes the reply to the actor directly.
 */
public final class Asks {
  private Asks() {}

  /**
   * Asks {@code target} from outside an actor. The stage is a plain {@code CompletableFuture}, completed on the
   * thread that delivers the reply, so its non-async callbacks run there too.
   */
  public static <Req, Res> CompletableFuture<Res> ask(RecipientRef<Req> target, Function<ActorRef<Res>, Req> createRequest,
      Duration timeout, Scheduler scheduler) {
    scala.Function1<ActorRef<Res>, Req> request = createRequest::apply;
    Future<Res> reply = AskPattern.Askable$.MODULE$.ask$extension(target, request, Timeout.create(timeout), scheduler);
    CompletableFuture<Res> result = new CompletableFuture<>();
    reply.onComplete(outcome -> outcome.isSuccess() ? result.complete(outcome.get())
        : result.completeExceptionally(outcome.failed().get()), ExecutionContext.parasitic$.MODULE$);
    return result;
  }

  /** Asks {@code target}; the actor receives {@code adapt(reply, null)}, or {@code adapt(null, failure)}. */
  public static <T, Req, Res> void ask(ActorContext<T> context, Class<Res> replyClass, RecipientRef<Req> target,
      Duration timeout, Function<ActorRef<Res>, Req> createRequest, BiFunction<Res, Throwable, T> adapt) {
    scala.Function1<ActorRef<Res>, Req> request = createRequest::apply;
    scala.Function1<Try<Res>, T> response =
        reply -> reply.isSuccess() ? adapt.apply(reply.get(), null) : adapt.apply(null, reply.failed().get());
    context.asScala().ask(target, request, response, Timeout.create(timeout), ClassTag.apply(replyClass));
  }
}
