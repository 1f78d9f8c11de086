package dev.lineup.formats.site;

import dev.lineup.support.Http;
import dev.lineup.support.TestNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Site archives for tests: built from pages (path → text), sent to a node, and read back. */
final class Sites {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Sites() {
  }

  static byte[] zip(Map<String, String> files, String prefix) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var e : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(prefix + e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A tar.gz as `git archive` writes it: a pax global header first, then ustar entries. */
  static byte[] tarGz(Map<String, String> files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      byte[] pax = "52 comment=0123456789abcdef0123456789abcdef01234567\n".getBytes(StandardCharsets.UTF_8);
      gz.write(tarHeader("pax_global_header", pax.length, 'g'));
      gz.write(padded(pax));
      for (var e : files.entrySet()) {
        byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
        gz.write(tarHeader("site/" + e.getKey(), bytes.length, '0'));
        gz.write(padded(bytes));
      }
      gz.write(new byte[1024]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] tarHeader(String name, long size, char type) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, h, 0, n.length);
    put(h, 100, "0000644");
    put(h, 124, String.format("%011o", size));
    put(h, 136, String.format("%011o", 0));
    h[156] = (byte) type;
    put(h, 257, "ustar");
    put(h, 263, "00");
    for (int i = 148; i < 156; i++) h[i] = ' ';
    int sum = 0;
    for (byte b : h) sum += b & 0xFF;
    put(h, 148, String.format("%06o", sum));
    return h;
  }

  private static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }

  private static byte[] padded(byte[] bytes) {
    byte[] out = new byte[(bytes.length + 511) / 512 * 512];
    System.arraycopy(bytes, 0, out, 0, bytes.length);
    return out;
  }

  /** POST /api/sites with the archive; {@code query} may name the meeting ("?category=…"). */
  static Http.Response post(TestNode node, byte[] archive, String query, String token) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/sites" + query))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/zip")
        .timeout(Duration.ofSeconds(120)).POST(HttpRequest.BodyPublishers.ofByteArray(archive)).build();
    HttpResponse<String> r = send(request, HttpResponse.BodyHandlers.ofString());
    return new Http.Response(r.statusCode(), r.headers(), r.body());
  }

  /** GET /api/meetings/{category}/site.zip: its pages, path → text. */
  static Map<String, String> siteZip(TestNode node, String category) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
        + "/api/meetings/" + category + "/site.zip")).timeout(Duration.ofSeconds(60)).GET().build();
    HttpResponse<byte[]> r = send(request, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).isEqualTo("application/zip");
    Map<String, String> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(r.body()))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The files of a site in src/test/resources/{folder}, path → text. */
  static Map<String, String> resources(String folder, Iterable<String> files) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : files) {
      try (InputStream in = Sites.class.getResourceAsStream("/" + folder + "/" + f)) {
        out.put(f, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return unchecked(() -> CLIENT.send(request, handler));
  }

  /** Waiting on I/O in a test: its checked failures as unchecked ones. */
  interface Io<T> {
    T call() throws IOException, InterruptedException;
  }

  static <T> T unchecked(Io<T> io) {
    try {
      return io.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
