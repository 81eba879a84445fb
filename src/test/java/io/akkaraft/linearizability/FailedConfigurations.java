package io.akkaraft.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The search's memo: configurations (operations linearized, model state) from which no linearization of the
 * rest exists. Lowe's memo prunes a configuration seen before; this one also prunes a configuration that
 * differs from a failed one only by more operations with an unknown outcome having taken effect. Those
 * operations constrain nothing (they never complete, so nothing has to follow them), and any completion
 * from the larger configuration would also complete the smaller one, which has none.
 *
 * <p>The known operations' bitset is hashed incrementally (Zobrist: one random 64-bit word per operation,
 * XORed in and out) by the caller; equal hashes are confirmed by comparing the bitsets.
 */
final class FailedConfigurations {
  private final Map<Key, List<long[]>> unknownSetsByKnown = new HashMap<>();
  private final Key probe = new Key(null, 0, 0);
  private long storedWords;

  /** Whether (known, unknown, state) is a failed configuration or contains one's unknown set. */
  boolean prunes(long[] known, long knownHash, long[] unknown, int state) {
    List<long[]> failed = unknownSetsByKnown.get(probe.set(known, knownHash, state));
    if (failed == null) return false;
    for (long[] smaller : failed) {
      if (isSubset(smaller, unknown)) return true;
    }
    return false;
  }

  /** Records a configuration from which the search found no way on; the arrays are copied. */
  void add(long[] known, long knownHash, long[] unknown, int state) {
    List<long[]> failed = unknownSetsByKnown.get(probe.set(known, knownHash, state));
    if (failed == null) {
      failed = new ArrayList<>(1);
      unknownSetsByKnown.put(new Key(known.clone(), knownHash, state), failed);
      storedWords += known.length + 12; // the key, its map entry and list
    }
    // Keep only the smallest sets: a superset of the new one prunes nothing the new one does not.
    failed.removeIf(larger -> isSubset(unknown, larger));
    failed.add(unknown.clone());
    storedWords += unknown.length + 3;
  }

  /** An estimate of the memory held, in 64-bit words (removed supersets are not subtracted). */
  long storedWords() {
    return storedWords;
  }

  private static boolean isSubset(long[] a, long[] b) {
    for (int i = 0; i < a.length; i++) {
      if ((a[i] & ~b[i]) != 0) return false;
    }
    return true;
  }

  private static final class Key {
    private long[] known;
    private long hash;
    private int state;

    Key(long[] known, long hash, int state) {
      set(known, hash, state);
    }

    Key set(long[] known, long hash, int state) {
      this.known = known;
      this.hash = hash;
      this.state = state;
      return this;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(hash * 0x9E3779B97F4A7C15L + state);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && k.state == state && Arrays.equals(k.known, known);
    }
  }
}
