package io.akkaraft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.kv.KvLimits;
import io.akkaraft.kv.KvOutcome;
import io.akkaraft.server.metrics.NodeMetrics;
import io.akkaraft.server.KvRoutes;
import io.akkaraft.testkit.ScriptedKv;
import io.akkaraft.testkit.TestConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code kv} and {@code status} commands against the real HTTP routes of two nodes (over scripted
 * key-value stores) and a closed port: what each answer prints, its exit code, and when the client moves
 * on to the next endpoint (only on a refused connection or 503).
 */
class KvClientTest {
  private static final ActorTestKit kit = ActorTestKit.create("kv-client", TestConfigs.inMemory());
  private static final KvLimits LIMITS = new KvLimits(64);
  private static final ScriptedKv first = new ScriptedKv(LIMITS);
  private static final ScriptedKv second = new ScriptedKv(LIMITS);
  private static final NodeMetrics metrics = new NodeMetrics();
  private static String firstUrl;
  private static String secondUrl;
  private static String closedUrl;

  @BeforeAll
  static void bind() {
    firstUrl = serve(first, new Status("n1", "leader", 3, "n1", 7, 7, 8, List.of("n1", "n2", "n3")));
    secondUrl = serve(second, new Status("n2", "follower", 3, "n1", 7, 6, 8, List.of("n1", "n2", "n3")));
    closedUrl = "http://127.0.0.1:" + closedPort();
  }

  private static String serve(ScriptedKv kv, Status status) {
    KvRoutes routes = new KvRoutes(kv, () -> CompletableFuture.completedFuture(status), metrics);
    int port = Http.get(kit.system()).newServerAt("127.0.0.1", 0).bind(routes.routes())
        .toCompletableFuture().join().localAddress().getPort();
    return "http://127.0.0.1:" + port;
  }

