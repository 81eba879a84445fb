package io.akkaraft.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.typed.ActorSystem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkaraft.testkit.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Malformed HTTP, sent over raw sockets to a real single-node key-value node: every answer is a 4xx with a
 * JSON error body, whether the routes answered it or akka-http's parser did (JsonParsingErrorHandler), no
 * connection is left hanging, and the node serves normal requests afterwards.
 *
 * <p>Each case is generated from {@code SEED + its number}, so a failing case can be replayed alone. A case
 * that is incomplete by construction (a body shorter than its Content-Length, an unfinished chunked body,
 * random bytes) half-closes its socket after sending, as a client that gives up would: the server must then
 * answer or close. Every other case must be answered without that.
 */
class HttpFuzzTest {
  private static final long SEED = 0x5EED_F022L;
  private static final int CASES = 3000;
  /** The fuzzing stops early past this, so the whole test stays well under 30 s on a loaded machine. */
  private static final Duration BUDGET = Duration.ofSeconds(18);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
  private static final int MAX_VALUE_BYTES = 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ActorTestKit probes = ActorTestKit.create("http-fuzz-probes", TestConfigs.inMemory());
  private static ActorSystem<Void> node;
  private static int httpPort;

  @BeforeAll
  static void startNode() throws Exception {
    int raftPort = freePort();
    httpPort = freePort();
    Map<String, NodeConfig.Address> members = Map.of("f1", new NodeConfig.Address("127.0.0.1", raftPort));
    Path dir = Files.createTempDirectory("kv-fuzz");
    NodeConfig config = new NodeConfig("f1", "127.0.0.1", raftPort, httpPort, members, dir.resolve("f1"),
        Duration.ofSeconds(5), MAX_VALUE_BYTES);
    node = KvNode.start(config, DataDirectory.open(dir.resolve("f1"), NodeConfig.GROUP, "f1"));
    roundTrip("warm-up"); // the single member has elected itself and serves writes
  }

