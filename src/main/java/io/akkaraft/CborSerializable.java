package io.akkaraft;

/**
 * Marker for every message and journal event of akka-raft: bound to Jackson CBOR in {@code reference.conf}.
 *
 * <p>Applications may implement it on their own commands and results so that Akka serializes them the same
 * way; any type Akka can serialize works as a command.
 */
public interface CborSerializable {}
