package io.akkaraft.server;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON bodies of the HTTP API: results, and errors shaped {@code {"error": ..., "leader": ...}}. */
final class JsonResponses {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonResponses() {}

  static HttpResponse json(StatusCode status, Object body) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + body, e);
    }
  }

  static HttpResponse error(StatusCode status, String message, String leader) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    body.put("leader", leader);
    return json(status, body);
  }

  /** {@code {"index":N}}, the answer to every write: written directly, it is the one hot response. */
  static HttpResponse index(long index) {
    return HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, "{\"index\":" + index + "}");
  }
}
