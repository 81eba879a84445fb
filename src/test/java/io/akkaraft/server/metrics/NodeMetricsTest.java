package io.akkaraft.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.RaftMetrics;
import io.akkaraft.server.metrics.RequestMetrics.Operation;
import io.akkaraft.testkit.Scrape;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each listener call moves the right meter, and the scrape names it with its labels. */
class NodeMetricsTest {
  private final NodeMetrics node = new NodeMetrics();
  private final RaftMetrics raft = node.raft("kv");

  @AfterEach
  void close() {
    node.close();
  }

  private Scrape scrape() {
    return Scrape.parse(node.scrape());
  }

  @Test
  @DisplayName("Role, term and indices are gauges tagged with the group; one role gauge is 1")
  void stateGauges() {
    raft.onRole("candidate");
    raft.onTerm(7);
    raft.onCommitIndex(40);
    raft.onLastApplied(39);
    raft.onLastLogIndex(42);
    Scrape scrape = scrape();
    assertEquals(1, scrape.value("raft_role", "group", "kv", "role", "candidate"));
    assertEquals(0, scrape.value("raft_role", "group", "kv", "role", "leader"));
    assertEquals(0, scrape.value("raft_role", "group", "kv", "role", "follower"));
    assertEquals(7, scrape.value("raft_term", "group", "kv"));
    assertEquals(40, scrape.value("raft_commit_index", "group", "kv"));
    assertEquals(39, scrape.value("raft_last_applied", "group", "kv"));
    assertEquals(42, scrape.value("raft_log_last_index", "group", "kv"));
    assertTrue(scrape.declares("raft_term", "gauge"), scrape.toString());

    raft.onRole("leader");
    raft.onTerm(8);
    scrape = scrape();
    assertEquals(1, scrape.value("raft_role", "role", "leader"));
    assertEquals(0, scrape.value("raft_role", "role", "candidate"));
    assertEquals(8, scrape.value("raft_term"));
  }

  @Test
  @DisplayName("Leader elections and leader changes are counters")
  void leaderCounters() {
    raft.onBecameLeader();
    raft.onLeaderChanged("n1");
    raft.onLeaderChanged("n2");
    Scrape scrape = scrape();
    assertEquals(1, scrape.value("raft_leader_elected_total", "group", "kv"));
    assertEquals(2, scrape.value("raft_leader_changes_total", "group", "kv"));
    assertTrue(scrape.declares("raft_leader_changes_total", "counter"), scrape.toString());
  }

  @Test
  @DisplayName("Follower lags are gauges per follower while leading, and disappear when leadership ends")
  void followerLag() {
    raft.onRole("leader");
    raft.onFollowerLag("n2", 5);
    raft.onFollowerLag("n3", 0);
    raft.onFollowerLag("n2", 3);
    Scrape scrape = scrape();
    assertEquals(3, scrape.value("raft_follower_lag", "group", "kv", "follower", "n2"));
    assertEquals(0, scrape.value("raft_follower_lag", "group", "kv", "follower", "n3"));

    raft.onRole("follower");
    assertFalse(scrape().has("raft_follower_lag"), node.scrape());

    raft.onRole("leader");
    raft.onFollowerLag("n3", 1);
    scrape = scrape();
    assertEquals(1, scrape.value("raft_follower_lag", "follower", "n3"));
    assertFalse(scrape.has("raft_follower_lag", "follower", "n2"));
  }

  @Test
  @DisplayName("Journal writes: a latency histogram in seconds and histograms of events and entries per write")
  void journalWrites() {
    raft.onJournalWrite(TimeUnit.MICROSECONDS.toNanos(800), 1, 64);
    raft.onJournalWrite(TimeUnit.MILLISECONDS.toNanos(3), 2, 1);
    Scrape scrape = scrape();
    assertTrue(scrape.declares("raft_journal_write_seconds", "histogram"), scrape.toString());
    assertEquals(2, scrape.value("raft_journal_write_seconds_count", "group", "kv"));
    assertEquals(0.0038, scrape.value("raft_journal_write_seconds_sum", "group", "kv"), 1e-9);
    assertEquals(1, scrape.value("raft_journal_write_seconds_bucket", "le", "0.001"));
    assertEquals(2, scrape.value("raft_journal_write_seconds_bucket", "le", "0.005"));
    assertEquals(2, scrape.value("raft_journal_write_seconds_bucket", "le", "+Inf"));
    assertEquals(2, scrape.value("raft_journal_write_events_count", "group", "kv"));
    assertEquals(3, scrape.value("raft_journal_write_events_sum", "group", "kv"));
    assertEquals(2, scrape.value("raft_journal_write_entries_count", "group", "kv"));
    assertEquals(65, scrape.value("raft_journal_write_entries_sum", "group", "kv"));
    assertEquals(1, scrape.value("raft_journal_write_entries_bucket", "le", "1.0"));
    assertEquals(1, scrape.value("raft_journal_write_entries_bucket", "le", "32.0"));
    assertEquals(2, scrape.value("raft_journal_write_entries_bucket", "le", "64.0"));
  }

  @Test
  @DisplayName("AppendEntries sent: a histogram of entries per message")
  void appendEntriesBatches() {
    raft.onAppendEntriesSent(1);
    raft.onAppendEntriesSent(100);
    Scrape scrape = scrape();
    assertEquals(2, scrape.value("raft_append_entries_batch_count", "group", "kv"));
    assertEquals(101, scrape.value("raft_append_entries_batch_sum", "group", "kv"));
    assertEquals(1, scrape.value("raft_append_entries_batch_bucket", "le", "64.0"));
    assertEquals(2, scrape.value("raft_append_entries_batch_bucket", "le", "128.0"));
  }

  @Test
  @DisplayName("HTTP requests: a latency histogram per operation and status class")
  void requests() {
    node.requests().record(Operation.PUT, 200, TimeUnit.MILLISECONDS.toNanos(4));
    node.requests().record(Operation.PUT, 200, TimeUnit.MILLISECONDS.toNanos(40));
    node.requests().record(Operation.CAS, 412, TimeUnit.MILLISECONDS.toNanos(1));
    node.requests().record(Operation.GET, 503, TimeUnit.SECONDS.toNanos(2));
    Scrape scrape = scrape();
    assertEquals(2, scrape.value("kv_requests_seconds_count", "operation", "put", "status", "2xx"));
    assertEquals(0.044, scrape.value("kv_requests_seconds_sum", "operation", "put", "status", "2xx"), 1e-9);
    assertEquals(1, scrape.value("kv_requests_seconds_bucket", "operation", "put", "status", "2xx", "le", "0.005"));
    assertEquals(1, scrape.value("kv_requests_seconds_count", "operation", "cas", "status", "4xx"));
    assertEquals(1, scrape.value("kv_requests_seconds_count", "operation", "get", "status", "5xx"));
    assertFalse(scrape.has("kv_requests_seconds_count", "operation", "delete"), "no series before a request");
  }

  @Test
  @DisplayName("The JVM's memory, GC, thread and process meters are there too")
  void jvmMeters() {
    Scrape scrape = scrape();
    assertTrue(scrape.has("jvm_memory_used_bytes", "area", "heap"), scrape.toString());
    assertTrue(scrape.has("jvm_threads_live_threads"), scrape.toString());
    assertTrue(scrape.has("process_uptime_seconds"), scrape.toString());
  }
}
