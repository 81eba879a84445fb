package io.akkaraft.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.ExtendedActorSystem;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.serialization.Serialization$;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.akkaraft.AkkaObjectJson;
import io.akkaraft.core.Payload;
import io.akkaraft.testkit.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Commands and results nested in Jackson messages: the hand-written form is the one journals already hold. */
class AkkaObjectJsonTest {
  private static ActorTestKit kit;
  private static ExtendedActorSystem system;
  private static ObjectMapper cbor;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("akka-object-json", TestConfigs.inMemory());
    system = (ExtendedActorSystem) kit.system().classicSystem();
    cbor = JacksonObjectMapperProvider.get(system).getOrCreate("jackson-cbor", Optional.empty());
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
  }

  @Test
  @DisplayName("the writer produces exactly the bytes of Payload's own array shape, so old journal entries read back")
  void writerMatchesPayloadArrayShape() throws Exception {
    String command = "a command";
    byte[] handWritten = inSystem(() -> write(command));
    byte[] byJackson = cbor.writeValueAsBytes(Payloads.encode(system, command));
    assertArrayEquals(byJackson, handWritten);

    Holder back = inSystem(() -> cbor.readValue(inSystem(() -> cbor.writeValueAsBytes(new Holder(command))), Holder.class));
    assertEquals(command, back.value());
  }

  /** A message with one application object in it, as akka-raft's protocols carry commands and results. */
  record Holder(
      @JsonSerialize(using = AkkaObjectJson.Writer.class)
      @JsonDeserialize(using = AkkaObjectJson.Reader.class)
      Object value) {
    @JsonCreator
    Holder {}
  }

  @Test
  @DisplayName("a payload that is not a 3-element array of id, manifest and bytes is refused")
  void malformedPayloadIsRefused() throws Exception {
    Holder sample = new Holder("x");
    assertEquals(sample, inSystem(() -> cbor.readValue(inSystem(() -> cbor.writeValueAsBytes(sample)), Holder.class)));
    for (Object bad : new Object[] {new Object[] {33, "x"}, "text", new Object[] {33, 7, new byte[0]},
        new Object[] {33, "x", new byte[0], 1}}) {
      byte[] bytes = cbor.writeValueAsBytes(Map.of("value", bad));
      assertThrows(IOException.class, () -> inSystem(() -> cbor.readValue(bytes, Holder.class)), () -> "accepted " + bad);
    }
  }

  /** Runs {@code body} as Akka runs a serializer: with the actor system as the current transport information. */
  private static <T> T inSystem(Callable<T> body) throws Exception {
    Object[] result = new Object[1];
    Exception[] failure = new Exception[1];
    Serialization$.MODULE$.withTransportInformation(system, () -> {
      try {
        result[0] = body.call();
      } catch (Exception e) {
        failure[0] = e;
      }
      return null;
    });
    if (failure[0] != null) throw failure[0];
    @SuppressWarnings("unchecked")
    T value = (T) result[0];
    return value;
  }

  private static byte[] write(Object value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator gen = cbor.getFactory().createGenerator(out)) {
      new AkkaObjectJson.Writer().serialize(value, gen, cbor.getSerializerProviderInstance());
    }
    return out.toByteArray();
  }


}
