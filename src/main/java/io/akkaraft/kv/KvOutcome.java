package io.akkaraft.kv;

import io.akkaraft.kv.KvProtocol.KvResult;

/** What a key-value request came to, in the terms an API needs to answer it. */
public sealed interface KvOutcome {

  /** Done: a write committed and applied at {@code index}, or a read served from state up to {@code index}. */
  record Done(long index, KvResult result) implements KvOutcome {}

  /** Refused before anything happened: malformed input, or a value over the limit ({@code tooLarge}). */
  record Invalid(String reason, boolean tooLarge) implements KvOutcome {}

  /** Nothing happened because no leader could be reached in time; safe to retry. */
  record Unavailable(String reason, String leader) implements KvOutcome {}

  /** A write that may or may not have been applied (the leader was lost mid-commit). */
  record Unknown(String reason) implements KvOutcome {}
}
