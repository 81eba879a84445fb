package io.akkaraft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.akkaraft.kv.KvLimits;
import io.akkaraft.kv.KvProtocol.CompareAndSet;
import io.akkaraft.session.SessionProtocol.SessionRequest;
import io.akkaraft.testkit.TestConfigs;
import io.akkaraft.transport.TransportLimits;
import io.akkaraft.serialization.Payloads;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A node starts only if a value of --max-value-bytes makes a command the leader accepts and the transport carries. */
class NodeLimitsTest {
  /** The node's configuration: application.conf, as KvNode.config builds on it. */
  private static final Config NODE = ConfigFactory.load();

  @Test
  @DisplayName("The default --max-value-bytes (1 MiB) fits max-command-bytes and the transport")
  void defaultValueLimitFits() {
    KvNode.checkLimits(NODE, KvLimits.DEFAULT_MAX_VALUE_BYTES);
  }

  @Test
  @DisplayName("A --max-value-bytes whose writes exceed max-command-bytes is refused in one line naming both")
  void valueLimitBeyondMaxCommandBytesIsRefusedNamingBoth() {
    int tooLarge = 2 * 1024 * 1024;
    String message = assertThrows(TransportLimits.Mismatch.class, () -> KvNode.checkLimits(NODE, tooLarge)).getMessage();
    assertTrue(message.startsWith("--max-value-bytes = 2 MiB does not fit akka-raft.max-command-bytes = 2 MiB "), message);
    long most = 2 * 1024 * 1024 - KvNode.commandBytesBesidesValue(NODE);
    assertTrue(message.contains("set --max-value-bytes to at most " + most), message);
    KvNode.checkLimits(NODE, (int) most);
    assertThrows(TransportLimits.Mismatch.class, () -> KvNode.checkLimits(NODE, (int) most + 1));
  }

  @Test
  @DisplayName("The transport check runs at node start too: a frame below max-command-bytes is refused")
  void nodeWithTooSmallFrameIsRefused() {
    Config small = ConfigFactory.parseString("akka.remote.artery.advanced.maximum-frame-size = 1 MiB").withFallback(NODE);
    String message = assertThrows(TransportLimits.Mismatch.class,
        () -> KvNode.checkLimits(small, KvLimits.DEFAULT_MAX_VALUE_BYTES)).getMessage();
    assertTrue(message.startsWith("akka-raft.max-command-bytes = 2 MiB does not fit "
        + "akka.remote.artery.advanced.maximum-frame-size = 1 MiB"), message);
  }

  @Test
  @DisplayName("The largest write's serialized command is within what the check allows besides its value")
  void largestWriteCommandIsWithinTheBound() {
    ActorTestKit kit = ActorTestKit.create("node-limits", TestConfigs.inMemory());
    try {
      int uriLength = NODE.getBytes("akka.http.parsing.max-uri-length").intValue();
      byte[] value = new byte[KvLimits.DEFAULT_MAX_VALUE_BYTES];
      String key = "k".repeat(KvLimits.MAX_KEY_BYTES);
      SessionRequest largest = new SessionRequest(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
          new CompareAndSet(key, new byte[uriLength], value));
      int size = Payloads.encode(kit.system().classicSystem(), largest).sizeBytes();
      long bound = value.length + KvNode.commandBytesBesidesValue(NODE);
      assertTrue(size <= bound, size + " bytes exceed the bound of " + bound);
      assertEquals(value.length + key.length() + uriLength, bound - 1024, "the bound is value, key, URI and 1 KiB");
    } finally {
      kit.shutdownTestKit();
    }
  }
}
