package dev.lineup.schedule;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Reads a command from client JSON, strictly: unknown types and fields, wrong value types and
 * over-deep nesting are refused with the path of the offending field.
 */
public final class CommandParser {

  /** The command types, as each {@link Command} record names itself. */
  public static final List<String> TYPES = TypeNames.COMMANDS.names();

  private CommandParser() {
  }

  /** @param json the command; a {@code workshop} member, when present, must equal {@code workshopId} */
  public static Command parse(String json, String workshopId) {
    return parse(json, workshopId, null);
  }

  /**
   * @param defaultExpectedVersion the version a transport header (HTTP If-Match) names, used when
   *                               the command itself names none
   */
  public static Command parse(String json, String workshopId, Long defaultExpectedVersion) {
    try {
      var tree = Json.MAPPER.readTree(json);
      if (!(tree instanceof ObjectNode object)) throw Rejection.invalid("", "a command is a JSON object");
      // On the event bus "workshop" names the workshop (text); in workshop.create it is the
      // workshop itself (an object), which stays.
      var workshop = object.get("workshop");
      if (workshop != null && workshop.isTextual()) {
        if (!workshop.asText().equals(workshopId)) {
          throw Rejection.invalid("workshop", "names another workshop than " + workshopId);
        }
        object.remove("workshop");
      }
      var type = object.get("type");
      if (type == null || !type.isTextual()) throw Rejection.invalid("type", "is required: one of " + TYPES);
      if (!TYPES.contains(type.asText())) {
        throw Rejection.invalid("type", "unknown command type \"" + type.asText() + "\": one of " + TYPES);
      }
      if (defaultExpectedVersion != null && !object.has("expectedVersion")) {
        object.put("expectedVersion", defaultExpectedVersion);
      }
      return Json.MAPPER.treeToValue(object, Command.class);
    } catch (Rejection r) {
      throw r;
    } catch (StreamConstraintsException e) {
      throw Rejection.invalid("", "JSON too deeply nested or too large: " + e.getOriginalMessage());
    } catch (JacksonException e) {
      throw fromJackson(e);
    }
  }

  /** The wire name of a command's type ("talk.move"). */
  public static String typeOf(Command command) {
    return TypeNames.COMMANDS.nameOf(command.getClass());
  }

  /** Turns a Jackson failure into a refusal naming the field. */
  public static Rejection fromJackson(JacksonException e) {
    String path = e instanceof JsonMappingException m ? path(m) : "";
    if (e instanceof UnrecognizedPropertyException u) {
      return Rejection.invalid(path, "unknown field \"" + u.getPropertyName() + "\"");
    }
    if (e instanceof InvalidTypeIdException t) {
      return Rejection.invalid(path.isEmpty() ? "type" : path, "unknown type \"" + t.getTypeId() + "\"");
    }
    if (e instanceof MismatchedInputException m) {
      String expected = m.getTargetType() == null ? "another value" : describe(m.getTargetType());
      return Rejection.invalid(path, "wrong type of value: expected " + expected);
    }
    if (e instanceof DatabindException) {
      return Rejection.invalid(path, "invalid value: " + e.getOriginalMessage());
    }
    return Rejection.invalid(path, "malformed JSON: " + e.getOriginalMessage());
  }

  private static String describe(Class<?> type) {
    if (type == String.class) return "a string";
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "an integer";
    if (type == Boolean.class || type == boolean.class) return "true or false";
    if (List.class.isAssignableFrom(type)) return "a list";
    if (type.isEnum()) return "one of " + List.of(type.getEnumConstants()).toString().toLowerCase();
    return "an object";
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) sb.append('.');
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
