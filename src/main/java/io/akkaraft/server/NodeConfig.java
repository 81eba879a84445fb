package io.akkaraft.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one key-value node needs to start.
 *
 * @param members every node of the group, id to its Raft (Akka remoting) address, in the order given
 * @param testAdmin whether the node serves the test-only {@code /admin} endpoints (network partitions for
 *     fault-injection tests); never on in production
 */
public record NodeConfig(
    String id,
    String host,
    int raftPort,
    int httpPort,
    Map<String, Address> members,
    Path dataDir,
    Duration requestTimeout,
    int maxValueBytes,
    boolean testAdmin) {

  /** The Raft group every key-value node belongs to. */
  public static final String GROUP = "kv";

  /** Where a member's Akka remoting listens. */
  public record Address(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /** A node without the test-only admin endpoints. */
  public NodeConfig(String id, String host, int raftPort, int httpPort, Map<String, Address> members, Path dataDir,
      Duration requestTimeout, int maxValueBytes) {
    this(id, host, raftPort, httpPort, members, dataDir, requestTimeout, maxValueBytes, false);
  }

  public NodeConfig {
    members = new LinkedHashMap<>(members);
    if (!members.containsKey(id)) {
      throw new IllegalArgumentException("--members " + members.keySet() + " does not contain --id " + id);
    }
    Address own = members.get(id);
    if (own.port() != raftPort) {
      throw new IllegalArgumentException("--members gives " + id + " port " + own.port() + " but --raft-port is " + raftPort);
    }
  }

  /**
   * Parses {@code n1=127.0.0.1:25521,n2=127.0.0.1:25522}.
   *
   * @throws IllegalArgumentException with a one-line explanation
   */
  public static Map<String, Address> parseMembers(String spec) {
    Map<String, Address> members = new LinkedHashMap<>();
    for (String item : List.of(spec.split(","))) {
      String[] idAndAddress = item.trim().split("=", 2);
      String[] hostAndPort = idAndAddress.length == 2 ? idAndAddress[1].split(":", 2) : new String[0];
      if (idAndAddress[0].isBlank() || hostAndPort.length != 2 || hostAndPort[0].isBlank()) {
        throw new IllegalArgumentException("member '" + item + "' is not of the form id=host:port");
      }
      int port;
      try {
        port = Integer.parseInt(hostAndPort[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("member '" + item + "' has no valid port");
      }
      if (port < 1 || port > 65535) throw new IllegalArgumentException("member '" + item + "' has no valid port");
      if (members.put(idAndAddress[0].trim(), new Address(hostAndPort[0].trim(), port)) != null) {
        throw new IllegalArgumentException("member id '" + idAndAddress[0].trim() + "' appears twice");
      }
    }
    return members;
  }
}
