package io.akkaraft.transport;

import com.typesafe.config.Config;
import java.util.Set;

/**
 * Whether Akka remoting carries the largest message a member sends. Artery drops (with an {@code
 * OversizedPayloadException} in the log, nothing to the sender) any message larger than {@code
 * akka.remote.artery.advanced.maximum-frame-size}; a dropped AppendEntries is retried and dropped again, and
 * the follower, hearing nothing, starts elections. The largest messages are an AppendEntries batch (at most
 * {@code akka-raft.max-bytes-per-append} of entries, or one entry of up to {@code max-command-bytes} alone),
 * a Submit forwarded to the leader, and the results a member sends back (Committed, ReadResult), which must
 * also stay within {@code max-command-bytes}. So the frame must hold the larger of the two limits plus
 * {@link #HEADROOM_BYTES}.
 */
public final class TransportLimits {
  /**
   * What a message holds besides its entries, command or result: Artery's envelope header with the
   * recipient's and sender's paths and the manifest written out (uncompressed on first use), and the
   * message's own fields (terms, indices, member id, a reply-to path). Generous: ids and paths are short.
   */
  public static final int HEADROOM_BYTES = 64 * 1024;

  public static final String MAX_BYTES_PER_APPEND = "akka-raft.max-bytes-per-append";
  public static final String MAX_COMMAND_BYTES = "akka-raft.max-command-bytes";
  public static final String ARTERY_FRAME_SIZE = "akka.remote.artery.advanced.maximum-frame-size";
  public static final String CLASSIC_FRAME_SIZE = "akka.remote.classic.netty.tcp.maximum-frame-size";

  private static final Set<String> LOCAL_PROVIDERS = Set.of("local", "akka.actor.LocalActorRefProvider");

  private TransportLimits() {}

  /** A configuration in which the transport cannot carry what the library sends; the message is one line. */
  public static final class Mismatch extends RuntimeException {
    public Mismatch(String message) {
      super(message, null, false, false); // no stack trace: the message says it all
    }
  }

  /** Whether the actor system of {@code config} sends messages to other systems (provider remote or cluster). */
  public static boolean usesRemoting(Config config) {
    return !LOCAL_PROVIDERS.contains(config.getString("akka.actor.provider"));
  }

  /** As {@link #check(Config, int, int)} with the limits {@code config} itself sets under {@code akka-raft}. */
  public static void check(Config config) {
    check(config, bytes(config, MAX_BYTES_PER_APPEND), bytes(config, MAX_COMMAND_BYTES));
  }

  /**
   * Refuses limits the transport of {@code config} cannot carry; does nothing for an actor system without
   * remoting.
   *
   * @throws Mismatch naming both settings
   */
  public static void check(Config config, int maxBytesPerAppend, int maxCommandBytes) {
    if (!usesRemoting(config)) return;
    boolean artery = config.getBoolean("akka.remote.artery.enabled");
    String frameSetting = artery ? ARTERY_FRAME_SIZE : CLASSIC_FRAME_SIZE;
    long frame = config.getBytes(frameSetting);
    boolean commandIsLarger = maxCommandBytes >= maxBytesPerAppend;
    String limitSetting = commandIsLarger ? MAX_COMMAND_BYTES : MAX_BYTES_PER_APPEND;
    long limit = Math.max(maxCommandBytes, maxBytesPerAppend);
    long needed = limit + HEADROOM_BYTES;
    if (frame < needed) {
      throw new Mismatch(limitSetting + " = " + size(limit) + " does not fit " + frameSetting + " = " + size(frame)
          + " (a message carries up to " + size(HEADROOM_BYTES) + " more: set the frame size to at least "
          + size(needed) + " or lower " + limitSetting + ")");
    }
  }

  /** {@code config}'s size setting {@code path}, which must fit an int. */
  public static int bytes(Config config, String path) {
    long value = config.getBytes(path);
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw new Mismatch(path + " = " + value + " bytes is not between 1 byte and 2 GiB");
    }
    return (int) value;
  }

  /** {@code bytes} as configuration writes it: 2 MiB, 64 KiB, or 1000 bytes. */
  public static String size(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) return bytes / (1024 * 1024) + " MiB";
    if (bytes >= 1024 && bytes % 1024 == 0) return bytes / 1024 + " KiB";
    return bytes + " bytes";
  }
}
