package io.akkaraft.client;

/** Why a {@link RaftClient} command failed; the message says whether it may have been applied. */
public class RaftClientException extends RuntimeException {

  /** Whether the command was certainly not applied (false: it may or may not have been). */
  private final boolean notApplied;

  public RaftClientException(String message, boolean notApplied) {
    super(message, null, false, false);
    this.notApplied = notApplied;
  }

  public boolean notApplied() {
    return notApplied;
  }
}
