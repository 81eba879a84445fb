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
  void putReturnsThePreviousValue() {
    assertNull(apply(new Put("k", b("1"))).value());
    assertArrayEquals(b("1"), apply(new Put("k", b("2"))).value());
    assertArrayEquals(b("2"), kv.get("k"));
  }

  @Test
  void deleteTellsWhetherTheKeyExisted() {
    assertFalse(apply(new Delete("k")).ok());
    apply(new Put("k", b("1")));
    KvResult deleted = apply(new Delete("k"));
    assertTrue(deleted.ok());
    assertArrayEquals(b("1"), deleted.value());
    assertNull(kv.get("k"));
  }

  @Test
  void compareAndSetSucceedsOnlyWhenTheCurrentValueMatches() {
    KvResult absent = apply(new CompareAndSet("k", b("0"), b("1")));
    assertFalse(absent.ok(), "an absent key never matches");
    apply(new Put("k", b("1")));
    KvResult mismatch = apply(new CompareAndSet("k", b("0"), b("2")));
    assertFalse(mismatch.ok());
    assertArrayEquals(b("1"), mismatch.value(), "a failed cas reports the current value");
    KvResult match = apply(new CompareAndSet("k", b("1"), b("2")));
    assertTrue(match.ok());
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
