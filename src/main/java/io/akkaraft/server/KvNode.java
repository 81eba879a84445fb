package io.akkaraft.server;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.akkaraft.ClientProtocol.Status;
import io.akkaraft.ClientProtocol;
import io.akkaraft.RaftCommand;
import io.akkaraft.RaftNode;
import io.akkaraft.RaftSettings;
import io.akkaraft.StateMachine;
import io.akkaraft.client.RaftClient;
import io.akkaraft.client.RaftClientSettings;
import io.akkaraft.kv.KvLimits;
import io.akkaraft.kv.KvService;
import io.akkaraft.kv.KvStateMachine;
import io.akkaraft.role.RaftMember;
import io.akkaraft.server.metrics.NodeMetrics;
import io.akkaraft.server.testadmin.PartitionHook;
import io.akkaraft.session.SessionStateMachine;
import io.akkaraft.transport.TransportLimits;
import io.akkaraft.util.Asks;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One key-value node: an Akka Cluster node on its Raft port, the group's Raft member with the key-value
 * state machine (behind exactly-once sessions), and the HTTP API.
 */
public final class KvNode {
  /** Every node's actor system has this name, so that remote addresses agree. */
  public static final String SYSTEM_NAME = "akka-raft";
  /** Sessions unused for this many applied entries expire (deterministically, see SessionStateMachine). */
  static final long SESSION_EXPIRY_ENTRIES = 1_000_000;
  static final int MAX_SESSIONS = 10_000;
  /** Session and command fields, lengths and manifests of a write's command: a few dozen bytes, rounded up. */
  private static final int COMMAND_FIELDS_BYTES = 1024;
  /** The Raft member's actor name, the same on every node (the guardian is the user guardian). */
  private static final String MEMBER_NAME = "raft-kv";

  private KvNode() {}

  /**
   * Starts the node; the returned system terminates if the Raft member stops or HTTP cannot bind.
   *
   * @throws TransportLimits.Mismatch if a value of {@code --max-value-bytes} or the library's limits do not
   *     fit what carries them (see {@link #checkLimits}); nothing is started then
   */
  public static ActorSystem<Void> start(NodeConfig node, DataDirectory data) {
    Config config = config(node, data);
    checkLimits(config, node.maxValueBytes());
    return ActorSystem.create(guardian(node), SYSTEM_NAME, config);
  }

  /**
   * Refuses limits that disagree: the transport must carry the library's largest messages ({@link
   * TransportLimits}), and a write of the largest value must be a command the leader accepts. A write's
   * command holds, besides its value, the key, a compare-and-set's expected value (from the URI, so at most
   * akka-http's {@code max-uri-length}) and the session's fields and manifests.
   *
   * @throws TransportLimits.Mismatch naming the settings that disagree
   */
  static void checkLimits(Config config, int maxValueBytes) {
    TransportLimits.check(config);
    long overhead = commandBytesBesidesValue(config);
    int maxCommandBytes = TransportLimits.bytes(config, TransportLimits.MAX_COMMAND_BYTES);
    if (maxValueBytes + overhead > maxCommandBytes) {
      throw new TransportLimits.Mismatch("--max-value-bytes = " + TransportLimits.size(maxValueBytes)
          + " does not fit " + TransportLimits.MAX_COMMAND_BYTES + " = " + TransportLimits.size(maxCommandBytes)
          + " (a write's command holds up to " + TransportLimits.size(overhead) + " more: key, expected value, "
          + "session; set --max-value-bytes to at most " + (maxCommandBytes - overhead) + " or raise "
          + TransportLimits.MAX_COMMAND_BYTES + ")");
    }
  }

  /** The most a write's serialized command holds besides its value: see {@link #checkLimits}. */
  static long commandBytesBesidesValue(Config config) {
    String serverUri = "akka.http.server.parsing.max-uri-length"; // akka-http falls back to akka.http.parsing
    long uri = config.getBytes(config.hasPath(serverUri) ? serverUri : "akka.http.parsing.max-uri-length");
    return KvLimits.MAX_KEY_BYTES + uri + COMMAND_FIELDS_BYTES;
  }

