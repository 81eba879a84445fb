package io.akkaraft.linearizability;

/** The operations of the key-value register model. */
public enum OpKind {
  READ,
  WRITE,
  CAS,
  DELETE
}
