package io.akkaraft.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkaraft.kv.KvProtocol.CompareAndSet;
import io.akkaraft.kv.KvProtocol.Delete;
import io.akkaraft.kv.KvProtocol.KvResult;
import io.akkaraft.kv.KvProtocol.Put;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KvStateMachineTest {
  private final KvStateMachine kv = new KvStateMachine(new KvLimits(16));
  private long index;

  private KvResult apply(KvProtocol.KvCommand command) {
    return kv.apply(++index, command);
  }

  private static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }

  @Test
  @DisplayName("A put's result is only ok, never the previous value: sessions keep results, nothing reads it")
  void putResultCarriesNoPreviousValue() {
    assertEquals(KvResult.of(true, null), apply(new Put("k", b("1"))));
    assertEquals(KvResult.of(true, null), apply(new Put("k", b("2"))), "overwriting: still no previous value");
    assertArrayEquals(b("2"), kv.get("k"));
  }

  @Test
  @DisplayName("A delete's result tells only whether the key existed")
  void deleteResultTellsWhetherTheKeyExistedWithoutItsValue() {
    assertEquals(KvResult.of(false, null), apply(new Delete("k")));
    apply(new Put("k", b("1")));
    assertEquals(KvResult.of(true, null), apply(new Delete("k")), "existed; the old value is not carried");
    assertNull(kv.get("k"));
  }

  @Test
  @DisplayName("A compare-and-set sets only on a match; its result tells whether it matched, without the current value (the API answers 412 without it)")
  void compareAndSetSucceedsOnlyWhenTheCurrentValueMatches() {
    KvResult absent = apply(new CompareAndSet("k", b("0"), b("1")));
    assertEquals(KvResult.of(false, null), absent, "an absent key never matches");
    apply(new Put("k", b("1")));
    KvResult mismatch = apply(new CompareAndSet("k", b("0"), b("2")));
    assertEquals(KvResult.of(false, null), mismatch, "a failed cas reports only the mismatch");
    assertArrayEquals(b("1"), kv.get("k"), "a failed cas changes nothing");
    KvResult match = apply(new CompareAndSet("k", b("1"), b("2")));
    assertEquals(KvResult.of(true, null), match);
    assertArrayEquals(b("2"), kv.get("k"));
  }

  @Test
  void invalidKeysAndValuesAreRefusedWithoutChangingAnything() {
    assertEquals("key must not be empty", apply(new Put("", b("1"))).error());
    String longKey = "k".repeat(KvLimits.MAX_KEY_BYTES + 1);
    assertEquals("key of 1025 bytes exceeds 1024 bytes", apply(new Put(longKey, b("1"))).error());
    assertEquals("value of 17 bytes exceeds the limit of 16 bytes", apply(new Put("k", new byte[17])).error());
    assertEquals(0, kv.size());
  }

  @Test
  void keyLimitCountsUtf8BytesNotCharacters() {
    String key = "é".repeat(512); // 1,024 bytes
    assertTrue(apply(new Put(key, b("1"))).ok());
    assertFalse(apply(new Put(key + "é", b("1"))).ok());
  }
}
