package io.akkaraft.server;

import static io.akkaraft.server.JsonResponses.error;
import static io.akkaraft.server.JsonResponses.index;
import static io.akkaraft.server.JsonResponses.json;
import static io.akkaraft.server.ReplyRoutes.onReply;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.MethodRejection;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.javadsl.server.Rejections;
import akka.http.javadsl.server.Route;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.http.scaladsl.model.IllegalRequestException;
import io.akkaraft.ClientProtocol.Consistency;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.kv.KvOutcome;
import io.akkaraft.kv.KvApi;
import io.akkaraft.server.metrics.NodeMetrics;
import io.akkaraft.server.metrics.RequestMetrics.Operation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.duration.FiniteDuration;

/**
 * The key-value HTTP API, served by every node: {@code /status}, {@code /metrics} and {@code /kv/{key}}.
 * Followers need no special handling here: writes go through the node's Raft client and reads through its
 * member, both of which reach the leader over Akka remoting. Every request's latency is recorded by operation
 * and status class.
 */
public final class KvRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(KvRoutes.class);
  private static final FiniteDuration BODY_TIMEOUT = FiniteDuration.create(10, TimeUnit.SECONDS);
  /** {@link NodeMetrics#CONTENT_TYPE}: text/plain; version=0.0.4; charset=UTF-8. */
  private static final ContentType.WithCharset PROMETHEUS_TEXT = ContentTypes.create(
      MediaTypes.customWithOpenCharset("text", "plain", Map.of("version", "0.0.4"), false), HttpCharsets.UTF_8);

  private final KvApi kv;
  private final Supplier<CompletionStage<Status>> status;
  private final NodeMetrics metrics;
  private final Optional<AdminRoutes> admin;

  /** Built once: a route is a function of the request, and building it per request cost as much as running it. */
  private final Route api;

  public KvRoutes(KvApi kv, Supplier<CompletionStage<Status>> status, NodeMetrics metrics) {
    this(kv, status, metrics, Optional.empty());
  }

  /** With the test-only {@code /admin} endpoints of {@code admin}, if present. */
  KvRoutes(KvApi kv, Supplier<CompletionStage<Status>> status, NodeMetrics metrics, Optional<AdminRoutes> admin) {
    this.kv = kv;
    this.status = status;
    this.metrics = metrics;
    this.admin = admin;
    this.api = api();
  }

  /** The API, each request timed from arrival until its response (errors and rejections included). */
  public Route routes() {
    return extractRequest(request -> {
      long arrived = System.nanoTime();
      Operation operation = operationOf(request);
      return mapResponse(response -> {
        metrics.requests().record(operation, response.status().intValue(), System.nanoTime() - arrived);
        return response;
      }, () -> api);
    });
  }

  static Operation operationOf(HttpRequest request) {
    String path = request.getUri().path();
    if (path.equals("/status")) return Operation.STATUS;
    if (path.equals("/metrics")) return Operation.METRICS;
    if (!path.equals("/kv") && !path.startsWith("/kv/")) return Operation.OTHER;
    if (request.method().equals(HttpMethods.GET)) return Operation.GET;
    if (request.method().equals(HttpMethods.DELETE)) return Operation.DELETE;
    if (!request.method().equals(HttpMethods.PUT)) return Operation.OTHER;
    return request.getUri().query().get("prevValue").isPresent() ? Operation.CAS : Operation.PUT;
  }

  /**
   * The inner arguments of akka-http's javadsl directives are suppliers evaluated for every request, so the
   * handlers and the route tree are built here once and the suppliers only hand them out.
   */
  private Route api() {
    ExceptionHandler exceptions = exceptions();
    RejectionHandler rejections = rejections();
    Route resources = resources();
    Route handled = handleRejections(rejections, () -> resources);
    return handleExceptions(exceptions, () -> handled);
  }

  private Route resources() {
    Route emptyKey = complete(error(StatusCodes.BAD_REQUEST, "key must not be empty", null));
    Route keys = concat(
        pathEndOrSingleSlash(() -> emptyKey),
        path(PathMatchers.remaining(), encodedKey -> byKey(decodePath(encodedKey))));
    return concat(
        admin.map(AdminRoutes::routes).orElse(reject()),
        path("status", () -> get(this::status)),
        path("metrics", () -> get(() -> complete(HttpResponse.create()
            .withEntity(HttpEntities.create(PROMETHEUS_TEXT, metrics.scrape()))))),
        pathPrefix("kv", () -> keys));
  }

  /** Dispatches on the method directly: trying one method directive after another costs a rejection each. */
  private Route byKey(String key) {
    return extractMethod(method -> {
      if (method.equals(HttpMethods.GET)) {
        return parameterOptional("consistency", consistency -> read(key, consistency));
      }
      if (method.equals(HttpMethods.PUT)) return parameterList("prevValue", prevValue -> write(key, prevValue));
      if (method.equals(HttpMethods.DELETE)) {
        return onReply(kv.delete(key), outcome -> answer(outcome, this::deleted));
      }
      return reject(Rejections.method(HttpMethods.GET), Rejections.method(HttpMethods.PUT),
          Rejections.method(HttpMethods.DELETE));
    });
  }

  /** Keys may contain '/' and any UTF-8; the path arrives percent-encoded ('+' stays a plus sign). */
  private static String decodePath(String encoded) {
    return URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private Route status() {
    return onReply(status.get(), s -> {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", s.id());
      body.put("role", s.role());
      body.put("term", s.term());
      body.put("leader", s.leader());
      body.put("commitIndex", s.commitIndex());
      body.put("lastApplied", s.lastApplied());
      body.put("lastLogIndex", s.lastLogIndex());
      body.put("members", s.members());
      return complete(json(StatusCodes.OK, body));
    });
  }

  private Route read(String key, Optional<String> consistency) {
    String level = consistency.orElse("linearizable");
    Consistency chosen;
    if (level.equals("linearizable")) chosen = Consistency.LINEARIZABLE;
    else if (level.equals("local")) chosen = Consistency.LOCAL;
    else return complete(error(StatusCodes.BAD_REQUEST, "consistency must be linearizable or local", null));
    return onReply(kv.get(key, chosen), outcome -> answer(outcome, done -> done.result().ok()
        ? complete(HttpResponse.create().withEntity(
            HttpEntities.create(ContentTypes.APPLICATION_OCTET_STREAM, done.result().value())))
        : complete(error(StatusCodes.NOT_FOUND, "key not found", null))));
  }

  private Route write(String key, List<String> prevValue) {
    if (prevValue.size() > 1) {
      return complete(error(StatusCodes.BAD_REQUEST, "prevValue must be given at most once", null));
    }
    return body(value -> {
      if (prevValue.isEmpty()) {
        return onReply(kv.put(key, value), outcome -> answer(outcome, done -> complete(index(done.index()))));
      }
      byte[] expected = prevValue.get(0).getBytes(StandardCharsets.UTF_8);
      return onReply(kv.compareAndSet(key, expected, value), outcome -> answer(outcome, done -> done.result().ok()
          ? complete(index(done.index()))
          : complete(error(StatusCodes.PRECONDITION_FAILED, "compare failed: the key is absent or holds another value",
              null))));
    });
  }

  /**
   * The request body, at most the value limit. A body that arrived whole is used as it is: akka-http 10.2's
   * {@code toStrict} with a size limit runs a stream (an actor) even for a strict entity, which cost more
   * than the rest of a PUT's handling on the node.
   */
  private Route body(Function<byte[], Route> inner) {
    int limit = kv.limits().maxValueBytes();
    return extractRequestEntity(entity -> {
      if (entity instanceof HttpEntity.Strict strict) {
        return strict.getData().size() > limit ? tooLarge() : inner.apply(strict.getData().toArray());
      }
      // Declared too large: 413 before reading. Past akka-http's max-content-length the parser would
      // otherwise fail the stream with a 400 "Request too large".
      if (entity.getContentLengthOption().orElse(0L) > limit) return tooLarge();
      return withSizeLimit(limit, () -> extractStrictEntity(BODY_TIMEOUT, e -> inner.apply(e.getData().toArray())));
    });
  }

  private Route deleted(KvOutcome.Done done) {
    return done.result().ok()
        ? complete(index(done.index()))
        : complete(error(StatusCodes.NOT_FOUND, "key not found", null));
  }

  /** Maps what is not a plain success to its status code; {@code done} renders the success. */
  private Route answer(KvOutcome outcome, Function<KvOutcome.Done, Route> done) {
    if (outcome instanceof KvOutcome.Done d) {
      if (d.result().error() != null) return complete(error(StatusCodes.BAD_REQUEST, d.result().error(), null));
      return done.apply(d);
    }
    if (outcome instanceof KvOutcome.Invalid invalid) {
      return complete(error(invalid.tooLarge() ? StatusCodes.PAYLOAD_TOO_LARGE : StatusCodes.BAD_REQUEST,
          invalid.reason(), null));
    }
    if (outcome instanceof KvOutcome.Unavailable unavailable) {
      return respondWithHeader(RetryAfter.create(1L), () -> complete(error(StatusCodes.SERVICE_UNAVAILABLE,
          "no leader reachable: " + unavailable.reason() + "; nothing was applied, retry", unavailable.leader())));
    }
    KvOutcome.Unknown unknown = (KvOutcome.Unknown) outcome;
    return complete(error(StatusCodes.GATEWAY_TIMEOUT,
        "outcome unknown: " + unknown.reason()
            + (unknown.reason().contains("may or may not") ? "" : "; the write may or may not have been applied"),
        null));
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(EntityStreamSizeException.class, e -> tooLarge())
        .match(IllegalRequestException.class, e -> complete(error(e.status(), e.info().summary(), null)))
        .matchAny(e -> {
          log.error("request failed", e);
          return complete(error(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + e.getClass().getSimpleName(),
              null));
        })
        .build();
  }

  private Route tooLarge() {
    return complete(error(StatusCodes.PAYLOAD_TOO_LARGE,
        "value exceeds the limit of " + kv.limits().maxValueBytes() + " bytes", null));
  }

  private RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handleAll(MethodRejection.class, rejected -> complete(error(StatusCodes.METHOD_NOT_ALLOWED,
            "method not allowed here", null)))
        .handleNotFound(complete(error(StatusCodes.NOT_FOUND, "no such resource; use /status, /metrics or /kv/{key}", null)))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(response -> response.entity() instanceof akka.http.javadsl.model.HttpEntity.Strict s
            && !response.entity().getContentType().equals(ContentTypes.APPLICATION_JSON)
            ? error(response.status(), s.getData().utf8String(), null)
            : response);
  }
}
