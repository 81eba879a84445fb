package io.akkaraft.core;

/**
 * Deliberately broken rules, for tests only: the simulator switches one on to prove that its safety checks
 * catch the violation. Production settings never enable any (see {@code io.akkaraft.role.Testing#unsafeRules}).
 */
public enum UnsafeRule {
  /** Grant votes without the §3.6.1 up-to-date check. */
  GRANT_VOTE_WITHOUT_LOG_CHECK,
  /** Commit an entry of an earlier term by counting replicas (what Figure 3.7 forbids). */
  COMMIT_OLD_TERM_BY_COUNTING,
  /** Send vote grants and append acknowledgements before the journal confirmed the write. */
  REPLY_BEFORE_DURABLE,
  /**
   * Answer vote requests even within the minimum election timeout of hearing from a leader (without §4.2.3),
   * which lease-based reads rely on.
   */
  VOTE_DESPITE_RECENT_LEADER,
  /**
   * Take leadership of the next term as soon as a majority granted pre-votes (§9.6), without a real
   * election: pre-votes bind nobody, so two members can both win them for the same term.
   */
  LEAD_ON_PRE_VOTES
}
