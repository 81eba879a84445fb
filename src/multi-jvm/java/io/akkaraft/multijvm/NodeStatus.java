package io.akkaraft.multijvm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** A node's {@code GET /status} answer. */
record NodeStatus(String id, String role, long term, String leader, long commitIndex, long lastApplied,
    long lastLogIndex) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static NodeStatus parse(String body) throws IOException {
    JsonNode json = JSON.readTree(body);
    return new NodeStatus(json.get("id").asText(), json.get("role").asText(), json.get("term").asLong(),
        json.get("leader").isNull() ? null : json.get("leader").asText(), json.get("commitIndex").asLong(),
        json.get("lastApplied").asLong(), json.get("lastLogIndex").asLong());
  }

  boolean isLeader() {
    return role.equalsIgnoreCase("leader");
  }
}
