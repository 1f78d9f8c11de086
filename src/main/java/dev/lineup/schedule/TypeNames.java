package dev.lineup.schedule;

import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wire names of a sealed family of records (commands, event data): each record's
 * {@link JsonTypeName}, the one place the name is written, read once.
 */
final class TypeNames<T> {

  static final TypeNames<Command> COMMANDS = new TypeNames<>(Command.class);
  static final TypeNames<EventData> EVENTS = new TypeNames<>(EventData.class);

  private final Map<Class<?>, String> names = new LinkedHashMap<>();
  private final Map<String, Class<? extends T>> classes = new LinkedHashMap<>();

  @SuppressWarnings("unchecked")
  private TypeNames(Class<T> family) {
    for (Class<?> member : family.getPermittedSubclasses()) {
      JsonTypeName name = member.getAnnotation(JsonTypeName.class);
      if (name == null) throw new IllegalStateException(member.getName() + " has no @JsonTypeName");
      if (classes.put(name.value(), (Class<? extends T>) member) != null) {
        throw new IllegalStateException("two " + family.getSimpleName() + "s named " + name.value());
      }
      names.put(member, name.value());
    }
  }

  String nameOf(Class<?> member) {
    String name = names.get(member);
    if (name == null) throw new IllegalArgumentException(member.getName() + " is not a named type");
    return name;
  }

  Optional<Class<? extends T>> classOf(String name) {
    return Optional.ofNullable(classes.get(name));
  }

  List<String> names() {
    return List.copyOf(classes.keySet());
  }

  Class<?>[] members() {
    return names.keySet().toArray(Class<?>[]::new);
  }
}