  @AfterAll
  static void stopNode() {
    node.terminate();
    node.getWhenTerminated().toCompletableFuture().join();
    probes.shutdownTestKit();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A PUT then a GET of the same key, retried until the node has a leader. */
  private static void roundTrip(String key) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI uri = URI.create("http://127.0.0.1:" + httpPort + "/kv/" + key);
    probes.createTestProbe().awaitAssert(Duration.ofSeconds(20), Duration.ofMillis(100), () -> {
      HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
          .PUT(HttpRequest.BodyPublishers.ofString("value-of-" + key)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, put.statusCode(), put.body());
      HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, get.statusCode(), get.body());
      assertEquals("value-of-" + key, get.body());
      return null;
    });
  }

  /** One generated request: its bytes, and whether the client half-closes after sending them. */
  private record Case(String kind, byte[] bytes, boolean halfClose) {
    @Override
    public String toString() {
      String shown = new String(bytes, 0, Math.min(bytes.length, 300), ISO_8859_1)
          .replace("\r", "\\r").replace("\n", "\\n");
      return kind + " (" + bytes.length + " bytes" + (halfClose ? ", half-closed" : "") + "): " + shown;
    }
  }

  /** What the server did: answered (status, headers, body), or closed without an answer. */
  private record Answer(int status, Map<String, String> headers, byte[] body) {}

  @Test
  @DisplayName("Malformed requests are all answered 4xx with a JSON error, or closed; none 5xx, none hanging; the node still serves")
  void malformedRequestsGetJsonClientErrorsAndNeverHang() throws Exception {
    long deadline = System.nanoTime() + BUDGET.toNanos();
    Map<String, Integer> answeredByKind = new TreeMap<>();
    Map<String, Integer> closedByKind = new TreeMap<>();
    int sent = 0;
    for (int i = 0; i < CASES && System.nanoTime() < deadline; i++, sent++) {
      Case c = generate(new Random(SEED + i), i);
      Answer answer = exchange(c);
      if (answer == null) {
        closedByKind.merge(c.kind(), 1, Integer::sum);
        continue;
      }
      answeredByKind.merge(c.kind() + ":" + answer.status(), 1, Integer::sum);
      String where = "case " + i + " " + c + " -> " + answer.status() + " " + answer.headers();
      assertTrue(answer.status() >= 400 && answer.status() < 500, "not a 4xx: " + where);
      assertEquals("application/json", answer.headers().get("content-type"), where);
      JsonNode body = JSON.readTree(answer.body());
      assertTrue(body.path("error").isTextual(), "no JSON error in " + new String(answer.body(), ISO_8859_1) + ": " + where);
      if (c.kind().equals("body-oversized") || c.kind().equals("body-huge-declared")) {
        assertEquals(413, answer.status(), "a body over the limit: " + where);
      }
    }
    assertTrue(sent >= 500, "only " + sent + " cases in " + BUDGET.toSeconds() + " s");
    assertTrue(closedByKind.keySet().stream().allMatch(HALF_CLOSING::contains),
        "only half-closed cases may end without an answer: " + closedByKind);
    System.out.println("fuzzed " + sent + " requests; answered " + answeredByKind + "; closed unanswered " + closedByKind);
    roundTrip("after-fuzzing");
  }

  private static final List<String> HALF_CLOSING = List.of("body-truncated", "chunked-unfinished", "garbage",
      "body-huge-declared");

  /** Sends the case on a fresh connection; the answer, or null if the server closed without one. */
  private static Answer exchange(Case c) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", httpPort), 2000);
      socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
      try {
        socket.getOutputStream().write(c.bytes());
        socket.getOutputStream().flush();
        if (c.halfClose()) socket.shutdownOutput();
      } catch (IOException closedWhileSending) {
        // the server may answer and close before reading everything (a huge header): read what it sent
      }
      try {
        return readAnswer(socket.getInputStream());
      } catch (SocketTimeoutException e) {
        fail("no answer and no close within " + ANSWER_TIMEOUT.toSeconds() + " s: " + c);
        return null;
      } catch (IOException reset) {
        return null; // reset: closed
      }
    }
  }

  private static Answer readAnswer(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') break;
      if (n > 65_536) throw new AssertionError("response head over 64 KiB");
    }
    if (head.size() == 0) return null;
    if (b == -1) throw new AssertionError("connection closed inside the response head: " + head.toString(ISO_8859_1));
    String[] lines = head.toString(ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    if (body.length < length) throw new AssertionError("connection closed inside the response body");
    return new Answer(status, headers, body);
  }

  // --- generation -------------------------------------------------------------------------------------------

  private static final String[] KINDS = {"method", "path", "query", "header", "version", "body-length",
      "body-truncated", "body-huge-declared", "body-oversized", "chunked", "chunked-unfinished", "garbage"};

  /**
   * Request targets that are answered 4xx even when everything else about the request is well formed, so
   * that a defect the parser tolerates still cannot make a case succeed (or change the store).
   */
  private static String clientErrorTarget(Random rnd, int i) {
    return switch (rnd.nextInt(5)) {
      case 0 -> "GET /nope/" + i;
      case 1 -> "GET /kv/absent-" + i;
      case 2 -> "POST /kv/k" + i;
      case 3 -> "GET /kv/k" + i + "?consistency=bogus";
      default -> "PUT /kv/k" + i + "?prevValue=a&prevValue=b";
    };
  }

  private static Case generate(Random rnd, int i) {
    String kind = KINDS[rnd.nextInt(KINDS.length)];
    String host = "Host: 127.0.0.1\r\n";
    return switch (kind) {
      case "method" -> text(kind, pick(rnd, "FOO", "get", "PUTT", "G ET", "\u0001GET", "GE\u00ffT", "OPTIONS", "TRACE",
          "PATCH", "CONNECT", token(rnd, 1 + rnd.nextInt(40))) + " /kv/k" + i + " HTTP/1.1\r\n" + host + "\r\n", false);
      case "path" -> text(kind, "GET " + pick(rnd,
          "/kv/absent-" + i + percent(rnd), "/kv/" + percent(rnd) + i, "kv/x" + i, "*", "/kv/a b" + i,
          "/" + "a".repeat(5_000 + rnd.nextInt(20_000)), "/kv/\u00e9\u00ff" + i, "//kv//absent" + i,
          "http://127.0.0.1/kv/absent-" + i, "/kv/%" + i, "/\u0000/kv") + " HTTP/1.1\r\n" + host + "\r\n", false);
      case "query" -> text(kind, "GET /kv/absent-" + i + "?" + pick(rnd, "%zz", "a=%", "consistency=%00",
          "consistency=" + percent(rnd), "&&==", "a=%C0", "consistency=local&consistency=%zz", token(rnd, 30),
          "q=" + "x".repeat(10_000)) + " HTTP/1.1\r\n" + host + "\r\n", false);
      case "header" -> text(kind, clientErrorTarget(rnd, i) + " HTTP/1.1\r\n" + host + pick(rnd,
          "X-Big: " + "v".repeat(9_000 + rnd.nextInt(30_000)) + "\r\n",
          "X-Many: 1\r\n".repeat(70 + rnd.nextInt(200)),
          "Bad Name: x\r\n", "X-\u0001: x\r\n", "X-A: \u0000\u007f\u00ff\r\n", "X-\u00e9: \u00e9\r\n",
          "NoColon\r\n", " folded: x\r\n", "X-A: x\n", "Content-Type: application/json; charset=\u00ff\r\n",
          "Host: second\r\n", "N".repeat(10_000) + ": x\r\n", token(rnd, 20) + ": " + token(rnd, 200) + "\r\n")
          + "Content-Length: 0\r\n\r\n", false);
      case "version" -> text(kind, "GET /kv/absent-" + i + pick(rnd, " HTTP/0.9", " HTTP/3.0", " HTTP/1.2",
          " HTTP/2.0", " HTTX/1.1", " http/1.1", " HTTP/1", " HTTP/1.1.1", " HTTP/1.0", "", " " + token(rnd, 12))
          + "\r\n" + host + "\r\n", false);
      case "body-length" -> text(kind, "PUT /kv/k" + i + "?prevValue=a&prevValue=b HTTP/1.1\r\n" + host + pick(rnd,
          "Content-Length: abc\r\n", "Content-Length: -1\r\n", "Content-Length: 1e3\r\n",
          "Content-Length: 99999999999999999999\r\n", "Content-Length: 3\r\nContent-Length: 4\r\n",
          "Content-Length: 2\r\n", "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n")
          + "\r\nabcdefgh", false);
      case "body-truncated" -> text(kind, "PUT /kv/absent-" + i + "?prevValue=zzz HTTP/1.1\r\n" + host
          + "Content-Length: " + (10 + rnd.nextInt(MAX_VALUE_BYTES)) + "\r\n\r\nabc", true);
      case "body-huge-declared" -> text(kind, "PUT /kv/big-" + i + " HTTP/1.1\r\n" + host
          + "Content-Length: " + (MAX_VALUE_BYTES + 1 + rnd.nextInt(Integer.MAX_VALUE - MAX_VALUE_BYTES)) + "\r\n\r\n", true);
      case "body-oversized" -> oversized(rnd, i, host);
      case "chunked" -> text(kind, "PUT /kv/absent-" + i + "?prevValue=zzz HTTP/1.1\r\n" + host
          + "Transfer-Encoding: " + pick(rnd, "chunked", "chunked", "chunked", "gzip, chunked", "bogus", "identity")
          + "\r\n\r\n" + pick(rnd, "zz\r\nabc\r\n0\r\n\r\n", "-1\r\nabc\r\n0\r\n\r\n", "fffffffffffffffffff\r\n",
          "3\r\nabcdef\r\n0\r\n\r\n", "3;\u0001=x\r\nabc\r\n0\r\n\r\n", "3\r\nabc\r\n0\r\nBad Trailer\r\n\r\n",
          "3 \r\nabc\r\n0\r\n\r\n", "3\r\nabc0\r\n\r\n", "3\r\nabc\r\n0\r\n\r\n"), false);
      case "chunked-unfinished" -> text(kind, "PUT /kv/absent-" + i + "?prevValue=zzz HTTP/1.1\r\n" + host
          + "Transfer-Encoding: chunked\r\n\r\n" + pick(rnd, "3\r\nab", "3\r\nabc\r\n", "a\r\n", ""), true);
      default -> {
        byte[] noise = new byte[rnd.nextInt(2_000)];
        rnd.nextBytes(noise);
        yield new Case("garbage", noise, true);
      }
    };
  }

  /** A body over --max-value-bytes, with its true length or chunked: 413 with a JSON error. */
  private static Case oversized(Random rnd, int i, String host) {
    byte[] value = new byte[MAX_VALUE_BYTES + 1 + rnd.nextInt(4 * MAX_VALUE_BYTES)];
    rnd.nextBytes(value);
    String head = "PUT /kv/big-" + i + " HTTP/1.1\r\n" + host;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (rnd.nextBoolean()) {
      bytes.writeBytes((head + "Content-Length: " + value.length + "\r\n\r\n").getBytes(ISO_8859_1));
      bytes.writeBytes(value);
    } else {
      bytes.writeBytes((head + "Transfer-Encoding: chunked\r\n\r\n").getBytes(ISO_8859_1));
      for (int at = 0; at < value.length; at += 512) {
        int n = Math.min(512, value.length - at);
        bytes.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(ISO_8859_1));
        bytes.write(value, at, n);
        bytes.writeBytes("\r\n".getBytes(ISO_8859_1));
      }
      bytes.writeBytes("0\r\n\r\n".getBytes(ISO_8859_1));
    }
    return new Case("body-oversized", bytes.toByteArray(), false);
  }

  /** Characters above U+00FF are never used: each char is one byte. */
  private static Case text(String kind, String request, boolean halfClose) {
    return new Case(kind, request.getBytes(ISO_8859_1), halfClose);
  }

  private static String pick(Random rnd, String... options) {
    return options[rnd.nextInt(options.length)];
  }

  private static String percent(Random rnd) {
    return pick(rnd, "%zz", "%0", "%", "%00", "%C0%AF", "%E0%80%AF", "%FF%FE", "%25zz", "%c3", "%%41", "%u0041");
  }

  /** Printable and unprintable bytes alike, never CR or LF. */
  private static String token(Random rnd, int length) {
    StringBuilder s = new StringBuilder();
    Function<Integer, Character> any = n -> (char) n.intValue();
    while (s.length() < length) {
      char c = any.apply(rnd.nextInt(256));
      if (c != '\r' && c != '\n') s.append(c);
    }
    return s.toString();
  }
}
