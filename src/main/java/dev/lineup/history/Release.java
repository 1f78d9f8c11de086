package dev.lineup.history;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A name for one version of a workshop ("v2", "sent-to-speakers"); not an event, since it
 * changes nothing in the schedule.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Release(String name, String note, long version, String by, String at) {
}
