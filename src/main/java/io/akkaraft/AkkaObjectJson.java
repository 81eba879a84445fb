package io.akkaraft;

import akka.serialization.Serialization;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.akkaraft.core.Payload;
import java.io.IOException;

/**
 * Jackson (de)serializers for fields holding an application object (a command or a result) of any type:
 * the object is written as a {@link Payload} by whatever serializer Akka binds to its class. This works
 * because Akka sets the current actor system while it runs any serializer.
 */
public final class AkkaObjectJson {
  private AkkaObjectJson() {}

  /** Writes the annotated field as an Akka-serialized {@link Payload}. */
  public static final class Writer extends StdSerializer<Object> {
    public Writer() {
      super(Object.class);
    }

    @Override
    public void serialize(Object value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      var system = Serialization.getCurrentTransportInformation().system();
      provider.defaultSerializeValue(Payload.of(system, value), gen);
    }
  }

  /** Reads a field written by {@link Writer}. */
  public static final class Reader extends StdDeserializer<Object> {
    public Reader() {
      super(Object.class);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      Payload payload = context.readValue(parser, Payload.class);
      return payload.decode(Serialization.getCurrentTransportInformation().system());
    }
  }
}
