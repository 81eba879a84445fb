package io.akkaraft.server;

import akka.event.LoggingAdapter;
import akka.http.ParsingErrorHandler;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.scaladsl.model.ErrorInfo;
import akka.http.scaladsl.model.StatusCode;
import akka.http.scaladsl.settings.ServerSettings;

/**
 * Answers requests akka-http cannot parse (before any route runs) with the API's JSON error body, set as
 * {@code akka.http.server.parsing.error-handler}. akka-http calls these 501 (unknown method, transfer
 * encoding) or 505 (HTTP version); they are the client's malformed bytes, not a server fault, so they are
 * answered 400 and a 5xx always means the node failed.
 */
public final class JsonParsingErrorHandler extends ParsingErrorHandler {

  /** Instantiated by akka-http through reflection. */
  public JsonParsingErrorHandler() {}

  @Override
  public HttpResponse handle(StatusCode status, ErrorInfo error, LoggingAdapter log, ServerSettings settings) {
    log.debug("unparseable request ({}): {}", status, error.formatPretty());
    akka.http.javadsl.model.StatusCode answer = status.intValue() >= 500 ? StatusCodes.BAD_REQUEST : status;
    String message = error.summary().isEmpty() ? status.reason() : error.summary();
    return JsonResponses.error(answer, message, null); // akka-http closes the connection after it
  }
}