  /** A port nothing listens on: bound once to get a free one, then released. */
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
    metrics.close();
  }

  @BeforeEach
  void emptyStores() {
    first.reset();
    second.reset();
  }

  /** Runs {@code kv <args> --endpoints <endpoints>}. */
  private static CliRun kv(String endpoints, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "kv";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--endpoints";
    all[args.length + 2] = endpoints;
    return CliRun.of(all);
  }

  @Test
  @DisplayName("put prints the commit index; get prints the value; both exit 0")
  void putPrintsTheIndexAndGetPrintsTheValue() {
    kv(firstUrl, "put", "colour", "blue").assertSuccess("OK index=1");
    kv(firstUrl, "put", "colour", "green").assertSuccess("OK index=2");
    kv(firstUrl, "get", "colour").assertSuccess("green");
    assertEquals(List.of("put colour", "put colour", "get colour LINEARIZABLE"), first.calls());
  }

  @Test
  @DisplayName("get --local asks for a local (possibly stale) read")
  void localGetAsksForALocalRead() {
    kv(firstUrl, "put", "k", "v").assertSuccess("OK index=1");
    kv(firstUrl, "get", "k", "--local").assertSuccess("v");
    assertEquals("get k LOCAL", first.calls().get(1));
  }

  @Test
  @DisplayName("Keys and values with '/', '+', '&', '?', '%', spaces and non-ASCII arrive unchanged")
  void reservedCharactersArriveUnchanged() {
    String key = "a/b c+d?e&f=%2F/é";
    String value = "x+y &z=?é";
    kv(firstUrl, "put", key, value).assertSuccess("OK index=1");
    kv(firstUrl, "get", key).assertSuccess(value);
    kv(firstUrl, "cas", key, value, "next").assertSuccess("OK index=2");
    kv(firstUrl, "get", key).assertSuccess("next");
    assertEquals("put " + key, first.calls().get(0));
    assertEquals("cas " + key, first.calls().get(2));
  }

  @Test
  @DisplayName("get of an absent key: 404, 'error: key not found', exit 1")
  void getOfAbsentKeyIsADefiniteFailure() {
    kv(firstUrl, "get", "missing").assertFailure(1, "error: key not found");
  }

  @Test
  @DisplayName("delete: OK index=N when the key existed, else 404 and exit 1")
  void deleteRemovesTheKeyOrFails() {
    kv(firstUrl, "put", "k", "v").assertSuccess("OK index=1");
    kv(firstUrl, "delete", "k").assertSuccess("OK index=2");
    kv(firstUrl, "delete", "k").assertFailure(1, "error: key not found");
    kv(firstUrl, "get", "k").assertFailure(1, "error: key not found");
  }

  @Test
  @DisplayName("cas: sets only when the key holds EXPECTED; otherwise 412, exit 1, value unchanged")
  void casSetsOnlyWhenTheExpectedValueMatches() {
    String compareFailed = "error: compare failed: the key is absent or holds another value";
    kv(firstUrl, "cas", "k", "old", "new").assertFailure(1, compareFailed);
    kv(firstUrl, "put", "k", "old").assertSuccess("OK index=2");
    kv(firstUrl, "cas", "k", "other", "new").assertFailure(1, compareFailed);
    kv(firstUrl, "get", "k").assertSuccess("old");
    kv(firstUrl, "cas", "k", "old", "new").assertSuccess("OK index=4");
    kv(firstUrl, "get", "k").assertSuccess("new");
  }

  @Test
  @DisplayName("A value over the limit: 413, exit 1, nothing written")
  void tooLargeValueIsADefiniteFailure() {
    kv(firstUrl, "put", "k", "x".repeat(65)).assertFailure(1, "error: value exceeds the limit of 64 bytes");
    assertEquals(List.of(), first.calls());
  }

  @Test
  @DisplayName("A malformed request (empty key): 400, exit 1")
  void malformedRequestIsADefiniteFailure() {
    kv(firstUrl, "get", "").assertFailure(1, "error: key must not be empty");
  }

  @Test
  @DisplayName("A refused connection moves on to the next endpoint")
  void failsOverPastAnEndpointThatRefusesConnections() {
    kv(closedUrl + "," + firstUrl, "put", "k", "v").assertSuccess("OK index=1");
    assertEquals(List.of("put k"), first.calls());
  }

  @Test
  @DisplayName("503 (no leader; nothing applied) moves on to the next endpoint")
  void failsOverPastAnEndpointWithoutLeader() {
    first.answerNext(new KvOutcome.Unavailable("no leader known", null));
    kv(firstUrl + "," + secondUrl, "put", "k", "v").assertSuccess("OK index=1");
    assertEquals(List.of("put k"), first.calls());
    assertEquals(List.of("put k"), second.calls());
  }

  @Test
  @DisplayName("504 (outcome unknown) is not sent again elsewhere: exit 3")
  void outcomeUnknownIsNotRetriedOnAnotherEndpoint() {
    first.answerNext(new KvOutcome.Unknown("leader lost"));
    kv(firstUrl + "," + secondUrl, "put", "k", "v").assertFailure(3,
        "error: outcome unknown: leader lost; the write may or may not have been applied");
    assertEquals(List.of(), second.calls());
  }

  @Test
  @DisplayName("503 from every endpoint: the last one's error, exit 3")
  void unavailableEverywhereExitsThree() {
    first.answerNext(new KvOutcome.Unavailable("no leader known", null));
    second.answerNext(new KvOutcome.Unavailable("election in progress", "n3"));
    kv(firstUrl + "," + secondUrl, "get", "k").assertFailure(3, "error: no leader reachable: election in progress; "
        + "nothing was applied, retry (" + secondUrl + ")");
    assertEquals(1, first.calls().size());
    assertEquals(1, second.calls().size());
  }

  @Test
  @DisplayName("No endpoint reachable: one line naming each, exit 3")
  void noEndpointReachableExitsThree() {
    String other = "http://127.0.0.1:" + closedPort();
    kv(closedUrl + "," + other, "delete", "k").assertFailure(3, "error: no endpoint reachable: "
        + closedUrl + " (cannot connect), " + other + " (cannot connect)");
  }

  @Test
  @DisplayName("status: one aligned row per endpoint, unreachable ones marked; exit 0 if any answered")
  void statusPrintsOneAlignedRowPerEndpoint() {
    CliRun run = CliRun.of("status", "--endpoints", firstUrl + "," + closedUrl + "," + secondUrl);
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(List.of(), run.err());
    List<String> lines = run.out();
    assertEquals(4, lines.size(), run::toString);
    String header = lines.get(0);
    assertTrue(header.matches("ENDPOINT +ID +ROLE +TERM +LEADER +COMMIT +APPLIED +LAST-LOG +MEMBERS"), header);
    assertTrue(lines.get(1).matches("\\Q" + firstUrl + "\\E +n1 +leader +3 +n1 +7 +7 +8 +n1,n2,n3"), lines.get(1));
    assertEquals(closedUrl, lines.get(2).split(" +")[0]);
    assertTrue(lines.get(2).endsWith("unreachable: cannot connect"), lines.get(2));
    assertTrue(lines.get(3).matches("\\Q" + secondUrl + "\\E +n2 +follower +3 +n1 +7 +6 +8 +n1,n2,n3"), lines.get(3));
    // aligned: text columns start under their heading, numbers end under it
    for (int row : new int[] {1, 3}) {
      assertEquals(header.indexOf("ROLE"), lines.get(row).indexOf(row == 1 ? "leader" : "follower"));
      assertEquals(header.indexOf("TERM") + 4, lines.get(row).indexOf(" 3 ") + 2);
      assertEquals(header.indexOf("MEMBERS"), lines.get(row).indexOf("n1,n2,n3"));
    }
  }

  @Test
  @DisplayName("status with no endpoint reachable: every row unreachable, exit 3")
  void statusWithNoEndpointReachableExitsThree() {
    CliRun run = CliRun.of("status", "--endpoints", closedUrl);
    assertEquals(3, run.exitCode(), run::toString);
    assertEquals(2, run.out().size(), run::toString);
    assertTrue(run.out().get(1).matches("\\Q" + closedUrl + "\\E +unreachable: cannot connect"), run.out().get(1));
  }
}
