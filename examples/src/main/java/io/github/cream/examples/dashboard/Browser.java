package io.github.cream.examples.dashboard;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

/**
 * Starts the desktop's browser on the dashboard. The address holds the token, and a command line can be read by
 * every local user (ps), so the browser is given a file readable by the owner only that redirects to the address.
 */
final class Browser {

  private Browser() {}

  /**
   * Writes the redirect file and asks the desktop to open it.
   *
   * @param address the dashboard's address
   * @return the redirect file, to delete when the dashboard stops
   * @throws IOException if the file cannot be written or no browser could be started
   */
  static Path open(URI address) throws IOException {
    Path file = redirectFile(address);
    try {
      new ProcessBuilder(command(file))
          .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    return file;
  }

  static Path redirectFile(URI address) throws IOException {
    Path file;
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      file = Files.createTempFile("cream-dashboard-", ".html",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      file = Files.createTempFile("cream-dashboard-", ".html"); // in the user's own temporary folder
    }
    String url = address.toASCIIString(); // http://127.0.0.1:PORT/HEX/: nothing to escape
    String html = "<!doctype html><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url=" + url
        + "\"><title>cream dashboard</title><a href=\"" + url + "\">cream dashboard</a>\n";
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return file;
  }

  private static List<String> command(Path file) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String target = file.toUri().toString();
    if (os.startsWith("windows")) {
      return List.of("rundll32", "url.dll,FileProtocolHandler", target);
    }
    if (os.startsWith("mac")) {
      return List.of("open", target);
    }
    return List.of("xdg-open", target);
  }

  private static java.io.File nullDevice() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    return new java.io.File(os.startsWith("windows") ? "NUL" : "/dev/null");
  }
}
