package dev.lineup.reliability;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzing in-process: {@code CommandParser.parse} + {@code Decider.decide} on a real workshop, and
 * the Jekyll importer. Nothing but a Rejection (4xx) escapes; accepted input applies and survives
 * the JSON round trips; nothing takes more than 2 s (see {@link Oracle}). Failing inputs found go
 * to src/test/resources/fuzz/ and run in {@link FuzzRegressionTest}.
 */
class InProcessFuzzTest {

  @Property(tries = 1500)
  void anyCommandIsDecidedOrRefused(@ForAll("commands") String command) {
    Statistics.collect(Oracle.command(command));
  }

  @Property(tries = 600)
  void anyPageIsReadOrRefused(@ForAll("pages") String page) {
    Statistics.collect(Oracle.page(page));
  }

  @Provide
  Arbitrary<String> commands() {
    return FuzzInputs.commands();
  }

  @Provide
  Arbitrary<String> pages() {
    return FuzzInputs.pages();
  }
}
