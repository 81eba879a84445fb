package io.akkaraft.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The check that the transport's frame holds the library's largest message. */
class TransportLimitsTest {
  private static final int MIB = 1024 * 1024;
  private static final int KIB = 1024;

  private static Config remote(String overrides) {
    return ConfigFactory.parseString("akka.actor.provider = cluster\n" + overrides)
        .withFallback(ConfigFactory.defaultReference());
  }

  @Test
  @DisplayName("The library's defaults (reference.conf) and the node's application.conf agree with the transport")
  void shippedConfigurationsAgree() {
    TransportLimits.check(remote(""));
    Config node = ConfigFactory.load();
    assertTrue(TransportLimits.usesRemoting(node), "the node's application.conf runs a cluster");
    TransportLimits.check(node);
    // In the executable jar Akka's reference.conf comes after akka-raft's and wins: the node's own file must say it.
    Config nodeFile = ConfigFactory.parseResources("application.conf").getConfig("akka.remote.artery").resolve();
    assertEquals(node.getBytes(TransportLimits.ARTERY_FRAME_SIZE), nodeFile.getBytes("advanced.maximum-frame-size"));
  }

  @Test
  @DisplayName("max-command-bytes larger than the frame allows is refused in one line naming both settings")
  void commandLargerThanFrameIsRefusedNamingBothSettings() {
    Config config = remote("akka.remote.artery.advanced.maximum-frame-size = 256 KiB");
    TransportLimits.Mismatch refused = assertThrows(TransportLimits.Mismatch.class, () -> TransportLimits.check(config));
    assertEquals("akka-raft.max-command-bytes = 2 MiB does not fit akka.remote.artery.advanced.maximum-frame-size = "
        + "256 KiB (a message carries up to 64 KiB more: set the frame size to at least 2112 KiB or lower "
        + "akka-raft.max-command-bytes)", refused.getMessage());
    assertEquals(0, refused.getStackTrace().length, "reported as a message, not a stack trace");
  }

  @Test
  @DisplayName("max-bytes-per-append larger than the frame allows is refused naming max-bytes-per-append")
  void appendBatchLargerThanFrameIsRefusedNamingIt() {
    Config config = remote("akka-raft.max-bytes-per-append = 4 MiB");
    String message = assertThrows(TransportLimits.Mismatch.class, () -> TransportLimits.check(config)).getMessage();
    assertTrue(message.startsWith("akka-raft.max-bytes-per-append = 4 MiB does not fit "
        + "akka.remote.artery.advanced.maximum-frame-size = 2112 KiB"), message);
    assertFalse(message.contains("\n"), message);
  }

  @Test
  @DisplayName("The frame must hold the larger limit plus the headroom, and exactly that is enough")
  void frameMustHoldLargerLimitPlusHeadroom() {
    Config config = remote("");
    int limit = 2 * MIB;
    Config exact = remote("akka.remote.artery.advanced.maximum-frame-size = " + (limit + TransportLimits.HEADROOM_BYTES));
    Config oneShort = remote("akka.remote.artery.advanced.maximum-frame-size = " + (limit + TransportLimits.HEADROOM_BYTES - 1));
    TransportLimits.check(exact, 256 * KIB, limit);
    TransportLimits.check(exact, limit, 256 * KIB);
    assertThrows(TransportLimits.Mismatch.class, () -> TransportLimits.check(oneShort, 256 * KIB, limit));
    assertThrows(TransportLimits.Mismatch.class, () -> TransportLimits.check(oneShort, limit, 256 * KIB));
    assertThrows(TransportLimits.Mismatch.class, () -> TransportLimits.check(config, 256 * KIB, 4 * MIB));
  }

  @Test
  @DisplayName("An actor system without remoting is never refused: nothing it sends crosses a transport")
  void localActorSystemIsNeverRefused() {
    Config local = ConfigFactory.parseString("akka.actor.provider = local\n"
        + "akka.remote.artery.advanced.maximum-frame-size = 32 KiB").withFallback(ConfigFactory.defaultReference());
    assertFalse(TransportLimits.usesRemoting(local));
    TransportLimits.check(local, 64 * MIB, 64 * MIB);
  }

  @Test
  @DisplayName("With classic remoting the check names classic's frame size")
  void classicRemotingNamesItsFrameSize() {
    Config classic = remote("akka.actor.provider = remote\nakka.remote.artery.enabled = off");
    String message = assertThrows(TransportLimits.Mismatch.class, () -> TransportLimits.check(classic)).getMessage();
    assertTrue(message.contains("akka.remote.classic.netty.tcp.maximum-frame-size"), message);
  }
}
