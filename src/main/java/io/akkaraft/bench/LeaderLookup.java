package io.akkaraft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Finds the leader through the nodes' {@code GET /status}, and which endpoint it answers on. */
final class LeaderLookup {
  private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The leader that every endpoint names, in {@code term}, reachable at {@code endpoint}. */
  record Leader(String id, long term, URI endpoint) {}

  private final HttpClient http;
  private final List<URI> endpoints;

  LeaderLookup(HttpClient http, List<URI> endpoints) {
    this.http = http;
    this.endpoints = List.copyOf(endpoints);
  }

  /**
   * Polls until every endpoint answers and all name the same leader, which says it leads; {@code died}
   * ends the wait early with its reason (a local node process exited).
   */
  Leader await(Duration within, Supplier<Optional<String>> died) throws BenchFailure, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Optional<String> death = died.get();
      if (death.isPresent()) throw new BenchFailure(death.get());
      Optional<Leader> leader = agreedLeader();
      if (leader.isPresent()) return leader.get();
      if (System.nanoTime() > deadline) {
        throw new BenchFailure("no leader within " + within.toSeconds() + "s (every endpoint must answer /status, "
            + "all must name the same leader, and the leader must be one of them)");
      }
      Thread.sleep(POLL_INTERVAL.toMillis()); // polling an external system, not synchronizing threads
    }
  }

  /** The leader if every endpoint answers now and all agree. */
  Optional<Leader> agreedLeader() throws InterruptedException {
    List<JsonNode> statuses = new ArrayList<>();
    for (URI endpoint : endpoints) {
      Optional<JsonNode> status = status(endpoint);
      if (status.isEmpty()) return Optional.empty();
      statuses.add(status.get());
    }
    String leader = statuses.get(0).path("leader").asText(null);
    if (leader == null || !statuses.stream().allMatch(s -> leader.equals(s.path("leader").asText(null)))) {
      return Optional.empty();
    }
    for (int i = 0; i < statuses.size(); i++) {
      JsonNode s = statuses.get(i);
      if (leader.equals(s.path("id").asText()) && "leader".equals(s.path("role").asText())) {
        return Optional.of(new Leader(leader, s.path("term").asLong(), endpoints.get(i)));
      }
    }
    return Optional.empty(); // the leader is not among the endpoints, or has not noticed yet
  }

  private Optional<JsonNode> status(URI endpoint) throws InterruptedException {
    try {
      var response = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/status")).timeout(STATUS_TIMEOUT).build(),
          BodyHandlers.ofByteArray());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // not listening (yet)
    }
  }
}
