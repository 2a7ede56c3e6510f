package io.berth.server.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin socket's wire format, plain UTF-8 text. A request is the command's words, one per line, ended by an
 * empty line ("listeners\nstop\ntcp:x\n\n"). The answer is "ok" or "error" on the first line, then the text to show,
 * then the broker closes the connection.
 */
public final class AdminProtocol {
  /** Longest request accepted, in characters: a command line, not a file. */
  static final int MAX_REQUEST = 64 * 1024;

  private AdminProtocol() {}

  /** The broker's answer. */
  public record Response(boolean ok, List<String> lines) {
    public Response {
      lines = List.copyOf(lines);
    }

    public static Response ok(List<String> lines) {
      return new Response(true, lines);
    }

    public static Response ok(String line) {
      return new Response(true, List.of(line));
    }

    public static Response error(String line) {
      return new Response(false, List.of(line));
    }
  }

  static void writeRequest(OutputStream out, List<String> words) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String w : words) {
      if (w.isEmpty() || w.indexOf('\n') >= 0 || w.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("an argument may not be empty or span lines: '" + w + "'");
      }
      b.append(w).append('\n');
    }
    out.write(b.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The words of one request; null if the connection ends first or the request is too long. */
  static List<String> readRequest(InputStream in) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<String> words = new ArrayList<>();
    int size = 0;
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      if (line.isEmpty()) {
        return words;
      }
      size += line.length() + 1;
      if (size > MAX_REQUEST) {
        return null;
      }
      words.add(line);
    }
    return null;
  }

  static void writeResponse(OutputStream out, Response response) throws IOException {
    StringBuilder b = new StringBuilder(response.ok() ? "ok" : "error").append('\n');
    response.lines().forEach(l -> b.append(l).append('\n'));
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  static Response readResponse(InputStream in) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String status = r.readLine();
    if (status == null || !(status.equals("ok") || status.equals("error"))) {
      throw new IOException("the broker's answer is not understood: " + status);
    }
    List<String> lines = new ArrayList<>();
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      lines.add(line);
    }
    return new Response(status.equals("ok"), lines);
  }
}
