package io.akkaraft.multijvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkaraft.linearizability.CheckResult;
import io.akkaraft.linearizability.History;
import io.akkaraft.linearizability.Invocation;
import io.akkaraft.linearizability.LinearizabilityChecker;
import io.akkaraft.linearizability.Verdict;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The test-only partition hook itself, on three node processes: a symmetric cut really stops all traffic
 * both ways and heals, and a one-way cut really is one-way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PartitionHookIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Long enough for any follower that hears no leader to start an election, several times over. */
  private static final Duration SEVERAL_ELECTION_TIMEOUTS = ProcessCluster.ELECTION_TIMEOUT_MAX.multipliedBy(3);
  private static final Duration WITHIN = Duration.ofSeconds(30);

  private ProcessCluster cluster;

  @BeforeAll
  void startCluster() {
    // Without Pre-Vote (§9.6): the one-way test below proves that the follower's messages still reach the
    // leader by the term its vote requests raise there; a pre-vote changes no term, so nothing would show.
    cluster = ProcessCluster.start("PartitionHookIT", 3, List.of("-Dakka-raft.pre-vote=off"));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) cluster.close();
  }

  @AfterEach
  void healAndAwaitLeader() {
    cluster.healAll();
    cluster.awaitLeader(WITHIN, cluster.ids());
  }

  @Test
  @DisplayName("isolate=..&direction=both on one node cuts it off both ways; healing lets it catch up")
  void symmetricCutStopsAllTrafficUntilHealed() throws IOException {
    NodeStatus leader = cluster.awaitLeader(WITHIN, cluster.ids());
    String follower = followerOtherThan(leader.id());
    List<String> others = cluster.ids().stream().filter(id -> !id.equals(follower)).toList();

    cluster.isolate(follower, others, "both");
    long index = write(leader.id(), "while-isolated", "v1");
    // Nothing reaches the isolated follower: it never applies the write while cut off...
    long appliedBefore = cluster.status(follower).orElseThrow().lastApplied();
    cluster.assertHoldsFor(SEVERAL_ELECTION_TIMEOUTS, () -> cluster.status(follower).orElseThrow().lastApplied() < index,
        follower + " applied index " + index + " while isolated");
    assertTrue(appliedBefore < index);
    // ...and nothing it forwards gets out: requests through it fail.
    HttpResponse<String> put = cluster.send(follower, "PUT", "/kv/through-isolated", "x", RecordingClients.CLIENT_TIMEOUT);
    assertNotEquals(200, put.statusCode(), "a write through the isolated node succeeded: " + put.body());
    HttpResponse<String> get = cluster.send(follower, "GET", "/kv/while-isolated", null, RecordingClients.CLIENT_TIMEOUT);
    assertEquals(503, get.statusCode(), "a linearizable read through the isolated node: " + get.body());

    cluster.heal(follower);
    cluster.await(follower + " catching up after the heal", WITHIN,
        () -> cluster.status(follower).filter(s -> s.lastApplied() >= index).map(s -> true));
    assertEquals("v1", read(follower, "while-isolated", "local"));
  }

  @Test
  @DisplayName("a one-way cut drops only one direction: entries still reach a follower whose acknowledgements "
      + "are lost, and a follower that hears nothing still reaches its leader")
  void oneWayCutIsOneWay() {
    // The third node is cut off both ways, so that the leader and the follower only have each other.
    OneWay lost = appendUnder((leader, follower) -> cluster.cut(follower, leader));
    // leader -> follower works: the entry arrives...
    cluster.await(lost.follower() + " receiving index " + lost.index(), WITHIN,
        () -> cluster.status(lost.follower()).filter(s -> s.lastLogIndex() >= lost.index()).map(s -> true));
    // ...follower -> leader does not: its acknowledgement never arrives, so the entry never commits.
    cluster.assertHoldsFor(SEVERAL_ELECTION_TIMEOUTS,
        () -> cluster.status(lost.leader()).filter(s -> s.commitIndex() < lost.index()).isPresent(),
        "index " + lost.index() + " committed with a single acknowledgement that should have been dropped");
    healAndAwaitLeader();

    OneWay deaf = appendUnder((leader, follower) -> cluster.cut(leader, follower));
    // leader -> follower does not work: the entry never arrives (and the follower, lacking it, cannot win)...
    cluster.assertHoldsFor(SEVERAL_ELECTION_TIMEOUTS,
        () -> cluster.status(deaf.follower()).filter(s -> s.lastLogIndex() < deaf.index()).isPresent(),
        deaf.follower() + " received index " + deaf.index() + " over a cut link");
    // ...follower -> leader works: hearing nothing, the follower runs for election, and its vote requests
    // raise the leader's term.
    cluster.await("the leader learning a higher term from " + deaf.follower(), WITHIN,
        () -> cluster.status(deaf.leader()).filter(s -> s.term() > deaf.term()).map(s -> true));
  }

  /** A leader and a follower under a one-way cut, and the index of an entry the leader appended then. */
  private record OneWay(String leader, String follower, long term, long index) {}

  /**
   * Cuts the third node off, applies {@code cut} between the leader and the other follower, and has the
   * leader append an entry (a write that cannot commit). Retries if leadership moved before the entry was
   * appended in the leader's term.
   */
  private OneWay appendUnder(BiConsumer<String, String> cut) {
    for (int attempt = 1; attempt <= 3; attempt++) {
      NodeStatus leader = cluster.awaitLeader(WITHIN, cluster.ids());
      String follower = followerOtherThan(leader.id());
      String third = cluster.ids().stream().filter(id -> !id.equals(leader.id()) && !id.equals(follower))
          .findFirst().orElseThrow();
      cluster.isolate(third, List.of(leader.id(), follower), "both");
      cut.accept(leader.id(), follower);
      cluster.sendAsync(leader.id(), "PUT", "/kv/one-way", "not-committed-while-cut"); // its answer does not matter
      NodeStatus now = cluster.await("the leader appending the write, or losing its term", WITHIN,
          () -> cluster.status(leader.id()).filter(s -> !s.isLeader() || s.term() != leader.term()
              || s.lastLogIndex() > leader.lastLogIndex()));
      if (now.isLeader() && now.term() == leader.term()) {
        return new OneWay(leader.id(), follower, leader.term(), now.lastLogIndex());
      }
      System.out.println("leadership moved before the entry was appended; again");
      healAndAwaitLeader();
    }
    throw new AssertionError("leadership kept moving; logs: " + cluster.dir());
  }

  @Test
  @DisplayName("the recording and the checker catch a stale read: a local read from an isolated node, after a "
      + "write the majority acknowledged, makes the history not linearizable")
  void checkerCatchesAStaleReadFromAnIsolatedNode() throws IOException {
    NodeStatus leader = cluster.awaitLeader(WITHIN, cluster.ids());
    String follower = followerOtherThan(leader.id());
    History history = new History();
    long first = history.invoke(0, Invocation.write("stale", "v1"));
    write(leader.id(), "stale", "v1");
    history.ok(first);
    cluster.await(follower + " applying v1", WITHIN, () -> readLocal(follower).filter("v1"::equals));

    cluster.isolate(follower, cluster.ids().stream().filter(id -> !id.equals(follower)).toList(), "both");
    long second = history.invoke(1, Invocation.write("stale", "v2"));
    write(leader.id(), "stale", "v2");
    history.ok(second);
    long stale = history.invoke(2, Invocation.read("stale"));
    history.read(stale, read(follower, "stale", "local")); // ?consistency=local: may be stale, by design

    CheckResult result = LinearizabilityChecker.check(history.operations());
    assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), result.explain());
  }

  private Optional<String> readLocal(String node) {
    try {
      return Optional.ofNullable(read(node, "stale", "local"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private String followerOtherThan(String leader) {
    return cluster.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
  }

  private long write(String node, String key, String value) throws IOException {
    HttpResponse<String> response = cluster.send(node, "PUT", "/kv/" + key, value, RecordingClients.CLIENT_TIMEOUT);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body()).get("index").asLong();
  }

  private String read(String node, String key, String consistency) throws IOException {
    HttpResponse<String> response =
        cluster.send(node, "GET", "/kv/" + key + "?consistency=" + consistency, null, RecordingClients.CLIENT_TIMEOUT);
    if (response.statusCode() == 404) return null;
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }
}
