package io.akkaraft.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The search's memo: configurations (operations linearized, model state) from which no linearization of the
 * rest exists. Lowe's memo prunes a configuration seen before; this one also prunes a configuration that
 * differs from a failed one only by more optional operations (unknown outcomes, see {@link KeySearch})
 * having taken effect. Those constrain nothing (they never complete, so nothing has to follow them), and
 * any completion from the larger configuration would also complete the smaller one, which has none.
 *
 * <p>Equal hashes of the required set are confirmed by comparing the sets' windows.
 */
final class FailedConfigurations {
  private final Map<Key, List<long[]>> optionalSetsByRequired = new HashMap<>();
  private final Key probe = new Key();
  private long storedWords;

  /** Whether (required, optional, state) is a failed configuration or holds one's optional set. */
  boolean prunes(LinearizedSet required, long[] optional, int state) {
    List<long[]> failed = optionalSetsByRequired.get(probe.of(required, state));
    if (failed == null) return false;
    for (long[] smaller : failed) {
      if (isSubset(smaller, optional)) return true;
    }
    return false;
  }

  /** Records a configuration from which the search found no way on; what it keeps is copied. */
  void add(LinearizedSet required, long[] optional, int state) {
    List<long[]> failed = optionalSetsByRequired.get(probe.of(required, state));
    if (failed == null) {
      failed = new ArrayList<>(1);
      Key key = new Key().of(required, state).copy();
      optionalSetsByRequired.put(key, failed);
      storedWords += key.to - key.from + 12; // the key, its map entry and list
    }
    // Keep only the smallest sets: a superset of the new one prunes nothing the new one does not.
    failed.removeIf(larger -> isSubset(optional, larger));
    failed.add(optional.clone());
    storedWords += optional.length + 3;
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

  /** A required set by its window ({@link LinearizedSet}), with the model state. */
  private static final class Key {
    private long[] words;
    private int from; // words[from, to) is the window, which starts at word number firstWord of the set
    private int to;
    private int firstWord;
    private long hash;
    private int state;

    /** Points at the live set: for lookups only. */
    Key of(LinearizedSet set, int state) {
      words = set.words();
      from = set.fromWord();
      to = set.toWord();
      firstWord = from;
      hash = set.hash();
      this.state = state;
      return this;
    }

    /** Takes its own copy of the window. */
    Key copy() {
      words = Arrays.copyOfRange(words, from, to);
      to -= from;
      from = 0;
      return this;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(hash * 0x9E3779B97F4A7C15L + state);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && k.state == state && k.firstWord == firstWord
          && Arrays.equals(k.words, k.from, k.to, words, from, to);
    }
  }
}
