package io.akkaraft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorSystem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Three key-value nodes in one JVM, each its own actor system on Artery TCP with the real LevelDB journal
 * and the HTTP API, joined in one Akka Cluster: any node accepts any request.
 */
class KvClusterHttpTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
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
          dir.resolve(id), Duration.ofSeconds(5), 1024 * 1024);
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
    return http.send(HttpRequest.newBuilder(URI.create(endpoints.get(node) + path)).method(method, publisher)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
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
}
