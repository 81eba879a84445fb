package io.akkaraft;

/**
 * Root of everything a Raft member actor accepts: client requests ({@link ClientProtocol}), peer RPCs
 * ({@link io.akkaraft.core.PeerProtocol}) and the member's own internal messages.
 *
 * <p>Applications only ever send {@link ClientProtocol.Request}s.
 */
public interface RaftCommand {}