  /** The node's configuration: application.conf (or the tests') with this node's addresses and directories. */
  static Config config(NodeConfig node, DataDirectory data) {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("akka.remote.artery.canonical.hostname", node.host());
    overrides.put("akka.remote.artery.canonical.port", node.raftPort());
    overrides.put("akka.cluster.seed-nodes", node.members().values().stream()
        .map(a -> "akka://" + SYSTEM_NAME + "@" + a.host() + ":" + a.port()).toList());
    overrides.put("akka.persistence.journal.leveldb.dir", data.journal().toString());
    overrides.put("akka.persistence.snapshot-store.local.dir", data.snapshots().toString());
    // What akka-http rejects before the routes run is answered in the API's JSON too.
    overrides.put("akka.http.server.parsing.error-handler", JsonParsingErrorHandler.class.getName());
    if (node.testAdmin()) overrides.putAll(PartitionHook.configOverrides());
    return ConfigFactory.parseMap(overrides).withFallback(ConfigFactory.load());
  }

  private static Behavior<Void> guardian(NodeConfig node) {
    return Behaviors.setup(context -> {
      ActorSystem<Void> system = context.getSystem();
      RaftSettings settings = RaftSettings.create(system, NodeConfig.GROUP, node.id(), List.copyOf(node.members().keySet()))
          .withPeerPaths(memberPaths(node));
      KvLimits limits = new KvLimits(node.maxValueBytes());
      NodeMetrics metrics = new NodeMetrics();
      system.getWhenTerminated().thenRun(metrics::close);
      Optional<PartitionHook> partitions = node.testAdmin()
          ? Optional.of(new PartitionHook(system, node.id(), akkaAddresses(node))) : Optional.empty();
      Supplier<StateMachine<?, ?>> stateMachine =
          () -> new SessionStateMachine<>(new KvStateMachine(limits), SESSION_EXPIRY_ENTRIES, MAX_SESSIONS);
      Behavior<RaftCommand> memberBehavior = partitions
          .map(hook -> hook.intercept(RaftMember.builder(settings, stateMachine).metrics(metrics.raft(NodeConfig.GROUP))
              .wrapTransport(hook::transport).build()))
          .orElseGet(() -> RaftNode.create(settings, stateMachine, metrics.raft(NodeConfig.GROUP)));
      ActorRef<RaftCommand> member = context.spawn(memberBehavior, MEMBER_NAME);
      context.watch(member);

      // An attempt waits long enough for an election; the whole request, retries included, not past its timeout.
      Duration attempt = settings.electionTimeoutMax().multipliedBy(2);
      RaftClient writer = RaftClient.create(system, "kv-writer",
          new RaftClientSettings(attempt, Duration.ofMillis(100), node.requestTimeout()), List.of(member));
      KvService kv = new KvService(system, member, writer, limits, node.requestTimeout(), Duration.ofMillis(100));
      KvRoutes routes = new KvRoutes(kv, () -> status(system, member), metrics, partitions.map(AdminRoutes::new));
      partitions.ifPresent(hook -> system.log().warn("node {} serves the TEST-ONLY /admin/partition endpoints", node.id()));
      Http.get(system).newServerAt(node.host(), node.httpPort()).bind(routes.routes()).whenComplete((binding, e) -> {
        if (e != null) {
          system.log().error("cannot serve HTTP on {}:{}: {}", node.host(), node.httpPort(), e.getMessage());
          system.terminate();
        } else {
          system.log().info("node {} serves HTTP on {}", node.id(), binding.localAddress());
        }
      });
      return Behaviors.receive(Void.class)
          .onSignal(Terminated.class, stopped -> {
            system.log().error("node {}: its Raft member stopped (journal unavailable); shutting down", node.id());
            return Behaviors.stopped();
          })
          .build();
    });
  }

  /** Every peer's member, at the same place on its node as this one: reachable before the Receptionist lists it. */
  private static Map<String, String> memberPaths(NodeConfig node) {
    Map<String, String> paths = new LinkedHashMap<>();
    akkaAddresses(node).forEach((id, address) -> {
      if (!id.equals(node.id())) paths.put(id, address + "/user/" + MEMBER_NAME);
    });
    return paths;
  }

  private static Map<String, Address> akkaAddresses(NodeConfig node) {
    Map<String, Address> addresses = new LinkedHashMap<>();
    node.members().forEach((id, a) -> addresses.put(id, new Address("akka", SYSTEM_NAME, a.host(), a.port())));
    return addresses;
  }

  private static CompletionStage<Status> status(ActorSystem<Void> system, ActorRef<RaftCommand> member) {
    return Asks.ask(member, ClientProtocol.GetStatus::new, Duration.ofSeconds(3), system.scheduler());
  }
}
