package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** One entry of a workshop's log; {@code seq} is its position, and the workshop's version after it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"workshop", "seq", "type", "by", "at", "commandId", "data"})
@JsonIgnoreProperties(value = {"_id", "commandHash"}, allowGetters = false)
public record Event(String workshop, long seq, String by, String at, String commandId,
                    EventData data) {

  @JsonProperty("type")
  public String type() {
    return data.type();
  }

  @JsonCreator
  static Event fromJson(@JsonProperty("workshop") String workshop, @JsonProperty("seq") long seq,
                        @JsonProperty("type") String type, @JsonProperty("by") String by,
                        @JsonProperty("at") String at, @JsonProperty("commandId") String commandId,
                        @JsonProperty("data") JsonNode data) {
    EventData payload = Json.MAPPER.convertValue(data, EventData.classOf(type));
    return new Event(workshop, seq, by, at, commandId, payload);
  }

  public Map<String, Object> toMap() {
    return Json.toMap(this);
  }

  public static Event fromMap(Map<String, Object> map) {
    return Json.fromMap(map, Event.class);
  }

  /** From JSON text: what stores and the clustered event bus hand back. */
  public static Event parse(String json) {
    return Json.parse(json, Event.class);
  }
}
