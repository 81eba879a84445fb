package io.akkaraft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Requests to the nodes' HTTP API with fail-over: endpoints are tried in order, and the next one only when
 * the current one cannot be connected to or answers 503 (no leader reachable: nothing was applied, so
 * another node may safely be asked). Any other answer, or a request that was sent but got no answer, ends
 * the attempt: resending a write whose outcome is unknown could apply it twice.
 */
final class ClusterHttp {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  /** Longer than a node's own request timeout (5s by default), after which it answers 503 or 504. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(CONNECT_TIMEOUT)
      .build();
  private final List<URI> endpoints;

  ClusterHttp(List<URI> endpoints) {
    this.endpoints = List.copyOf(endpoints);
  }

  /** An HTTP answer from {@code endpoint}. */
  record Reply(URI endpoint, int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The JSON body, or null if it is not JSON. */
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        return null;
      }
    }

    /** The {@code error} of a JSON error body, else the status and the start of the body. */
    String errorMessage() {
      JsonNode json = json();
      if (json != null && json.hasNonNull("error")) return json.get("error").asText();
      String text = text().strip().replaceAll("\\s+", " ");
      return "HTTP " + status + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) : text));
    }
  }

  /** No definite answer: every endpoint was unreachable or unavailable, or one received the request and went silent. */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  /** Sends {@code method path} to the endpoints in turn; {@code body} null for none. */
  Reply send(String method, String path, byte[] body) throws Unavailable {
    List<String> unreachable = new ArrayList<>();
    Reply unavailable = null;
    for (URI endpoint : endpoints) {
      HttpResponse<byte[]> response;
      try {
        response = http.send(request(endpoint, method, path, body), BodyHandlers.ofByteArray());
      } catch (ConnectException | HttpConnectTimeoutException e) {
        unreachable.add(endpoint + " (" + describe(e) + ")");
        continue;
      } catch (IOException e) {
        throw new Unavailable("no answer from " + endpoint + " (" + describe(e) + "); the outcome is unknown");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Unavailable("interrupted; the outcome is unknown");
      }
      Reply reply = new Reply(endpoint, response.statusCode(), response.body());
      if (reply.status() != 503) return reply;
      unavailable = reply;
    }
    if (unavailable != null) throw new Unavailable(unavailable.errorMessage() + " (" + unavailable.endpoint() + ")");
    throw new Unavailable("no endpoint reachable: " + String.join(", ", unreachable));
  }

  /** One GET to one endpoint, for commands that ask every node. */
  CompletableFuture<Reply> get(URI endpoint, String path) {
    return http.sendAsync(request(endpoint, "GET", path, null), BodyHandlers.ofByteArray())
        .thenApply(response -> new Reply(endpoint, response.statusCode(), response.body()));
  }

  private static HttpRequest request(URI endpoint, String method, String path, byte[] body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(endpoint + path)).timeout(REQUEST_TIMEOUT);
    if (body == null) return builder.method(method, BodyPublishers.noBody()).build();
    return builder.header("Content-Type", "application/octet-stream")
        .method(method, BodyPublishers.ofByteArray(body)).build();
  }

  /** A one-line reason for a failed connection or request. */
  static String describe(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof HttpConnectTimeoutException) return "connect timed out";
    if (cause instanceof HttpTimeoutException) return "timed out";
    // The JDK's client reports a refused connection as a ConnectException without a message.
    if (cause instanceof ConnectException && cause.getMessage() == null) return "cannot connect";
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage().lines().findFirst().orElse("");
    }
    return cause.getClass().getSimpleName();
  }

  /**
   * Percent-encodes {@code text} as UTF-8 for a path segment or query value: everything except RFC 3986's
   * unreserved characters, so '/', '+', '&amp;', '?' and spaces in keys and values arrive unchanged.
   */
  static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~';
      if (unreserved) out.append(c);
      else out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
          .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
    }
    return out.toString();
  }
}
