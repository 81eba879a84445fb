package io.akkaraft.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorSystem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkaraft.kv.KvLimits;
import io.akkaraft.testkit.Scrape;
import io.akkaraft.testkit.TestConfigs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Three key-value nodes in one JVM, each its own actor system on Artery TCP with the real LevelDB journal
 * and the HTTP API, joined in one Akka Cluster: any node accepts any request, and each node's metrics follow
 * what its member does.
 */
class KvClusterHttpTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int MAX_VALUE_BYTES = KvLimits.DEFAULT_MAX_VALUE_BYTES;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ActorTestKit probes = ActorTestKit.create("cluster-http-probes", TestConfigs.inMemory());
  private static final Map<String, ActorSystem<Void>> nodes = new LinkedHashMap<>();
  private static final Map<String, String> endpoints = new LinkedHashMap<>();

  @BeforeAll
  static void startCluster() throws Exception {
    Map<String, NodeConfig.Address> members = new LinkedHashMap<>();
    Map<String, Integer> httpPorts = new LinkedHashMap<>();
    for (String id : new String[] {"n1", "n2", "n3"}) {
      members.put(id, new NodeConfig.Address("127.0.0.1", freePort()));
      httpPorts.put(id, freePort());
    }
    Path dir = Files.createTempDirectory("kv-cluster");
    for (String id : members.keySet()) {
      NodeConfig config = new NodeConfig(id, "127.0.0.1", members.get(id).port(), httpPorts.get(id), members,
          dir.resolve(id), Duration.ofSeconds(5), MAX_VALUE_BYTES);
      nodes.put(id, KvNode.start(config, DataDirectory.open(dir.resolve(id), NodeConfig.GROUP, id)));
      endpoints.put(id, "http://127.0.0.1:" + httpPorts.get(id));
    }
  }

  @AfterAll
  static void stopCluster() {
    nodes.values().forEach(ActorSystem::terminate);
    nodes.values().forEach(s -> s.getWhenTerminated().toCompletableFuture().join());
    probes.shutdownTestKit();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static HttpResponse<String> send(String node, String method, String path, String body) throws Exception {
    HttpRequest.BodyPublisher publisher =
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    return http.send(request(node, method, path, publisher), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<byte[]> sendBytes(String node, String method, String path, byte[] body) throws Exception {
    HttpRequest.BodyPublisher publisher =
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
    return http.send(request(node, method, path, publisher), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpRequest request(String node, String method, String path, HttpRequest.BodyPublisher body) {
    return HttpRequest.newBuilder(URI.create(endpoints.get(node) + path)).method(method, body)
        .timeout(Duration.ofSeconds(10)).build();
  }

  /** The leader all live nodes agree on. */
  private static String awaitLeader() {
    TestProbe<Object> probe = probes.createTestProbe();
    return probe.awaitAssert(WAIT, Duration.ofMillis(200), () -> {
      String leader = null;
      for (String node : nodes.keySet()) {
        JsonNode status = JSON.readTree(send(node, "GET", "/status", null).body());
        String seen = status.get("leader").isNull() ? null : status.get("leader").asText();
        if (seen == null || (leader != null && !leader.equals(seen))) throw new AssertionError(node + " sees " + seen);
        leader = seen;
      }
      return leader;
    });
  }

  @Test
  @DisplayName("Any node accepts any request; reads after a leader change never return an older value")
  void anyNodeServesAndReadsSurviveLeaderChange() throws Exception {
    String leader = awaitLeader();
    for (String node : nodes.keySet()) {
      assertEquals(200, send(node, "PUT", "/kv/from-" + node, "v-" + node).statusCode());
    }
    for (String reader : nodes.keySet()) {
      for (String writer : nodes.keySet()) {
        HttpResponse<String> read = send(reader, "GET", "/kv/from-" + writer, null);
        assertEquals(200, read.statusCode(), reader + " reading " + writer + ": " + read.body());
        assertEquals("v-" + writer, read.body());
      }
    }
    String follower = nodes.keySet().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
    assertEquals(200, send(follower, "PUT", "/kv/counter", "1").statusCode());
    assertEquals(200, send(follower, "PUT", "/kv/counter?prevValue=1", "2").statusCode());
    assertEquals(412, send(leader, "PUT", "/kv/counter?prevValue=1", "3").statusCode());

    ActorSystem<Void> stopped = nodes.remove(leader);
    stopped.terminate();
    stopped.getWhenTerminated().toCompletableFuture().join();
    String newLeader = awaitLeader();
    for (String node : nodes.keySet()) {
      HttpResponse<String> read = send(node, "GET", "/kv/counter", null);
      assertEquals("2", read.body(), node + " after the leader change to " + newLeader);
    }
    assertEquals(200, send(follower, "PUT", "/kv/counter?prevValue=2", "3").statusCode());
    for (String node : nodes.keySet()) assertEquals("3", send(node, "GET", "/kv/counter", null).body());
  }

  private static Scrape scrape(String node) throws Exception {
    HttpResponse<String> response = send(node, "GET", "/metrics", null);
    assertEquals(200, response.statusCode());
    assertEquals("text/plain; version=0.0.4; charset=UTF-8", response.headers().firstValue("Content-Type").orElse(""));
    return Scrape.parse(response.body());
  }

  private static double increase(Scrape before, Scrape after, String name, String... labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  @Test
  @DisplayName("Metrics move when the cluster works: indices, journal writes, AppendEntries, requests, roles")
  void metricsFollowTheCluster() throws Exception {
    String leader = awaitLeader();
    Map<String, Scrape> before = new HashMap<>();
    for (String node : nodes.keySet()) before.put(node, scrape(node));

    int writesPerNode = 4;
    for (String node : nodes.keySet()) {
      for (int i = 0; i < writesPerNode; i++) {
        assertEquals(200, send(node, "PUT", "/kv/metrics-" + node + "-" + i, "v" + i).statusCode());
        assertEquals(200, send(node, "GET", "/kv/metrics-" + node + "-" + i, null).statusCode());
      }
    }
    int writes = writesPerNode * nodes.size();
    int followers = nodes.size() - 1;

    TestProbe<Object> probe = probes.createTestProbe();
    probe.awaitAssert(WAIT, Duration.ofMillis(200), () -> {
      Map<String, Scrape> after = new HashMap<>();
      for (String node : nodes.keySet()) after.put(node, scrape(node));
      for (String node : nodes.keySet()) {
        Scrape was = before.get(node);
        Scrape now = after.get(node);
        String role = node.equals(leader) ? "leader" : "follower";
        assertEquals(1, now.value("raft_role", "role", role), node + " is " + role);
        assertEquals(after.get(leader).value("raft_term"), now.value("raft_term"), node + " is in the leader's term");
        assertTrue(now.value("raft_leader_changes_total") >= 1, node + " has seen a leader");
        assertTrue(increase(was, now, "raft_commit_index") >= writes, node + " commit index");
        assertTrue(increase(was, now, "raft_last_applied") >= writes, node + " applied index");
        assertEquals(now.value("raft_log_last_index"), now.value("raft_last_applied"), node + " applied all its log");
        assertTrue(increase(was, now, "raft_journal_write_seconds_count") >= 1, node + " journal writes");
        assertTrue(increase(was, now, "raft_journal_write_seconds_sum") > 0, node + " journal write latency");
        assertTrue(increase(was, now, "raft_journal_write_entries_sum") >= writes, node + " journaled every PUT");
        assertEquals(writesPerNode, increase(was, now, "kv_requests_seconds_count", "operation", "put", "status", "2xx"));
        assertEquals(writesPerNode, increase(was, now, "kv_requests_seconds_count", "operation", "get", "status", "2xx"));
        if (node.equals(leader)) {
          assertTrue(now.value("raft_leader_elected_total") >= 1, "the leader was elected");
          assertTrue(increase(was, now, "raft_append_entries_batch_count") >= 1, "the leader sent entries");
          assertTrue(increase(was, now, "raft_append_entries_batch_sum") >= (double) writes * followers,
              "the leader sent every PUT to every follower");
          for (String follower : nodes.keySet()) {
            if (!follower.equals(leader)) assertEquals(0, now.value("raft_follower_lag", "follower", follower));
          }
        } else {
          assertFalse(now.has("raft_follower_lag"), node + " is no leader and reports no lags");
          assertEquals(0, increase(was, now, "raft_append_entries_batch_count"), node + " sent no entries");
        }
      }
      return null;
    });
  }

  private static long term(String node) throws Exception {
    return JSON.readTree(send(node, "GET", "/status", null).body()).get("term").asLong();
  }

  @Test
  @DisplayName("Values of --max-value-bytes and of 300 KiB, PUT through a follower, read back linearizably from every "
      + "node, without an election")
  void valuesUpToTheLimitCommitThroughAFollowerAndReadBackEverywhere() throws Exception {
    String leader = awaitLeader();
    long term = term(leader);
    String follower = nodes.keySet().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
    for (int size : new int[] {MAX_VALUE_BYTES, 300 * 1024}) {
      byte[] value = new byte[size];
      new Random(size).nextBytes(value);
      HttpResponse<byte[]> put = sendBytes(follower, "PUT", "/kv/large-" + size, value);
      assertEquals(200, put.statusCode(), size + " bytes through " + follower + ": " + new String(put.body()));
      for (String node : nodes.keySet()) {
        HttpResponse<byte[]> read = sendBytes(node, "GET", "/kv/large-" + size, null);
        assertEquals(200, read.statusCode(), node + " reading " + size + " bytes");
        assertArrayEquals(value, read.body(), node + " reading " + size + " bytes");
      }
    }
    for (String node : nodes.keySet()) assertEquals(term, term(node), node + " stayed in the leader's term");
  }

  @Test
  @DisplayName("A value one byte over --max-value-bytes is refused with 413 and a JSON error, and nothing is written")
  void valueOverTheLimitIsRefusedWith413() throws Exception {
    String leader = awaitLeader();
    String follower = nodes.keySet().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
    HttpResponse<String> put = http.send(request(follower, "PUT", "/kv/too-large",
        HttpRequest.BodyPublishers.ofByteArray(new byte[MAX_VALUE_BYTES + 1])), HttpResponse.BodyHandlers.ofString());
    assertEquals(413, put.statusCode(), put.body());
    assertEquals("application/json", put.headers().firstValue("Content-Type").orElse(""));
    assertTrue(JSON.readTree(put.body()).get("error").asText().contains(String.valueOf(MAX_VALUE_BYTES)), put.body());
    assertEquals(404, send(leader, "GET", "/kv/too-large", null).statusCode());
  }
}
