package io.akkaraft.cli;

import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.akkaraft.server.DataDirectory;
import io.akkaraft.server.KvNode;
import io.akkaraft.server.NodeConfig;
import io.akkaraft.transport.TransportLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code node}: runs one key-value node until it is stopped. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    defaultValueProvider = ConfigDefaults.class,
    description = {
      "Runs one node of the replicated key-value store: an Akka Cluster node on its Raft port, a Raft "
          + "member with the key-value state machine and its LevelDB journal under --data-dir, and the HTTP API.",
      "Every option can also be set in application.conf (akka-raft-node.<option>) or through the "
          + "environment variable shown. Started again with the same arguments, a node recovers from --data-dir."
    })
public final class NodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--id", required = true, description = "This node's member id (env RAFT_ID).")
  String id;

  @Option(names = "--host", description = "Address to bind and advertise (env RAFT_HOST). Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--raft-port", required = true, description = "Akka remoting port for Raft traffic (env RAFT_PORT).")
  int raftPort;

  @Option(names = "--http-port", required = true, description = "HTTP API port (env RAFT_HTTP_PORT).")
  int httpPort;

  @Option(names = "--members", required = true,
      description = "Every node as id=host:raftPort, comma-separated (env RAFT_MEMBERS).")
  String members;

  @Option(names = "--data-dir", description = "Journal and snapshots (env RAFT_DATA_DIR). Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(names = "--request-timeout", description = "How long an HTTP request may wait for the cluster. Default: ${DEFAULT-VALUE}.")
  String requestTimeout;

  @Option(names = "--max-value-bytes", description = "Largest value accepted. Default: ${DEFAULT-VALUE}.")
  int maxValueBytes;

  @Option(names = "--test-admin", arity = "0..1",
      description = "TESTS ONLY: serve /admin/partition, which cuts this node off from chosen peers (env "
          + "RAFT_TEST_ADMIN). Default: ${DEFAULT-VALUE}.")
  boolean testAdmin;

  @Override
  public Integer call() {
    NodeConfig node = parse();
    DataDirectory data;
    try {
      data = DataDirectory.open(dataDir, NodeConfig.GROUP, node.id());
    } catch (DataDirectory.Unusable e) {
      spec.commandLine().getErr().println("node " + id + " cannot start: " + e.getMessage());
      return 1;
    }
    ActorSystem<Void> system;
    try {
      system = KvNode.start(node, data);
    } catch (TransportLimits.Mismatch e) {
      spec.commandLine().getErr().println("node " + id + " cannot start: " + e.getMessage());
      return 1;
    }
    system.getWhenTerminated().toCompletableFuture().join();
    boolean askedToStop = CoordinatedShutdown.get(system).getShutdownReason()
        .filter(reason -> reason == CoordinatedShutdown.jvmExitReason()).isPresent();
    if (askedToStop) return 0; // SIGTERM or Ctrl-C
    spec.commandLine().getErr().println("node " + id + " stopped; see the log for why");
    return 1;
  }

  private NodeConfig parse() {
    try {
      Duration timeout = durationOf(requestTimeout);
      return new NodeConfig(id, host, raftPort, httpPort, NodeConfig.parseMembers(members), dataDir, timeout,
          maxValueBytes, testAdmin);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Durations as in application.conf: 5s, 500ms, 1 minute. */
  private static Duration durationOf(String text) {
    try {
      return ConfigFactory.parseString("d = \"" + text + "\"").getDuration("d");
    } catch (ConfigException e) {
      throw new IllegalArgumentException("--request-timeout '" + text + "' is not a duration such as 5s or 500ms");
    }
  }
}
