package dev.lineup.formats.site;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real consumer of the pages Lineup writes: Ruby's YAML reader (Psych, the one Jekyll uses;
 * Debian's {@code ruby}), on the front matter as Jekyll cuts it out of a page, in one process for
 * all pages. Each page's front matter comes back as JSON ({@code Date}/{@code Time} as their text).
 */
final class RubyYaml {

  /** Jekyll's own front-matter match (Jekyll::Document::YAML_FRONT_MATTER_REGEXP) and loader options. */
  private static final String SCRIPT = """
      require 'yaml'; require 'json'; require 'date'
      FRONT = %r!\\A(---\\s*\\n.*?\\n?)^((---|\\.\\.\\.)\\s*$\\n?)!m
      out = {}
      ARGV.each_slice(2) do |name, file|
        text = File.read(file, encoding: 'UTF-8')
        m = FRONT.match(text)
        out[name] = m ? YAML.safe_load(m[1], permitted_classes: [Date, Time], aliases: true) : 'no front matter'
      rescue Psych::Exception => e
        out[name] = 'Psych: ' + e.message
      end
      puts JSON.generate(out)
      """;

  private RubyYaml() {
  }

  /** Front matter of each page (name → text), as Ruby reads it. */
  static Map<String, Object> frontMatters(Map<String, String> pages) {
    return Sites.unchecked(() -> {
      Path dir = Files.createTempDirectory("ruby-yaml");
      List<String> command = new ArrayList<>(List.of("ruby", "-e", SCRIPT));
      int i = 0;
      for (var e : pages.entrySet()) {
        Path f = dir.resolve("page" + (i++) + ".md");
        Files.writeString(f, e.getValue());
        command.add(e.getKey());
        command.add(f.toString());
      }
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(output).isZero();
      Map<String, Object> out = new LinkedHashMap<>();
      new JsonObject(output.strip()).forEach(e -> out.put(e.getKey(), e.getValue()));
      return out;
    });
  }
}
