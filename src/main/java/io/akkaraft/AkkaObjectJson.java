package io.akkaraft;

import akka.serialization.Serialization;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.akkaraft.core.Payload;
import io.akkaraft.serialization.Payloads;
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
      Payload payload = Payloads.encode(Serialization.getCurrentTransportInformation().system(), value);
      // What Payload's own array shape gives, written by hand: this runs for every command and result.
      gen.writeStartArray();
      gen.writeNumber(payload.serializerId());
      gen.writeString(payload.manifest());
      gen.writeBinary(payload.bytes());
      gen.writeEndArray();
    }
  }

  /** Reads a field written by {@link Writer}. */
  public static final class Reader extends StdDeserializer<Object> {
    public Reader() {
      super(Object.class);
    }

    /**
     * Reads the array by hand: {@code context.readValue(parser, Payload.class)} would contextualize (build
     * anew) Payload's array deserializer on every call.
     */
    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (!parser.isExpectedStartArrayToken()) {
        return context.handleUnexpectedToken(Payload.class, parser);
      }
      int serializerId = expect(parser, context, JsonToken.VALUE_NUMBER_INT).getIntValue();
      String manifest = expect(parser, context, JsonToken.VALUE_STRING).getText();
      JsonToken bytesToken = parser.nextToken();
      if (bytesToken != JsonToken.VALUE_EMBEDDED_OBJECT && bytesToken != JsonToken.VALUE_STRING) {
        context.reportWrongTokenException(Payload.class, JsonToken.VALUE_EMBEDDED_OBJECT, "payload bytes expected");
      }
      byte[] bytes = parser.getBinaryValue();
      if (parser.nextToken() != JsonToken.END_ARRAY) {
        context.reportWrongTokenException(Payload.class, JsonToken.END_ARRAY, "payload has 3 elements");
      }
      return Payloads.decode(Serialization.getCurrentTransportInformation().system(), new Payload(serializerId, manifest, bytes));
    }

    private static JsonParser expect(JsonParser parser, DeserializationContext context, JsonToken token)
        throws IOException {
      if (parser.nextToken() != token) context.reportWrongTokenException(Payload.class, token, "in a payload");
      return parser;
    }
  }
}
