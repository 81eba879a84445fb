/**
 * Durable state through Akka Persistence: the {@link io.akkaraft.persistence.RaftJournal} child owns the
 * journal. {@code Write(seq, events)} from the member is persisted atomically and answered {@code
 * Written(seq)}; at start-up the journal replays its events and sends {@code Recovered(term, vote, log)}.
 * Events: {@code TermAndVoteChanged}, {@code EntriesAppended}, {@code LogTruncated}.
 */
package io.akkaraft.persistence;
