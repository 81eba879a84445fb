package io.akkaraft.linearizability;

import static io.akkaraft.linearizability.RegisterOp.ABSENT;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The register of one key, compiled for the search: each operation as a {@link RegisterOp}, values as ints.
 *
 * <p>Values that no operation observes (no READ returned them, no CAS compares with them) all become one
 * state, {@link #UNOBSERVED}: no operation can tell them apart, so they behave alike from then on, and the
 * search's memo meets fewer distinct states.
 */
final class RegisterModel {
  static final int UNOBSERVED = 0;

  private final RegisterOp[] ops;
  private final String[] valueNames;
  private final int[] transitionClass;

  RegisterModel(Operation[] history) {
    Set<String> observed = new HashSet<>();
    for (Operation op : history) {
      if (op.result() instanceof Result.ReadValue read && read.value() != null) observed.add(read.value());
      if (op.invocation().kind() == OpKind.CAS) observed.add(op.invocation().expected());
    }
    Map<String, Integer> valueIds = new HashMap<>();
    ops = new RegisterOp[history.length];
    for (int i = 0; i < history.length; i++) {
      Operation op = history[i];
      Invocation inv = op.invocation();
      String value = op.result() instanceof Result.ReadValue read ? read.value() : inv.value();
      ops[i] = new RegisterOp(inv.kind(), op.result(), id(value, observed, valueIds), id(inv.expected(), observed, valueIds));
    }
    valueNames = new String[valueIds.size() + 1];
    valueIds.forEach((value, id) -> valueNames[id] = value);
    Map<RegisterOp, Integer> classes = new HashMap<>();
    transitionClass = new int[ops.length];
    for (int i = 0; i < ops.length; i++) transitionClass[i] = classes.computeIfAbsent(ops[i], op -> classes.size());
  }

  private static int id(String value, Set<String> observed, Map<String, Integer> valueIds) {
    if (value == null) return ABSENT;
    if (!observed.contains(value)) return UNOBSERVED;
    return valueIds.computeIfAbsent(value, v -> valueIds.size() + 1);
  }

  RegisterOp op(int i) {
    return ops[i];
  }

  /** Operations of one class make the same transition: either may stand in for the other. */
  int transitionClass(int i) {
    return transitionClass[i];
  }

  /** Why {@code op} cannot happen when the key holds {@code current} (null: absent), for people. */
  String whyRefused(int op, String current) {
    RegisterOp o = ops[op];
    String now = current == null ? "the key is absent" : "the value is " + Operation.quote(current);
    return switch (o.kind()) {
      case READ, DELETE -> now;
      case CAS -> o.result() instanceof Result.Rejected
          ? "the compare would succeed: " + now
          : now + ", not " + Operation.quote(valueNames[o.expected()]);
      case WRITE -> throw new IllegalStateException("a write always fits");
    };
  }
}
