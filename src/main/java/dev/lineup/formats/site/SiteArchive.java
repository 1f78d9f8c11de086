package dev.lineup.formats.site;

import dev.lineup.schedule.Failure;
import dev.lineup.schedule.Rejection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads a site archive ({@code .zip}, {@code .tar.gz} or {@code .tar}), bounded: entries are
 * counted, what is inflated is counted as it is inflated (a zip bomb stops at the limit, whatever
 * its headers claim), an entry name that climbs out of the archive ({@code ../}, an absolute path,
 * a drive letter) refuses the whole archive. Only regular files are read; links are skipped, never
 * followed. Blocking: run it on a worker.
 */
public final class SiteArchive {

  /** The limits an archive is read within. */
  public record Limits(long maxEntries, long maxExpandedBytes, int maxFileBytes) {
  }

  /** A file of the archive: its path inside the archive ("site-main/_posts/x.md") and its bytes. */
  public record File(String path, byte[] bytes) {

    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static final int BLOCK = 512;

  private final Limits limits;
  private long entries;
  private long expanded;

  private SiteArchive(Limits limits) {
    this.limits = limits;
  }

  /** The files {@code wanted} accepts (by path), in archive order. */
  public static List<File> read(byte[] archive, Limits limits, Predicate<String> wanted) {
    SiteArchive reader = new SiteArchive(limits);
    try {
      if (startsWith(archive, 0x50, 0x4B, 0x03, 0x04) || startsWith(archive, 0x50, 0x4B, 0x05, 0x06)) {
        return reader.zip(archive, wanted);
      }
      if (startsWith(archive, 0x1F, 0x8B)) {
        return reader.tar(new GZIPInputStream(new ByteArrayInputStream(archive)), wanted);
      }
      if (archive.length >= 262 && new String(archive, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
        return reader.tar(new ByteArrayInputStream(archive), wanted);
      }
    } catch (IOException e) {
      throw new Rejection(Failure.INVALID, "the archive cannot be read: " + e.getMessage());
    }
    throw new Rejection(Failure.UNSUPPORTED_MEDIA_TYPE, "not a site archive: send a .zip, .tar.gz or .tar"
        + " of the Jekyll site (or of its _posts/, _schedule/, _workshops/ folders)");
  }

  private static boolean startsWith(byte[] bytes, int... magic) {
    if (bytes.length < magic.length) return false;
    for (int i = 0; i < magic.length; i++) {
      if ((bytes[i] & 0xFF) != magic[i]) return false;
    }
    return true;
  }

  private List<File> zip(byte[] archive, Predicate<String> wanted) throws IOException {
    List<File> out = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive), StandardCharsets.UTF_8)) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        String path = checked(entry.getName());
        if (entry.isDirectory()) continue;
        byte[] bytes = drain(in, path, wanted.test(path));
        if (bytes != null) out.add(new File(path, bytes));
      }
    } catch (IllegalArgumentException e) {
      throw new Rejection(Failure.INVALID, "the archive cannot be read: " + e.getMessage());
    }
    return out;
  }

  /** The tar format: 512-byte headers (ustar, with pax and GNU long names), each file padded to 512. */
  private List<File> tar(InputStream in, Predicate<String> wanted) throws IOException {
    List<File> out = new ArrayList<>();
    String longName = null;
    byte[] header = new byte[BLOCK];
    while (true) {
      if (!readFully(in, header)) break;
      if (isZero(header)) break;
      String name = field(header, 0, 100);
      String prefix = field(header, 345, 155);
      char type = (char) header[156];
      long size = octal(header, 124, 12);
      if (longName != null) {
        name = longName;
        prefix = "";
        longName = null;
      }
      String path = prefix.isEmpty() ? name : prefix + "/" + name;
      boolean meta = type == 'x' || type == 'g' || type == 'L';
      if (!meta) checked(path);
      boolean regular = type == '0' || type == '\0' || type == '7';
      byte[] bytes = drain(new Bounded(in, size), path, meta ? type != 'g' : regular && wanted.test(path));
      skip(in, (BLOCK - size % BLOCK) % BLOCK);
      if (type == 'L') {
        longName = field(bytes, 0, bytes.length);
      } else if (type == 'x') {
        longName = paxPath(bytes);
      } else if (bytes != null && regular) {
        out.add(new File(path, bytes));
      }
    }
    return out;
  }

  /** Reads an entry to its end, counting it; its bytes when {@code keep}, else null. */
  private byte[] drain(InputStream in, String path, boolean keep) throws IOException {
    if (++entries > limits.maxEntries()) {
      throw new Rejection(Failure.TOO_LARGE, "the archive has more than " + limits.maxEntries() + " entries");
    }
    ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
    byte[] buffer = new byte[16 * 1024];
    long size = 0;
    int n;
    while ((n = in.read(buffer)) > 0) {
      size += n;
      expanded += n;
      if (expanded > limits.maxExpandedBytes()) {
        throw new Rejection(Failure.TOO_LARGE, "the archive expands to more than " + limits.maxExpandedBytes()
            + " bytes (at " + path + ")");
      }
      if (kept != null) {
        if (size > limits.maxFileBytes()) {
          throw new Rejection(Failure.TOO_LARGE, path + " is larger than " + limits.maxFileBytes() + " bytes");
        }
        kept.write(buffer, 0, n);
      }
    }
    return kept == null ? null : kept.toByteArray();
  }

  /** An entry name that stays inside the archive, with '/' separators. */
  static String checked(String name) {
    String path = name.replace('\\', '/');
    boolean absolute = path.startsWith("/") || path.matches("(?i)[a-z]:.*");
    boolean climbs = false;
    for (String part : path.split("/")) climbs |= part.equals("..");
    if (absolute || climbs || path.indexOf('\0') >= 0) {
      throw Rejection.invalid("archive", "entry \"" + name.replaceAll("\\p{Cntrl}", "?")
          + "\" points outside the archive; nothing was imported");
    }
    return path.startsWith("./") ? path.substring(2) : path;
  }

  private static String paxPath(byte[] records) {
    String text = new String(records, StandardCharsets.UTF_8);
    for (String record : text.split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith("path=", space + 1)) return record.substring(space + 6);
    }
    return null;
  }

  private static String field(byte[] header, int from, int length) {
    int end = from;
    while (end < from + length && end < header.length && header[end] != 0) end++;
    return new String(header, from, end - from, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int from, int length) {
    if ((header[from] & 0x80) != 0) throw Rejection.invalid("archive", "a tar entry larger than 8 GB");
    String digits = field(header, from, length).trim();
    if (digits.isEmpty()) return 0;
    try {
      return Long.parseLong(digits, 8);
    } catch (NumberFormatException e) {
      throw Rejection.invalid("archive", "a tar header with a size of \"" + digits.toLowerCase(Locale.ROOT) + "\"");
    }
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) if (b != 0) return false;
    return true;
  }

  private static boolean readFully(InputStream in, byte[] block) throws IOException {
    int off = 0;
    while (off < block.length) {
      int n = in.read(block, off, block.length - off);
      if (n < 0) {
        if (off == 0) return false;
        throw new IOException("the tar archive ends inside a header");
      }
      off += n;
    }
    return true;
  }

  private static void skip(InputStream in, long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) return;
        skipped = 1;
      }
      left -= skipped;
    }
  }

  /** At most {@code size} bytes of the underlying stream. */
  private static final class Bounded extends InputStream {
    private final InputStream in;
    private long left;

    Bounded(InputStream in, long size) {
      this.in = in;
      this.left = size;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) return -1;
      int b = in.read();
      if (b >= 0) left--;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) return -1;
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) left -= n;
      if (n < 0) throw new IOException("the tar archive ends inside an entry");
      return n;
    }
  }
}
