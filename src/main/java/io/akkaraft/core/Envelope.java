package io.akkaraft.core;

import io.akkaraft.core.PeerProtocol.PeerMessage;

/** A peer message addressed to a member by id. */
public record Envelope(String to, PeerMessage message) {
  @Override
  public String toString() {
    return message.from() + "->" + to + " " + message;
  }
}
