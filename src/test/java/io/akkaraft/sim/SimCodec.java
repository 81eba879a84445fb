package io.akkaraft.sim;

import io.akkaraft.core.Payload;
import io.akkaraft.role.RaftMember;
import io.akkaraft.testkit.Logs;

/**
 * Commands in the simulation are strings, carried as {@link Logs}' UTF-8 payloads: the stub actor context of
 * BehaviorTestKit has no Akka serialization, and the simulator needs none.
 */
final class SimCodec implements RaftMember.CommandCodec {
  static final SimCodec INSTANCE = new SimCodec();

  private SimCodec() {}

  @Override
  public Payload encode(Object command) {
    return Logs.payload((String) command);
  }

  @Override
  public String decode(Payload payload) {
    return Logs.command(payload);
  }
}
