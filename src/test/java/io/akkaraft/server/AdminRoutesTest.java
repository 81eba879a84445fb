package io.akkaraft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.Address;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.http.javadsl.Http;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.kv.KvLimits;
import io.akkaraft.server.metrics.NodeMetrics;
import io.akkaraft.server.testadmin.PartitionHook;
import io.akkaraft.testkit.ScriptedKv;
import io.akkaraft.testkit.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The test-only {@code /admin/partition} endpoints: absent unless enabled, and their answers. What the cuts
 * do to traffic between nodes is tested on real processes (src/multi-jvm, {@code PartitionHookIT}).
 */
class AdminRoutesTest {
  // Artery in test mode, as a node started with --test-admin runs it, so that blackholes can be set.
  private static final ActorTestKit kit = ActorTestKit.create("admin-routes", ConfigFactory.parseString("""
      akka.actor.provider = remote
      akka.remote.artery.canonical.hostname = "127.0.0.1"
      akka.remote.artery.canonical.port = 0
      """).withFallback(ConfigFactory.parseMap(PartitionHook.configOverrides())).withFallback(TestConfigs.inMemory()));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final NodeMetrics metrics = new NodeMetrics();
  private static PartitionHook hook;
  private static String withAdmin;
  private static String withoutAdmin;

  @BeforeAll
  static void bind() {
    Status status = new Status("n1", "leader", 3, "n1", 7, 7, 8, List.of("n1", "n2", "n3"));
    hook = new PartitionHook(kit.system(), "n1", Map.of(
        "n1", new Address("akka", "akka-raft", "127.0.0.1", 25521),
        "n2", new Address("akka", "akka-raft", "127.0.0.1", 25522),
        "n3", new Address("akka", "akka-raft", "127.0.0.1", 25523)));
    ScriptedKv kv = new ScriptedKv(new KvLimits(64));
    withAdmin = bind(new KvRoutes(kv, () -> CompletableFuture.completedFuture(status), metrics,
        Optional.of(new AdminRoutes(hook))));
    withoutAdmin = bind(new KvRoutes(kv, () -> CompletableFuture.completedFuture(status), metrics));
  }

  private static String bind(KvRoutes routes) {
    int port = Http.get(kit.system()).newServerAt("127.0.0.1", 0).bind(routes.routes())
        .toCompletableFuture().join().localAddress().getPort();
    return "http://127.0.0.1:" + port;
  }

  @AfterEach
  void heal() {
    hook.heal();
  }

  @AfterAll
  static void shutdown() {
    kit.shutdownTestKit();
    metrics.close();
  }

  private static HttpResponse<String> send(String base, String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).method(method, BodyPublishers.noBody()).build(),
        BodyHandlers.ofString());
  }

  @Test
  @DisplayName("without --test-admin, /admin/* is 404 for every method")
  void adminIsAbsentByDefault() throws Exception {
    for (String method : List.of("GET", "PUT", "DELETE")) {
      HttpResponse<String> response = send(withoutAdmin, method, "/admin/partition?isolate=n2");
      assertEquals(404, response.statusCode(), method);
    }
  }

  @Test
  @DisplayName("PUT adds cuts by direction (both by default), GET shows them, DELETE heals them all")
  void cutsAddUpAndHeal() throws Exception {
    assertEquals(cuts(List.of(), List.of("n2"), List.of()),
        json(send(withAdmin, "PUT", "/admin/partition?isolate=n2&direction=outbound")));
    assertEquals(cuts(List.of("n3"), List.of("n2"), List.of()), json(send(withAdmin, "PUT", "/admin/partition?isolate=n3")));
    assertEquals(cuts(List.of("n3"), List.of("n2"), List.of("n2", "n3")),
        json(send(withAdmin, "PUT", "/admin/partition?isolate=n3,n2&direction=INBOUND")));
    assertEquals(cuts(List.of("n3"), List.of("n2"), List.of("n2", "n3")), json(send(withAdmin, "GET", "/admin/partition")));
    assertEquals(cuts(List.of(), List.of(), List.of()), json(send(withAdmin, "DELETE", "/admin/partition")));
    assertEquals(cuts(List.of(), List.of(), List.of()), json(send(withAdmin, "GET", "/admin/partition")));
  }

  @Test
  @DisplayName("PUT with an unknown member, this node itself, no member or an unknown direction: 400, nothing cut")
  void badRequestsAreRefused() throws Exception {
    for (String query : List.of("isolate=n9", "isolate=n1", "isolate=", "", "isolate=n2&direction=sideways")) {
      HttpResponse<String> response = send(withAdmin, "PUT", "/admin/partition?" + query);
      assertEquals(400, response.statusCode(), query);
      assertTrue(JSON.readTree(response.body()).get("error").asText().length() > 0, query);
    }
    assertEquals(cuts(List.of(), List.of(), List.of()), json(send(withAdmin, "GET", "/admin/partition")));
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static JsonNode cuts(List<String> both, List<String> outbound, List<String> inbound) {
    return JSON.valueToTree(Map.of("both", both, "outbound", outbound, "inbound", inbound));
  }
}
