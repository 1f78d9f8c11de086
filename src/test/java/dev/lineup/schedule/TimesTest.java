package dev.lineup.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Times as the contract writes them and as people write them on pages; pure. */
class TimesTest {

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource(delimiter = '|', value = {
      "09:30|09:30", "9:30|09:30", " 9:30 |09:30", "9.30|09:30", "10h30|10:30", "11h|11:00",
      "11 h|11:00", "19:30h|19:30", "15:00:00|15:00", "15.00|15:00", "2pm|14:00", "2 PM|14:00",
      "2 p.m.|14:00", "7:30pm|19:30", "7.30 pm|19:30", "11am|11:00", "12pm|12:00", "12am|00:00",
      "12:30am|00:30", "12:45 pm|12:45", "from 19:30|19:30", "From 9:30|09:30", "at 9:30|09:30",
      "0:15|00:15", "23:59|23:59", "noon|12:00", "12 noon|12:00", "midnight|00:00",
      "2030-05-03 09:30|09:30", "2030-05-03 09:30:00 +0200|09:30", "2030-05-03T09:30:00+02:00|09:30"})
  void readsOneTimeAsPeopleWriteIt(String text, String time) {
    assertThat(Times.normalize(text)).contains(time);
    assertThat(Times.read(text)).contains(new Times.Reading(time, null));
  }

  @ParameterizedTest(name = "\"{0}\" is no time")
  @ValueSource(strings = {"", " ", "9", "930", "Coffee Break", "TBA", "morning", "24:00", "25:00",
      "9:60", "9:5", "15:00:61", "0am", "13pm", "0pm", "10-11", "9:30 or 10:30", "9:30ish",
      "Activities for family members (10:30-17:00h)", "2030-05-03", "2030-13-03 09:30"})
  void leavesWhatIsNotUnambiguouslyOneTimeUnread(String text) {
    assertThat(Times.normalize(text)).isEmpty();
    assertThat(Times.read(text)).isEmpty();
    assertThat(Times.normalize(null)).isEmpty();
    assertThat(Times.read(null)).isEmpty();
  }

  @ParameterizedTest(name = "\"{0}\" is {1}–{2}")
  @CsvSource(delimiter = '|', value = {
      "17:00-17:30|17:00|17:30", "17:00 - 17:30|17:00|17:30", "9:30–10:30|09:30|10:30",
      "9:30 — 10:30|09:30|10:30", "9:30 to 10:30|09:30|10:30", "from 9:30 until 10:30|09:30|10:30",
      "10am-12pm|10:00|12:00", "10h-11h30|10:00|11:30", "23:30-00:30|23:30|00:30"})
  void readsARangeInOneField(String text, String start, String end) {
    assertThat(Times.normalize(text)).isEmpty();
    assertThat(Times.read(text)).contains(new Times.Reading(start, end));
  }

  @Test
  void onlyExactlyHhMmIsValidInCommands() {
    assertThat(Times.isValid("09:30")).isTrue();
    assertThat(Times.isValid("23:59")).isTrue();
    assertThat(Times.isValid("9:30")).isFalse();
    assertThat(Times.isValid("24:00")).isFalse();
    assertThat(Times.isValid("09:60")).isFalse();
    assertThat(Times.isValid("2pm")).isFalse();
    assertThat(Times.isValid(null)).isFalse();
  }

  @Test
  void anEndWrittenOnATwelveHourClockIsTheEvidentAfternoon() {
    assertThat(Times.afternoonEnd("12:00", "01:00")).contains("13:00");
    assertThat(Times.afternoonEnd("11:30", "01:00")).contains("13:00");
    assertThat(Times.afternoonEnd("12:30", "02:15")).contains("14:15");
    assertThat(Times.afternoonEnd("09:30", "01:00")).contains("13:00");
    // Not a slip: the end is after the start, or twelve hours later would still not be, or a
    // session of more than six hours is no evident reading.
    assertThat(Times.afternoonEnd("12:00", "13:00")).isEmpty();
    assertThat(Times.afternoonEnd("23:30", "00:30")).isEmpty();
    assertThat(Times.afternoonEnd("22:00", "01:00")).isEmpty();
    assertThat(Times.afternoonEnd("10:00", "09:00")).isEmpty();
    assertThat(Times.afternoonEnd("06:00", "01:00")).isEmpty();
    assertThat(Times.afternoonEnd("14:00", "13:00")).isEmpty();
  }

  @Test
  void aSpanPastMidnightEndsTheNextDayWithinTwelveHours() {
    assertThat(Times.crossesMidnight("23:30", "00:30")).isTrue();
    assertThat(Times.duration("23:30", "00:30")).isEqualTo(60);
    assertThat(Times.isPlausibleSpan("23:30", "00:30")).isTrue();
    assertThat(Times.isPlausibleSpan("22:00", "01:00")).isTrue();
    assertThat(Times.isPlausibleSpan("23:00", "00:00")).isTrue();
    assertThat(Times.isPlausibleSpan("09:00", "10:00")).isTrue();
    assertThat(Times.crossesMidnight("09:00", "10:00")).isFalse();
    assertThat(Times.duration("09:00", "10:15")).isEqualTo(75);
    // A mistake, not a night: ten to nine is 23 hours.
    assertThat(Times.isPlausibleSpan("10:00", "09:00")).isFalse();
    assertThat(Times.isPlausibleSpan("10:00", "10:00")).isFalse();
  }

  @Test
  void shiftsStayWithinTheDay() {
    assertThat(Times.plus("09:30", 15)).contains("09:45");
    assertThat(Times.plus("09:30", -30)).contains("09:00");
    assertThat(Times.plus("23:50", 15)).isEqualTo(Optional.empty());
    assertThat(Times.plus("00:10", -15)).isEmpty();
    assertThat(Times.minutes("13:05")).isEqualTo(785);
    assertThat(Times.format(785)).isEqualTo("13:05");
  }
}
