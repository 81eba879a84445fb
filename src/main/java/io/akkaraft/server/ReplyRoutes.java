package io.akkaraft.server;

import akka.http.javadsl.server.Route;
import akka.http.javadsl.server.directives.RouteAdapter;
import akka.http.scaladsl.server.RequestContext;
import akka.http.scaladsl.server.RouteResult;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.concurrent.Future$;
import scala.jdk.javaapi.FutureConverters;

/**
 * The javadsl {@code onSuccess} without its thread hops. akka-http 10.2's javadsl version maps every reply
 * through Scala's global execution context and then through the dispatcher: two extra hand-offs between
 * threads per request, which on a 2-core machine cost more than handling the request. Here the route for the
 * reply runs on the thread that completes the stage; it only builds a response, so that is cheap.
 */
final class ReplyRoutes {
  private ReplyRoutes() {}

  /** Completes the request with {@code inner} of the stage's value; a failed stage goes to the exception handler. */
  static <T> Route onReply(CompletionStage<T> stage, Function<T, Route> inner) {
    scala.Function1<RequestContext, Future<RouteResult>> route = context ->
        FutureConverters.asScala(stage).transformWith(outcome -> outcome.isSuccess()
            ? inner.apply(outcome.get()).asScala().apply(context)
            : Future$.MODULE$.failed(unwrap(outcome.failed().get())), ExecutionContext.parasitic$.MODULE$);
    return RouteAdapter.apply(route);
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }
}
