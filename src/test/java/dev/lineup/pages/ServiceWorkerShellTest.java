package dev.lineup.pages;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service worker keeps every file the display, the lobby and the programme load (their
 * stylesheets, module graph, the vendored clients lineup-live loads, the icon): a file missing
 * from its list would make a screen rebooted without the network start blank.
 */
class ServiceWorkerShellTest {

  private static final Path WEBROOT = Path.of("webroot");
  private static final Pattern HTML_REFERENCE = Pattern.compile("(?:src|href)=\"/?((?:js|css)/[^\"]+|favicon\\.ico)\"");
  private static final Pattern IMPORT = Pattern.compile("^import .*? from '\\./([^']+)';", Pattern.MULTILINE | Pattern.DOTALL);
  private static final Pattern VENDOR = Pattern.compile("new URL\\('\\.\\./(vendor/[^']+)'");
  /** The paths sw.js names (its PAGES and SHELL lists are all its quoted absolute paths). */
  private static final Pattern SHELL_ENTRY = Pattern.compile("'(/[^']*)'");

  @Test
  void theServiceWorkerKeepsEverythingThePagesLoad() throws IOException {
    Set<String> loaded = new TreeSet<>(Set.of("/", "/favicon.ico"));
    Deque<String> modules = new ArrayDeque<>();
    for (String page : new String[] {"index.html", "display.html"}) {
      loaded.add("/" + page);
      Matcher m = HTML_REFERENCE.matcher(Files.readString(WEBROOT.resolve(page)));
      while (m.find()) {
        loaded.add("/" + m.group(1));
        if (m.group(1).endsWith(".js")) modules.add(m.group(1));
      }
    }
    Set<String> seen = new TreeSet<>();
    while (!modules.isEmpty()) {
      String module = modules.pop();
      if (!seen.add(module)) continue;
      String source = Files.readString(WEBROOT.resolve(module));
      Matcher imports = IMPORT.matcher(source);
      while (imports.find()) {
        String next = "js/" + imports.group(1);
        loaded.add("/" + next);
        modules.add(next);
      }
      Matcher vendor = VENDOR.matcher(source);
      while (vendor.find()) loaded.add("/" + vendor.group(1));
    }
    Set<String> shell = new TreeSet<>();
    Matcher entries = SHELL_ENTRY.matcher(Files.readString(WEBROOT.resolve("sw.js")));
    while (entries.find()) shell.add(entries.group(1));

    assertThat(loaded).as("what the pages load").contains("/js/lineup-live.js", "/js/stars.js",
        "/vendor/sockjs-client/sockjs.min.js", "/css/display.css");
    assertThat(shell).as("the service worker's SHELL").containsAll(loaded);
    for (String path : shell) {
      if (!path.equals("/")) assertThat(WEBROOT.resolve(path.substring(1))).as(path).isRegularFile();
    }
  }
}
