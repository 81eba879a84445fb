package io.akkaraft.sim;

import io.akkaraft.core.LogEntry;
import io.akkaraft.core.Payload;
import io.akkaraft.role.RaftMember;
import java.nio.charset.StandardCharsets;

/**
 * Commands in the simulation are strings, carried as UTF-8 payloads: the stub actor context of
 * BehaviorTestKit has no Akka serialization, and the simulator needs none.
 */
final class SimCodec implements RaftMember.CommandCodec {
  static final SimCodec INSTANCE = new SimCodec();
  private static final int SERIALIZER_ID = -4711;

  private SimCodec() {}

  @Override
  public Payload encode(Object command) {
    return new Payload(SERIALIZER_ID, "", ((String) command).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String decode(Payload payload) {
    return new String(payload.bytes(), StandardCharsets.UTF_8);
  }

  /** The command an entry carries, or null for a no-op. */
  static String command(LogEntry entry) {
    return entry.payload() == null ? null : INSTANCE.decode(entry.payload());
  }

  /** A command entry, for scenarios that write logs straight onto simulated disks. */
  static LogEntry entry(long term, long index, String command) {
    return LogEntry.command(term, index, INSTANCE.encode(command));
  }
}
