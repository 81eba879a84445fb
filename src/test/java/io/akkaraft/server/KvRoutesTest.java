package io.akkaraft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.kv.KvLimits;
import io.akkaraft.kv.KvOutcome;
import io.akkaraft.server.metrics.NodeMetrics;
import io.akkaraft.testkit.Scrape;
import io.akkaraft.testkit.ScriptedKv;
import io.akkaraft.testkit.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every status code of the HTTP API, through a real akka-http server bound on a free port. */
class KvRoutesTest {
  private static final ActorTestKit kit = ActorTestKit.create("routes", TestConfigs.inMemory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ScriptedKv kv = new ScriptedKv(new KvLimits(64));
  private static final NodeMetrics metrics = new NodeMetrics();
  private static String base;

  @BeforeAll
  static void bind() {
    Status status = new Status("n1", "leader", 3, "n1", 7, 7, 8, List.of("n1", "n2", "n3"));
    KvRoutes routes = new KvRoutes(kv, () -> CompletableFuture.completedFuture(status), metrics);
    ServerBinding binding = Http.get(kit.system()).newServerAt("127.0.0.1", 0).bind(routes.routes())
        .toCompletableFuture().join();
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
    metrics.close();
  }

  @BeforeEach
  void emptyStore() {
    kv.reset();
  }

  private static HttpResponse<byte[]> send(String method, String path, String body) throws Exception {
    HttpRequest.BodyPublisher publisher = body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body);
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).method(method, publisher).build(),
        BodyHandlers.ofByteArray());
  }

  private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    return JSON.readTree(response.body());
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("GET /status: 200 with id, role, term, leader, commitIndex, lastApplied, members")
  void statusReportsTheMember() throws Exception {
    HttpResponse<byte[]> response = send("GET", "/status", null);
    assertEquals(200, response.statusCode());
    JsonNode status = json(response);
    assertEquals("n1", status.get("id").asText());
    assertEquals("leader", status.get("role").asText());
    assertEquals(3, status.get("term").asLong());
    assertEquals("n1", status.get("leader").asText());
    assertEquals(7, status.get("commitIndex").asLong());
    assertEquals(7, status.get("lastApplied").asLong());
    assertEquals(3, status.get("members").size());
  }

  @Test
  @DisplayName("PUT then GET: 200 with the index, then the value; GET of an absent key: 404")
  void putThenGet() throws Exception {
    HttpResponse<byte[]> put = send("PUT", "/kv/greeting", "hello");
    assertEquals(200, put.statusCode());
    assertTrue(json(put).get("index").asLong() > 0);
    HttpResponse<byte[]> get = send("GET", "/kv/greeting", null);
    assertEquals(200, get.statusCode());
    assertEquals("hello", text(get));
    HttpResponse<byte[]> absent = send("GET", "/kv/nothing-here", null);
    assertEquals(404, absent.statusCode());
    assertEquals("key not found", json(absent).get("error").asText());
    assertTrue(json(absent).has("leader"));
  }

  @Test
  @DisplayName("Keys are percent-decoded and may contain '/', '+' and UTF-8")
  void keysArePercentDecoded() throws Exception {
    assertEquals(200, send("PUT", "/kv/a/b+c%20%C3%A9", "v").statusCode());
    assertTrue(kv.calls().contains("put a/b+c é"), kv.calls().toString());
    assertEquals("v", text(send("GET", "/kv/a/b+c%20%C3%A9", null)));
  }

  @Test
  @DisplayName("GET ?consistency=local is a local read; another consistency is 400")
  void consistencyParameter() throws Exception {
    send("PUT", "/kv/c", "1");
    assertEquals(200, send("GET", "/kv/c?consistency=local", null).statusCode());
    assertTrue(kv.calls().contains("get c LOCAL"));
    assertEquals(400, send("GET", "/kv/c?consistency=eventual", null).statusCode());
  }

  @Test
  @DisplayName("PUT ?prevValue: 200 when it matched, 412 when the value differs or the key is absent")
  void compareAndSet() throws Exception {
    send("PUT", "/kv/cas", "old");
    assertEquals(412, send("PUT", "/kv/cas?prevValue=other", "new").statusCode());
    assertEquals(412, send("PUT", "/kv/cas-absent?prevValue=old", "new").statusCode());
    assertEquals(200, send("PUT", "/kv/cas?prevValue=old", "new").statusCode());
    assertEquals("new", text(send("GET", "/kv/cas", null)));
  }

  @Test
  @DisplayName("A malformed compare-and-set (prevValue twice) is 400 and changes nothing")
  void malformedCompareAndSet() throws Exception {
    send("PUT", "/kv/cas2", "a");
    HttpResponse<byte[]> response = send("PUT", "/kv/cas2?prevValue=a&prevValue=b", "c");
    assertEquals(400, response.statusCode());
    assertEquals("a", text(send("GET", "/kv/cas2", null)));
  }

  @Test
  @DisplayName("DELETE: 200 when the key existed, 404 when it did not")
  void delete() throws Exception {
    send("PUT", "/kv/gone", "x");
    assertEquals(200, send("DELETE", "/kv/gone", null).statusCode());
    assertEquals(404, send("DELETE", "/kv/gone", null).statusCode());
  }

  @Test
  @DisplayName("Bad input: empty key and key over 1,024 bytes are 400; a value over the limit is 413")
  void badInput() throws Exception {
    assertEquals(400, send("PUT", "/kv/", "x").statusCode());
    assertEquals(400, send("GET", "/kv/" + "k".repeat(KvLimits.MAX_KEY_BYTES + 1), null).statusCode());
    HttpResponse<byte[]> tooLarge = send("PUT", "/kv/big", "x".repeat(65));
    assertEquals(413, tooLarge.statusCode(), new String(tooLarge.body()));
    assertTrue(json(tooLarge).get("error").asText().contains("64 bytes"));
    assertEquals(404, send("GET", "/kv/big", null).statusCode(), "nothing was written");
  }

  @Test
  @DisplayName("Unknown paths are 404 and wrong methods 405, both as JSON errors")
  void unknownPathsAndMethods() throws Exception {
    HttpResponse<byte[]> unknown = send("GET", "/nothing", null);
    assertEquals(404, unknown.statusCode());
    assertTrue(json(unknown).has("error"));
    HttpResponse<byte[]> post = send("POST", "/kv/a", "x");
    assertEquals(405, post.statusCode());
    assertTrue(json(post).has("error"));
  }

  @Test
  @DisplayName("No leader within the request timeout: 503 with Retry-After and the known leader")
  void unavailableIs503WithRetryAfter() throws Exception {
    kv.answerNext(new KvOutcome.Unavailable("no leader known", "n2"));
    HttpResponse<byte[]> response = send("PUT", "/kv/x", "1");
    assertEquals(503, response.statusCode());
    assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
    assertEquals("n2", json(response).get("leader").asText());
    assertTrue(json(response).get("error").asText().contains("nothing was applied"));
  }

  @Test
  @DisplayName("Leader lost mid-commit: 504 saying the outcome is unknown, so the client knows to retry")
  void unknownOutcomeIs504() throws Exception {
    kv.answerNext(new KvOutcome.Unknown("leadership lost"));
    HttpResponse<byte[]> response = send("PUT", "/kv/x", "1");
    assertEquals(504, response.statusCode());
    assertTrue(json(response).get("error").asText().startsWith("outcome unknown"));
  }

  @Test
  @DisplayName("A request whose handling fails: 500 as a JSON error naming the failure, without a stack trace")
  void failedHandlingIs500WithoutStackTrace() throws Exception {
    kv.failNext(new IllegalStateException("journal gone"));
    HttpResponse<byte[]> response = send("PUT", "/kv/x", "1");
    assertEquals(500, response.statusCode());
    assertEquals("internal error: IllegalStateException", json(response).get("error").asText());
    assertFalse(text(response).contains("at io.akkaraft"), text(response));
    assertEquals(404, send("GET", "/kv/x", null).statusCode(), "nothing was written");
  }

  private static Scrape scrape() throws Exception {
    HttpResponse<byte[]> response = send("GET", "/metrics", null);
    assertEquals(200, response.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=UTF-8", response.headers().firstValue("Content-Type").orElse(""));
    return Scrape.parse(text(response));
  }

  private static double requests(Scrape scrape, String operation, String status) {
    return scrape.sum("kv_requests_seconds_count", "operation", operation, "status", status);
  }

  @Test
  @DisplayName("GET /metrics: 200 in the Prometheus text format, with every request timed by operation and status")
  void metricsCountRequestsByOperationAndStatus() throws Exception {
    Scrape before = scrape();
    assertTrue(before.has("jvm_memory_used_bytes"), before.toString());
    send("PUT", "/kv/m", "1");
    send("PUT", "/kv/m?prevValue=1", "2");
    send("PUT", "/kv/m?prevValue=1", "3");
    send("GET", "/kv/m", null);
    send("GET", "/kv/m?consistency=eventual", null);
    send("DELETE", "/kv/m", null);
    send("POST", "/kv/m", "x");
    send("GET", "/nothing", null);
    send("PUT", "/kv/big", "x".repeat(65));
    Scrape after = scrape();
    assertEquals(1, requests(after, "put", "2xx") - requests(before, "put", "2xx"));
    assertEquals(1, requests(after, "put", "4xx") - requests(before, "put", "4xx"), "413");
    assertEquals(1, requests(after, "cas", "2xx") - requests(before, "cas", "2xx"));
    assertEquals(1, requests(after, "cas", "4xx") - requests(before, "cas", "4xx"), "412");
    assertEquals(1, requests(after, "get", "2xx") - requests(before, "get", "2xx"));
    assertEquals(1, requests(after, "get", "4xx") - requests(before, "get", "4xx"), "400");
    assertEquals(1, requests(after, "delete", "2xx") - requests(before, "delete", "2xx"));
    assertEquals(2, requests(after, "other", "4xx") - requests(before, "other", "4xx"), "405 and 404");
    assertEquals(1, requests(after, "metrics", "2xx") - requests(before, "metrics", "2xx"), "the first scrape");
  }
}
