package io.github.cream.examples.export;

import io.github.cream.api.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Who and where: the {@code host.name} and the default {@code user.id} of the exported resource. Found without the
 * network: the variables, the kernel's host name, else the {@code hostname} command.
 */
final class Identity {

  /** Host names longer than this are not host names. */
  private static final int MAX = 255;

  private Identity() {}

  /**
   * This machine's name.
   *
   * @param env the environment
   * @return the host name, or {@code unknown}
   */
  static String hostName(Environment env) {
    for (String name : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
      Optional<String> v = env.get(name).map(String::strip).filter(Identity::plausible);
      if (v.isPresent()) {
        return v.get();
      }
    }
    for (String file : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
      try {
        Path p = Path.of(file);
        if (Files.isRegularFile(p) && Files.size(p) < 4096) {
          String v = Files.readString(p, StandardCharsets.UTF_8).strip();
          if (plausible(v)) {
            return v;
          }
        }
      } catch (IOException | RuntimeException e) {
        // the next way
      }
    }
    return command().orElse("unknown");
  }

  /** The {@code hostname} command's answer (macOS and Windows have no file to read), within two seconds. */
  private static Optional<String> command() {
    try {
      Process p = new ProcessBuilder("hostname").redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      try (InputStream in = p.getInputStream()) {
        if (!p.waitFor(2, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return Optional.empty();
        }
        String v = new String(in.readNBytes(MAX + 2), StandardCharsets.UTF_8).strip();
        return p.exitValue() == 0 && plausible(v) ? Optional.of(v) : Optional.empty();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static boolean plausible(String v) {
    return !v.isEmpty() && v.length() <= MAX && v.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  /**
   * The {@code user.id} when the user chose none: the first 16 hexadecimal digits of the SHA-256 of {@code
   * user@host}, the same at every run on this machine, and not the user's name.
   *
   * @param env the environment
   * @param host the host name
   * @return the hash
   */
  static String defaultUserId(Environment env, String host) {
    String user = env.get("USER").or(() -> env.get("USERNAME")).or(() -> env.get("LOGNAME"))
        .filter(s -> !s.isBlank()).orElse(System.getProperty("user.name", "unknown"));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((user + "@" + host).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
