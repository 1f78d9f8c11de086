package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;

/** Names event data by its event type ({@code talk.moved}) where it is nested in another event. */
final class EventTypeIds extends TypeIdResolverBase {

  @Override
  public String idFromValue(Object value) {
    return ((EventData) value).type();
  }

  @Override
  public String idFromValueAndType(Object value, Class<?> suggestedType) {
    return idFromValue(value);
  }

  @Override
  public JavaType typeFromId(DatabindContext context, String id) {
    try {
      return context.constructType(EventData.classOf(id));
    } catch (IllegalArgumentException e) {
      return null; // Jackson then reports an unknown type id
    }
  }

  @Override
  public JsonTypeInfo.Id getMechanism() {
    return JsonTypeInfo.Id.CUSTOM;
  }
}
