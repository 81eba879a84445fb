package io.akkaraft.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.akkaraft.kv.KvProtocol.KvResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The binary form of key-value results; the serializer ignores its actor system. */
class KvBinarySerializerTest {
  private final KvBinarySerializer serializer = new KvBinarySerializer(null);

  @Test
  @DisplayName("A result written before writes stopped carrying the previous value stays readable")
  void resultWithPreviousValueWrittenEarlierStaysReadable() throws Exception {
    byte[] earlier = {1, 4, 'o', 'l', 'd', 0}; // ok, the previous value "old", no error
    assertEquals(new KvResult(true, "old".getBytes(UTF_8), null), serializer.fromBinary(earlier, "R"));
  }

  @Test
  @DisplayName("A write's result is three bytes: ok, no value, no error")
  void writeResultCarriesNoValue() throws Exception {
    byte[] written = serializer.toBinary(KvResult.of(true, null));
    assertArrayEquals(new byte[] {1, 0, 0}, written);
    assertEquals(KvResult.of(true, null), serializer.fromBinary(written, "R"));
  }
}
