package io.akkaraft.linearizability;

import java.util.Objects;

/**
 * What a client asked for. {@code value}: WRITE's value or CAS's new value; {@code expected}: CAS's expected
 * value; null otherwise.
 */
public record Invocation(OpKind kind, String key, String value, String expected) {

  public Invocation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    boolean takesValue = kind == OpKind.WRITE || kind == OpKind.CAS;
    if (takesValue != (value != null)) {
      throw new IllegalArgumentException(kind + (takesValue ? " needs a value" : " takes no value"));
    }
    if ((kind == OpKind.CAS) != (expected != null)) {
      throw new IllegalArgumentException(kind + (kind == OpKind.CAS ? " needs an expected value" : " takes no expected value"));
    }
  }

  public static Invocation read(String key) {
    return new Invocation(OpKind.READ, key, null, null);
  }

  public static Invocation write(String key, String value) {
    return new Invocation(OpKind.WRITE, key, value, null);
  }

  public static Invocation cas(String key, String expected, String value) {
    return new Invocation(OpKind.CAS, key, value, expected);
  }

  public static Invocation delete(String key) {
    return new Invocation(OpKind.DELETE, key, null, null);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case READ -> "READ " + key;
      case WRITE -> "WRITE " + key + " " + Operation.quote(value);
      case CAS -> "CAS " + key + " " + Operation.quote(expected) + "->" + Operation.quote(value);
      case DELETE -> "DELETE " + key;
    };
  }
}
