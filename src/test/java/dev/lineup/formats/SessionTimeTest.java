package dev.lineup.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineup.formats.frab.FrabSchedule;
import dev.lineup.formats.ical.ICalendarExport;
import dev.lineup.formats.jekyll.JekyllPages;
import dev.lineup.formats.jekyll.PageJournal;
import dev.lineup.schedule.Command;
import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;
import dev.lineup.schedule.Times;
import dev.lineup.schedule.Warning;
import dev.lineup.schedule.Workshop;
import dev.lineup.schedule.WorkshopPatch;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code layout: workshop} page gives the workshop a time of its own ({@code starttime},
 * {@code endtime}): kept in the page, and once the workshop has a date, published as the
 * workshop's one session in frab and iCalendar while it lists no timed talks. Pure: no server.
 */
class SessionTimeTest {

  private static final String PAGE = """
      ---
      layout: workshop
      title: Kernel methods
      room: Sala Kernel
      # date:
      starttime: "9:30"
      endtime: "1:00"
      organizers:
        - given: Bernhard
          family: Kernel
          affiliation: MPI Test
      ---
      About kernels.
      """;

  private final JekyllPages pages = new JekyllPages();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Workshop imported(String page) {
    return new PageJournal("kernels", "Europe/Rome").importPage(page, null, "_workshops/kernels.md");
  }

  /** The page imported, then given a date in Lineup. */
  private static Workshop dated(String page, String date) {
    PageJournal journal = new PageJournal("kernels", "Europe/Rome");
    journal.importPage(page, null, "_workshops/kernels.md");
    return journal.apply(new Command.UpdateWorkshop(null, null, new WorkshopPatch(null, null, null, null,
        null, null, date, null, null, null)));
  }

  @Test
  void theWorkshopsOwnTimeIsReadAsTalkTimesAreAndKeptInThePage() {
    Workshop w = imported(PAGE);

    // "1:00" after "9:30" is the evident 13:00, as for a talk.
    assertThat(JekyllPages.sessionTime(w)).contains(new Times.Reading("09:30", "13:00"));
    assertThat(pages.read("kernels", PAGE, null).warnings()).extracting(Warning::message)
        .containsExactly("the workshop's own time: end \"1:00\" read as 13:00 (after the start, 09:30)");
    assertThat(pages.write(w)).isEqualTo(PAGE);
    assertThat(JekyllPages.sessionTime(imported(PAGE.replace("starttime: \"9:30\"", "starttime:")))).isEmpty();
    assertThat(JekyllPages.sessionTime(imported(PAGE.replace("\"9:30\"", "TBA")))).isEmpty();
    assertThat(JekyllPages.sessionTime(imported(PAGE.replace("\"9:30\"", "2031-05-03 09:30:00")
        .replace("\"1:00\"", "2031-05-03 12:30:00")))).contains(new Times.Reading("09:30", "12:30"));
  }

  @Test
  void undatedEveryExportSaysWhyThereIsNoTimeYet() {
    Meeting undated = Meeting.single(imported(PAGE));

    for (Runnable export : List.<Runnable>of(() -> FrabSchedule.toXml(undated), () -> FrabSchedule.toJson(undated),
        () -> ICalendarExport.toIcs(undated))) {
      assertThatThrownBy(export::run).isInstanceOfSatisfying(Rejection.class, r -> {
        assertThat(r.failure()).isEqualTo(Failure.CONFLICT);
        assertThat(r.detail()).contains("workshop kernels has no date yet", "workshop.update");
      });
    }
  }

  @Test
  void datedItIsPublishedAsOneSessionInFrabAndICalendar() throws Exception {
    Meeting meeting = Meeting.single(dated(PAGE, "2031-05-03"));

    assertThat(meeting.published()).singleElement().satisfies(s -> {
      assertThat(s.talk().id()).isEqualTo(Meeting.SESSION_ID);
      assertThat(s.talk().title()).isEqualTo("Kernel methods");
      assertThat(s.start()).isEqualTo(ZonedDateTime.parse("2031-05-03T09:30:00+02:00[Europe/Rome]"));
      assertThat(s.minutes()).isEqualTo(210);
    });
    String xml = FrabSchedule.toXml(meeting);
    assertThat(xml).contains("<title>Kernel methods</title>", "<start>09:30</start>", "<duration>03:30</duration>",
        "Bernhard Kernel", "<room>Sala Kernel</room>");
    JsonNode event = JSON.readTree(FrabSchedule.toJson(meeting)).at("/schedule/conference/days/0/rooms/Sala Kernel/0");
    assertThat(event.get("title").asText()).isEqualTo("Kernel methods");
    assertThat(event.get("date").asText()).isEqualTo("2031-05-03T09:30:00+02:00");
    assertThat(event.get("duration").asText()).isEqualTo("03:30");
    assertThat(event.get("guid").asText()).isEqualTo(FrabSchedule.guid("kernels", Meeting.SESSION_ID).toString());
    Calendar ics = new CalendarBuilder().build(new StringReader(ICalendarExport.toIcs(meeting)));
    assertThat(ics.<VEvent>getComponents("VEVENT")).singleElement()
        .satisfies(e -> assertThat(e.getSummary().getValue()).isEqualTo("Kernel methods"));

    // No end: the default length.
    Meeting open = Meeting.single(dated(PAGE.replace("endtime: \"1:00\"", "endtime:"), "2031-05-03"))
        .withDefaultMinutes(90);
    assertThat(open.published()).singleElement().satisfies(s -> assertThat(s.minutes()).isEqualTo(90));
  }

  @Test
  void onceItListsTimedTalksTheyArePublishedInstead() {
    String withTalks = PAGE.replace("---\nAbout", "talks:\n  - title: \"Opening\"\n    start: \"09:30\"\n"
        + "    end: \"10:00\"\n---\nAbout");
    Meeting meeting = Meeting.single(dated(withTalks, "2031-05-03"));

    assertThat(meeting.published()).extracting(s -> s.talk().title()).containsExactly("Opening");
  }
}
